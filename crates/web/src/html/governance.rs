//! Governance bodies, their members and meetings with minutes and attendance.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use askama::Template;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::model::{Attendance, GroupRole};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::governance::{self, AttendanceRow, Group, GroupMember, Meeting};

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/groups", list)
        .post("/c/{slug}/groups", create_group)
        .get("/c/{slug}/groups/{group}", show)
        .post("/c/{slug}/groups/{group}/meetings", create_meeting)
        .post("/c/{slug}/groups/{group}/members", seat)
        .post("/c/{slug}/groups/{group}/members/{person}/remove", unseat)
        .get("/c/{slug}/meetings/{meeting}", meeting)
        .post("/c/{slug}/meetings/{meeting}", record)
}

#[derive(Template)]
#[template(path = "groups.html")]
struct List {
    l: Layout,
    c: Cluster,
    groups: Vec<Group>,
    kinds: Vec<&'static str>,
    f: GroupFields,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct GroupFields {
    csrf: String,
    kind: String,
    code: String,
    name_es: String,
    name_eu: String,
    name_en: String,
    name_fr: String,
    starts_on: String,
    ends_on: String,
}

async fn list_page(ctx: &mut Ctx, slug: &str, f: GroupFields, errors: FormErrors) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let groups = governance::list(ctx.db(), &scope).await?;
    let l = Layout::new(ctx, ctx.tr().t("nav-groups"), Some((&c, &scope))).await;
    let kinds = clusterhub_core::model::GroupKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    render_status(
        errors.status(),
        &List {
            l,
            c,
            groups,
            kinds,
            f,
            errors,
        },
    )
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let f = GroupFields {
        kind: "working_group".into(),
        ..Default::default()
    };
    list_page(&mut ctx, &slug, f, FormErrors::default()).await
}

async fn create_group(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<GroupFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let mut name = clusterhub_core::MultiText::new();
    for (lang, v) in [
        ("es", &f.name_es),
        ("eu", &f.name_eu),
        ("en", &f.name_en),
        ("fr", &f.name_fr),
    ] {
        name.set(lang, v);
    }
    match governance::create_group(
        ctx.db(),
        &scope,
        &f.kind,
        &f.code,
        &name,
        &f.starts_on,
        &f.ends_on,
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/groups/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            list_page(&mut ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "group.html")]
struct Show {
    l: Layout,
    c: Cluster,
    g: Group,
    members: Vec<GroupMember>,
    meetings: Vec<Meeting>,
    errors: FormErrors,
    title: String,
    starts_at: String,
    candidates: Vec<clusterhub_db::people::PersonRow>,
    roles: Vec<&'static str>,
}

async fn show_page(
    ctx: &mut Ctx,
    slug: &str,
    id: i64,
    errors: FormErrors,
    title: String,
    starts_at: String,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let g = governance::get(ctx.db(), &scope, id).await?;
    let members = governance::members(ctx.db(), &scope, id).await?;
    let meetings = governance::meetings(ctx.db(), &scope, id).await?;
    let candidates = if scope.can_manage() {
        clusterhub_db::people::list(ctx.db(), &scope, "", 1000, 0)
            .await?
            .0
    } else {
        Vec::new()
    };
    let roles = GroupRole::ALL.iter().map(|r| r.as_str()).collect();
    let l = Layout::new(ctx, ctx.tr().mt(&g.name), Some((&c, &scope))).await;
    let st = errors.status();
    render_status(
        st,
        &Show {
            l,
            c,
            g,
            members,
            meetings,
            errors,
            title,
            starts_at,
            candidates,
            roles,
        },
    )
}

async fn show(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    show_page(
        &mut ctx,
        &slug,
        id,
        FormErrors::default(),
        String::new(),
        String::new(),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct MeetingFields {
    csrf: String,
    title: String,
    starts_at: String,
    location: String,
    agenda: String,
}

async fn create_meeting(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<MeetingFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    match governance::create_meeting(
        ctx.db(),
        &scope,
        id,
        &f.title,
        &f.starts_at,
        &f.location,
        &f.agenda,
    )
    .await
    {
        Ok(mid) => Ok(Redirect::to(&format!("/c/{slug}/meetings/{mid}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            show_page(&mut ctx, &slug, id, errors, f.title, f.starts_at).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    l: Layout,
    c: Cluster,
    m: Meeting,
    roster: Vec<AttendanceRow>,
    statuses: Vec<&'static str>,
}

async fn meeting(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let m = governance::meeting(ctx.db(), &scope, id).await?;
    let roster = governance::attendance(ctx.db(), &scope, id).await?;
    let l = Layout::new(&ctx, m.title.clone(), Some((&c, &scope))).await;
    render(&MeetingPage {
        l,
        c,
        m,
        roster,
        statuses: Attendance::ALL.iter().map(|a| a.as_str()).collect(),
    })
}

/// Minutes and one `attendance_<person id>` field per member of the group.
async fn record(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| {
        f.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    ctx.check_csrf(get("csrf"))?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let mut att = Vec::new();
    for (k, v) in &f {
        if let Some(pid) = k.strip_prefix("attendance_") {
            if v.is_empty() {
                continue;
            }
            let pid: i64 = pid
                .parse()
                .map_err(|_| Error::invalid("attendance", "invalid_number"))?;
            att.push((
                pid,
                Attendance::parse("attendance", v).map_err(|e| Error::Validation(vec![e]))?,
            ));
        }
    }
    governance::record_minutes(ctx.db(), &scope, id, get("minutes"), &att).await?;
    Ok(Redirect::to(&format!("/c/{slug}/meetings/{id}")).into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SeatFields {
    csrf: String,
    person: String,
    role: String,
    term_start: String,
    term_end: String,
}

async fn seat(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<SeatFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let person: i64 = f.person.trim().parse().unwrap_or(0);
    match governance::seat(
        ctx.db(),
        &scope,
        id,
        person,
        &f.role,
        &f.term_start,
        &f.term_end,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/groups/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            show_page(&mut ctx, &slug, id, errors, String::new(), String::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn unseat(
    mut ctx: Ctx,
    Path((slug, id, person)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<SeatFields>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    governance::unseat(ctx.db(), &scope, id, person).await?;
    Ok(Redirect::to(&format!("/c/{slug}/groups/{id}")).into_response())
}
