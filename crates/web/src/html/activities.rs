//! The activity log: list with filters, record, edit, delete.

use super::layout::Layout;
use super::scorecard::pick;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use crate::scorecard;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::model::{ActivityKind, Counterpart, SUBTYPES, Scope as Reach};
use clusterhub_db::activities::{self, ActivityRow, ListFilter, PAGE};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::{organisations, people, plans};
use clusterhub_plan::activity::ActivityInput;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/activities", list)
        .get("/c/{slug}/activities/new", new)
        .post("/c/{slug}/activities", create)
        .get("/c/{slug}/activities/{activity}", show)
        .post("/c/{slug}/activities/{activity}", update)
        .post("/c/{slug}/activities/{activity}/delete", delete)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    kind: String,
    item: String,
    organisation: String,
    from: String,
    to: String,
    q: String,
    page: i64,
}

/// A plan item for pickers and filters: code, indented label.
pub struct Item {
    pub code: String,
    pub label: String,
    pub depth: u8,
}

fn plan_items(t: &crate::Tr, plan: &clusterhub_plan::Plan) -> Vec<Item> {
    let mut out = Vec::new();
    for p in &plan.pillars {
        out.push(Item {
            code: p.code.clone(),
            label: pick(t, &p.name),
            depth: 0,
        });
        for l in &p.lines {
            out.push(Item {
                code: l.code.clone(),
                label: pick(t, &l.name),
                depth: 1,
            });
            for a in &l.actions {
                out.push(Item {
                    code: a.code.clone(),
                    label: pick(t, &a.name),
                    depth: 2,
                });
            }
        }
    }
    out
}

#[derive(Template)]
#[template(path = "activities.html")]
struct List {
    l: Layout,
    c: Cluster,
    rows: Vec<ActivityRow>,
    total: i64,
    page: i64,
    pages: i64,
    q: ListQuery,
    kinds: Vec<&'static str>,
    items: Vec<Item>,
    query: String,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ListQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let plan = plans::current(ctx.db(), &scope, None, scorecard::today().year()).await?;
    let items = plan
        .as_ref()
        .map(|(_, p)| plan_items(&t, p))
        .unwrap_or_default();
    // A pillar or line filter takes in everything under it.
    let under: Vec<String> = match plan.as_ref() {
        Some((_, p)) if !q.item.is_empty() => p
            .ancestry()
            .into_iter()
            .filter(|(_, up)| up.contains(&q.item))
            .map(|(code, _)| code)
            .collect(),
        _ => Vec::new(),
    };
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let f = ListFilter {
        kind: opt(&q.kind),
        items: if q.item.is_empty() {
            Vec::new()
        } else if under.is_empty() {
            vec![q.item.clone()]
        } else {
            under
        },
        organisation: q.organisation.trim().parse().ok(),
        from: opt(&q.from),
        to: opt(&q.to),
        text: opt(&q.q),
        page: q.page.max(0),
    };
    let (rows, total) = activities::list(ctx.db(), &scope, &f).await?;
    let query = format!(
        "kind={}&item={}&organisation={}&from={}&to={}&q={}",
        enc(&q.kind),
        enc(&q.item),
        enc(&q.organisation),
        enc(&q.from),
        enc(&q.to),
        enc(&q.q)
    );
    let l = Layout::new(&ctx, t.t("nav-activities"), Some((&c, &scope))).await;
    render(&List {
        l,
        c,
        rows,
        total,
        page: f.page,
        pages: (total + PAGE - 1) / PAGE,
        q,
        kinds: ActivityKind::ALL.iter().map(|k| k.as_str()).collect(),
        items,
        query,
    })
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Template)]
#[template(path = "activity_form.html")]
struct Form {
    l: Layout,
    c: Cluster,
    id: Option<i64>,
    f: ActivityInput,
    errors: FormErrors,
    kinds: Vec<&'static str>,
    subtypes: Vec<&'static str>,
    scopes: Vec<&'static str>,
    counterparts: Vec<&'static str>,
    items: Vec<Item>,
    orgs: Vec<(i64, String)>,
    people: Vec<(i64, String)>,
    detail: Option<activities::Detail>,
}

async fn form_page(
    ctx: &mut Ctx,
    slug: &str,
    id: Option<i64>,
    f: ActivityInput,
    errors: FormErrors,
    detail: Option<activities::Detail>,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_see_private())?;
    let t = ctx.tr();
    let plan = plans::current(ctx.db(), &scope, None, scorecard::today().year()).await?;
    let items = plan
        .as_ref()
        .map(|(_, p)| plan_items(&t, p))
        .unwrap_or_default();
    let orgs = organisations::member_names(ctx.db(), &scope).await?;
    let (ppl, _) = people::list(ctx.db(), &scope, "", 5000, 0).await?;
    let mut people: Vec<(i64, String)> = ppl
        .into_iter()
        .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name)))
        .collect();
    people.dedup_by_key(|p| p.0);
    let title = match &detail {
        Some(d) => d.row.title.clone(),
        None => t.t("activity-new"),
    };
    let l = Layout::new(ctx, title, Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &Form {
            l,
            c,
            id,
            f,
            errors,
            kinds: ActivityKind::ALL.iter().map(|k| k.as_str()).collect(),
            subtypes: SUBTYPES.to_vec(),
            scopes: Reach::ALL.iter().map(|s| s.as_str()).collect(),
            counterparts: Counterpart::ALL.iter().map(|s| s.as_str()).collect(),
            items,
            orgs,
            people,
            detail,
        },
    )
}

async fn new(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let f = ActivityInput {
        kind: "event".into(),
        starts_on: clusterhub_db::today(),
        ..Default::default()
    };
    form_page(&mut ctx, &slug, None, f, FormErrors::default(), None).await
}

fn input_of(d: &activities::Detail) -> ActivityInput {
    let r = &d.row;
    ActivityInput {
        kind: r.kind.clone(),
        subtype: r.subtype.clone().unwrap_or_default(),
        scope: r.scope.clone().unwrap_or_default(),
        counterpart: r.counterpart.clone().unwrap_or_default(),
        external: r.external,
        title: r.title.clone(),
        description: r.description.clone(),
        starts_on: r.starts_on.clone(),
        ends_on: r.ends_on.clone().unwrap_or_default(),
        place: r.place.clone().unwrap_or_default(),
        attendees: if r.attendees == 0 {
            String::new()
        } else {
            r.attendees.to_string()
        },
        amount: if r.amount_cents == 0 {
            String::new()
        } else {
            format!("{}.{:02}", r.amount_cents / 100, r.amount_cents % 100)
        },
        items: d.items.clone(),
        organisations: d.organisations.iter().map(|(id, _)| *id).collect(),
        people: d.people.iter().map(|(id, _)| *id).collect(),
    }
}

async fn show(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let d = activities::get(ctx.db(), &scope, id).await?;
    let f = input_of(&d);
    form_page(&mut ctx, &slug, Some(id), f, FormErrors::default(), Some(d)).await
}

/// Reads the form, where plan items, organisations and people repeat.
fn read_form(body: &[u8]) -> (String, ActivityInput) {
    let mut csrf = String::new();
    let mut f = ActivityInput::default();
    for (k, v) in form_urlencoded::parse(body) {
        let v = v.into_owned();
        match k.as_ref() {
            "csrf" => csrf = v,
            "kind" => f.kind = v,
            "subtype" => f.subtype = v,
            "scope" => f.scope = v,
            "counterpart" => f.counterpart = v,
            "external" => f.external = !v.is_empty(),
            "title" => f.title = v,
            "description" => f.description = v,
            "starts_on" => f.starts_on = v,
            "ends_on" => f.ends_on = v,
            "place" => f.place = v,
            "attendees" => f.attendees = v,
            "amount" => f.amount = v,
            "items" => f.items.push(v),
            "organisations" => f.organisations.extend(v.parse::<i64>().ok()),
            "people" => f.people.extend(v.parse::<i64>().ok()),
            _ => {}
        }
    }
    (csrf, f)
}

async fn save(mut ctx: Ctx, slug: String, id: Option<i64>, body: Bytes) -> PageResult {
    let (csrf, f) = read_form(&body);
    ctx.check_csrf(&csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    match scorecard::save_activity(&ctx.state, &scope, id, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/activities/{id}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let detail = match id {
                Some(id) => Some(activities::get(ctx.db(), &scope, id).await?),
                None => None,
            };
            form_page(&mut ctx, &slug, id, f, errors, detail).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn create(ctx: Ctx, Path(slug): Path<String>, body: Bytes) -> PageResult {
    save(ctx, slug, None, body).await
}

async fn update(ctx: Ctx, Path((slug, id)): Path<(String, i64)>, body: Bytes) -> PageResult {
    save(ctx, slug, Some(id), body).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

async fn delete(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scorecard::delete_activity(&ctx.state, &scope, id).await?;
    Ok(Redirect::to(&format!("/c/{slug}/activities")).into_response())
}
