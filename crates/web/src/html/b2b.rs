//! B2B matchmaking pages at an event: profiles, marketplace, meeting requests, availability, the organiser's scheduler, agendas, outcomes.
//!
//! Everything lives under `/c/{slug}/events/{event}/b2b`; `db::b2b::access` decides who gets
//! in (the cluster's staff organise, confirmed registrants take part) and answers 404 to anyone
//! else. Forms post back and re-render their page with the errors beside them.

use super::layout::Layout;
use super::{FormErrors, PageResult, render_status};
use crate::b2b as service;
use crate::routes::Routes;
use crate::{Ctx, Tr};
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::access::Scope;
use clusterhub_core::b2b::{ItemInput, ItemKind, Outcome, ProfileInput, RequestInput, SlotPlan};
use clusterhub_core::event::zone::Zone;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::b2b::{self, Access, Answer, Participant, Stats};
use clusterhub_db::clusters::Cluster;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/b2b", events)
        .get("/c/{slug}/events/{event}/b2b", hub)
        .post("/c/{slug}/events/{event}/b2b/requests", create_request)
        .post(
            "/c/{slug}/events/{event}/b2b/requests/{b2b_request}",
            answer_request,
        )
        .get("/c/{slug}/events/{event}/b2b/profile", profile)
        .post("/c/{slug}/events/{event}/b2b/profile", save_profile)
        .post("/c/{slug}/events/{event}/b2b/items", add_item)
        .post(
            "/c/{slug}/events/{event}/b2b/items/{b2b_item}/delete",
            delete_item,
        )
        .get("/c/{slug}/events/{event}/b2b/availability", availability)
        .post(
            "/c/{slug}/events/{event}/b2b/availability",
            save_availability,
        )
        .get("/c/{slug}/events/{event}/b2b/agenda", agenda)
        .get("/c/{slug}/events/{event}/b2b/agenda.ics", agenda_ics)
        .get("/c/{slug}/events/{event}/b2b/agenda.pdf", agenda_pdf)
        .post(
            "/c/{slug}/events/{event}/b2b/meetings/{b2b_meeting}/outcome",
            outcome,
        )
        .get("/c/{slug}/events/{event}/b2b/organiser", organiser)
        .post("/c/{slug}/events/{event}/b2b/slots", set_slots)
        .post("/c/{slug}/events/{event}/b2b/run", run)
        .post("/c/{slug}/events/{event}/b2b/publish", publish)
        .post(
            "/c/{slug}/events/{event}/b2b/meetings/{b2b_meeting}/lock",
            lock,
        )
        .post(
            "/c/{slug}/events/{event}/b2b/meetings/{b2b_meeting}/move",
            move_meeting,
        )
}

/// The event as every B2B page shows it.
pub struct EventView {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub place: String,
    pub zone: String,
    /// "/c/{slug}/events/{id}/b2b"
    pub base: String,
    pub organiser: bool,
    pub participant: bool,
    /// Which tab is open.
    pub tab: &'static str,
}

fn event_view(t: &Tr, c: &Cluster, a: &Access, tab: &'static str) -> EventView {
    let e = a.event();
    EventView {
        id: e.id,
        title: t.mt(&e.title),
        when: service::slot_label(t, &e.time_zone, &e.starts_at, &e.ends_at),
        place: e.place.clone().unwrap_or_default(),
        zone: e.time_zone.clone(),
        base: format!("/c/{}/events/{}/b2b", c.slug, e.id),
        organiser: a.organiser(),
        participant: a.me().is_some(),
        tab,
    }
}

async fn gate(ctx: &mut Ctx, slug: &str, event: i64) -> Result<(Cluster, Scope, Access), Error> {
    let (c, scope) = ctx.cluster(slug).await?;
    let a = b2b::access(ctx.db(), &scope, event).await?;
    Ok((c, scope, a))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

// ---------------------------------------------------------------------------------------------
// The cluster's B2B events

#[derive(Template)]
#[template(path = "b2b_events.html")]
struct EventsPage {
    l: Layout,
    c: Cluster,
    list: Vec<(i64, String, String)>,
}

async fn events(mut ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let list = b2b::events(ctx.db(), &scope)
        .await?
        .into_iter()
        .map(|e| {
            (
                e.id,
                t.mt(&e.title),
                service::slot_label(&t, &e.time_zone, &e.starts_at, &e.ends_at),
            )
        })
        .collect();
    let l = Layout::new(&ctx, t.t("b2b-events-title"), Some((&c, &scope))).await;
    render_status(axum::http::StatusCode::OK, &EventsPage { l, c, list })
}

// ---------------------------------------------------------------------------------------------
// The hub: browse participants and the marketplace, request meetings, answer requests

pub struct PersonView {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub profile: String,
    pub tags: String,
    pub is_me: bool,
    /// Status of the pair's request, if there is one.
    pub request: String,
    pub items: Vec<ItemView>,
}

pub struct ItemView {
    pub id: i64,
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub who: String,
}

pub struct RequestView {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub message: String,
    pub status: String,
    pub mutual: bool,
    pub starred: bool,
    pub incoming: bool,
}

#[derive(Template)]
#[template(path = "b2b_hub.html")]
struct HubPage {
    l: Layout,
    c: Cluster,
    ev: EventView,
    me: Option<Participant>,
    q: String,
    people: Vec<PersonView>,
    items: Vec<ItemView>,
    incoming: Vec<RequestView>,
    outgoing: Vec<RequestView>,
    errors: FormErrors,
    notice: String,
    to: i64,
    message: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HubQuery {
    q: String,
    notice: String,
}

fn kind_of(k: &str) -> &'static str {
    ItemKind::parse(k).map(|k| k.as_str()).unwrap_or("offer")
}

#[allow(clippy::too_many_arguments)]
async fn hub_page(
    ctx: &mut Ctx,
    slug: &str,
    event: i64,
    q: HubQuery,
    errors: FormErrors,
    to: i64,
    message: String,
) -> PageResult {
    let (c, scope, a) = gate(ctx, slug, event).await?;
    let t = ctx.tr();
    let db = ctx.db();
    let me_id = a.me().map(|p| p.id).unwrap_or(0);
    let mine = match a.me() {
        Some(p) => b2b::requests_of(db, &a, p.id).await?,
        None => Vec::new(),
    };
    let all_items = b2b::items(db, &a, "").await?;
    let item_view = |i: &b2b::Item| ItemView {
        id: i.id,
        kind: kind_of(&i.kind),
        title: i.title.clone(),
        description: i.description.clone(),
        who: format!("{} · {}", i.participant_name, i.organisation_name),
    };
    let people = b2b::participants(db, &a, &q.q, false)
        .await?
        .into_iter()
        .map(|p| PersonView {
            request: mine
                .iter()
                .find(|r| r.counterpart(me_id).0 == p.id)
                .map(|r| r.status.clone())
                .unwrap_or_default(),
            is_me: p.id == me_id,
            items: all_items
                .iter()
                .filter(|i| i.participant_id == p.id)
                .map(item_view)
                .collect(),
            id: p.id,
            name: p.name,
            organisation: p.organisation_name,
            profile: p.profile,
            tags: p.tags,
        })
        .collect();
    let items = b2b::items(db, &a, &q.q)
        .await?
        .iter()
        .map(item_view)
        .collect();
    let (mut incoming, mut outgoing) = (Vec::new(), Vec::new());
    for r in &mine {
        let (_, name, org) = r.counterpart(me_id);
        let v = RequestView {
            id: r.id,
            name: name.to_string(),
            organisation: org.to_string(),
            message: r.message.clone(),
            status: r.status.clone(),
            mutual: r.mutual,
            starred: r.starred_by(me_id),
            incoming: r.to_participant == me_id,
        };
        if v.incoming {
            incoming.push(v);
        } else {
            outgoing.push(v);
        }
    }
    let ev = event_view(&t, &c, &a, "hub");
    let l = Layout::new(
        ctx,
        format!("{} · {}", t.t("b2b-title"), ev.title),
        Some((&c, &scope)),
    )
    .await;
    render_status(
        errors.status(),
        &HubPage {
            l,
            c,
            ev,
            me: a.me().cloned(),
            q: q.q,
            people,
            items,
            incoming,
            outgoing,
            errors,
            notice: q.notice,
            to,
            message,
        },
    )
}

async fn hub(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    Query(q): Query<HubQuery>,
) -> PageResult {
    hub_page(
        &mut ctx,
        &slug,
        event,
        q,
        FormErrors::default(),
        0,
        String::new(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RequestForm {
    csrf: String,
    to: String,
    message: String,
}

async fn create_request(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    axum::Form(f): axum::Form<RequestForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    let done = match a.participant() {
        Ok(me) => match RequestInput::parse(me.id, &f.to, &f.message) {
            Ok(input) => b2b::request_meeting(ctx.db(), &a, &input).await.map(|_| ()),
            Err(e) => Err(Error::Validation(e)),
        },
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(
            Redirect::to(&format!("/c/{slug}/events/{event}/b2b?notice=requested")).into_response(),
        ),
        Err(e @ (Error::Validation(_) | Error::Conflict(_))) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let to = f.to.trim().parse().unwrap_or(0);
            hub_page(
                &mut ctx,
                &slug,
                event,
                HubQuery::default(),
                errors,
                to,
                f.message,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    csrf: String,
    action: String,
}

async fn answer_request(
    mut ctx: Ctx,
    Path((slug, event, request)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    let action = Answer::parse(&f.action).ok_or_else(|| {
        Error::Validation(vec![
            FieldError::new("action", "unknown_value").detail(f.action.clone()),
        ])
    })?;
    match b2b::answer(ctx.db(), &a, request, action).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/c/{slug}/events/{event}/b2b?notice={}", f.action))
                .into_response(),
        ),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            hub_page(
                &mut ctx,
                &slug,
                event,
                HubQuery::default(),
                errors,
                0,
                String::new(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Profile and marketplace items

#[derive(Template)]
#[template(path = "b2b_profile.html")]
struct ProfilePage {
    l: Layout,
    c: Cluster,
    ev: EventView,
    me: Participant,
    profile: String,
    tags: String,
    published: bool,
    items: Vec<ItemView>,
    kinds: Vec<&'static str>,
    errors: FormErrors,
    item_errors: FormErrors,
    notice: String,
}

#[allow(clippy::too_many_arguments)]
async fn profile_page(
    ctx: &mut Ctx,
    slug: &str,
    event: i64,
    typed: Option<(String, String, bool)>,
    errors: FormErrors,
    item_errors: FormErrors,
    notice: String,
) -> PageResult {
    let (c, scope, a) = gate(ctx, slug, event).await?;
    let me = a.participant()?.clone();
    let t = ctx.tr();
    let items = b2b::items(ctx.db(), &a, "")
        .await?
        .into_iter()
        .filter(|i| i.participant_id == me.id)
        .map(|i| ItemView {
            id: i.id,
            kind: kind_of(&i.kind),
            title: i.title,
            description: i.description,
            who: String::new(),
        })
        .collect();
    let (profile, tags, published) =
        typed.unwrap_or_else(|| (me.profile.clone(), me.tags.clone(), me.published));
    let status = if errors.is_empty() {
        item_errors.status()
    } else {
        errors.status()
    };
    let ev = event_view(&t, &c, &a, "profile");
    let l = Layout::new(ctx, t.t("b2b-profile-title"), Some((&c, &scope))).await;
    render_status(
        status,
        &ProfilePage {
            l,
            c,
            ev,
            me,
            profile,
            tags,
            published,
            items,
            kinds: ItemKind::ALL.iter().map(|k| k.as_str()).collect(),
            errors,
            item_errors,
            notice,
        },
    )
}

async fn profile(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    Query(q): Query<HubQuery>,
) -> PageResult {
    profile_page(
        &mut ctx,
        &slug,
        event,
        None,
        FormErrors::default(),
        FormErrors::default(),
        q.notice,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProfileForm {
    csrf: String,
    profile: String,
    tags: String,
    published: String,
}

async fn save_profile(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    axum::Form(f): axum::Form<ProfileForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    let published = !f.published.is_empty();
    match ProfileInput::parse(&f.profile, &f.tags, published) {
        Ok(input) => {
            b2b::save_profile(ctx.db(), &a, &input).await?;
            Ok(Redirect::to(&format!(
                "/c/{slug}/events/{event}/b2b/profile?notice=saved"
            ))
            .into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(&ctx.tr(), &Error::Validation(e));
            profile_page(
                &mut ctx,
                &slug,
                event,
                Some((f.profile, f.tags, published)),
                errors,
                FormErrors::default(),
                String::new(),
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ItemForm {
    csrf: String,
    kind: String,
    title: String,
    description: String,
}

async fn add_item(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    axum::Form(f): axum::Form<ItemForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    a.participant()?;
    match ItemInput::parse(&f.kind, &f.title, &f.description) {
        Ok(input) => {
            b2b::add_item(ctx.db(), &a, &input).await?;
            Ok(Redirect::to(&format!(
                "/c/{slug}/events/{event}/b2b/profile?notice=item-added"
            ))
            .into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(&ctx.tr(), &Error::Validation(e));
            profile_page(
                &mut ctx,
                &slug,
                event,
                None,
                FormErrors::default(),
                errors,
                String::new(),
            )
            .await
        }
    }
}

async fn delete_item(
    mut ctx: Ctx,
    Path((slug, event, item)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    b2b::delete_item(ctx.db(), &a, item).await?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/events/{event}/b2b/profile?notice=item-deleted"
    ))
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// Availability

pub struct SlotView {
    pub id: i64,
    pub number: i64,
    pub label: String,
    pub tables: i64,
    pub on: bool,
}

#[derive(Template)]
#[template(path = "b2b_availability.html")]
struct AvailabilityPage {
    l: Layout,
    c: Cluster,
    ev: EventView,
    slots: Vec<SlotView>,
    errors: FormErrors,
    notice: String,
}

async fn availability_page(
    ctx: &mut Ctx,
    slug: &str,
    event: i64,
    errors: FormErrors,
    notice: String,
) -> PageResult {
    let (c, scope, a) = gate(ctx, slug, event).await?;
    let me = a.participant()?.clone();
    let t = ctx.tr();
    let off = b2b::unavailable(ctx.db(), me.id).await?;
    let zone = a.event().time_zone.clone();
    let slots = b2b::slots(ctx.db(), &a)
        .await?
        .into_iter()
        .map(|s| SlotView {
            on: !off.contains(&s.id),
            label: service::slot_label(&t, &zone, &s.starts_at, &s.ends_at),
            id: s.id,
            number: s.number,
            tables: s.tables,
        })
        .collect();
    let ev = event_view(&t, &c, &a, "availability");
    let l = Layout::new(ctx, t.t("b2b-availability-title"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &AvailabilityPage {
            l,
            c,
            ev,
            slots,
            errors,
            notice,
        },
    )
}

async fn availability(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    Query(q): Query<HubQuery>,
) -> PageResult {
    availability_page(&mut ctx, &slug, event, FormErrors::default(), q.notice).await
}

async fn save_availability(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> PageResult {
    let mut csrf = String::new();
    let mut ticked = Vec::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "csrf" => csrf = v.into_owned(),
            "slot" => ticked.push(v.into_owned()),
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    a.participant()?;
    let ids: Vec<i64> = b2b::slots(ctx.db(), &a)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    match clusterhub_core::b2b::parse_availability(&ids, &ticked) {
        Ok(on) => {
            b2b::set_availability(ctx.db(), &a, &on).await?;
            Ok(Redirect::to(&format!(
                "/c/{slug}/events/{event}/b2b/availability?notice=saved"
            ))
            .into_response())
        }
        Err(e) => {
            let errors = FormErrors::from_error(&ctx.tr(), &Error::Validation(e));
            availability_page(&mut ctx, &slug, event, errors, String::new()).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Agenda and outcomes

pub struct AgendaRow {
    pub id: i64,
    pub slot: i64,
    pub time: String,
    pub table: i64,
    pub name: String,
    pub organisation: String,
    pub message: String,
    pub outcome: String,
    pub follow_up: bool,
    pub agreement: bool,
    pub note: String,
}

#[derive(Template)]
#[template(path = "b2b_agenda.html")]
struct AgendaPage {
    l: Layout,
    c: Cluster,
    ev: EventView,
    published: bool,
    rows: Vec<AgendaRow>,
    errors: FormErrors,
    notice: String,
}

async fn agenda_rows(ctx: &Ctx, a: &Access, me: i64) -> Result<Vec<AgendaRow>, Error> {
    let t = ctx.tr();
    let zone = a.event().time_zone.clone();
    let outcomes = b2b::outcomes_of(ctx.db(), a, me).await?;
    Ok(b2b::agenda(ctx.db(), a, me)
        .await?
        .into_iter()
        .map(|m| {
            let (_, name, org) = m.counterpart(me);
            let o = outcomes.iter().find(|o| o.meeting_id == m.id);
            AgendaRow {
                id: m.id,
                slot: m.slot_number,
                time: service::slot_label(&t, &zone, &m.starts_at, &m.ends_at),
                table: m.table_no,
                name: name.to_string(),
                organisation: org.to_string(),
                message: m.message.clone(),
                outcome: o.map(|o| o.outcome.clone()).unwrap_or_default(),
                follow_up: o.is_some_and(|o| o.follow_up),
                agreement: o.is_some_and(|o| o.agreement),
                note: o.map(|o| o.note.clone()).unwrap_or_default(),
            }
        })
        .collect())
}

async fn agenda_page(
    ctx: &mut Ctx,
    slug: &str,
    event: i64,
    errors: FormErrors,
    notice: String,
) -> PageResult {
    let (c, scope, a) = gate(ctx, slug, event).await?;
    let me = a.participant()?.id;
    let t = ctx.tr();
    let published = b2b::run_info(ctx.db(), &a).await?.published_at.is_some();
    let rows = agenda_rows(ctx, &a, me).await?;
    let ev = event_view(&t, &c, &a, "agenda");
    let l = Layout::new(ctx, t.t("b2b-agenda-title"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &AgendaPage {
            l,
            c,
            ev,
            published,
            rows,
            errors,
            notice,
        },
    )
}

async fn agenda(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    Query(q): Query<HubQuery>,
) -> PageResult {
    agenda_page(&mut ctx, &slug, event, FormErrors::default(), q.notice).await
}

async fn agenda_ics(mut ctx: Ctx, Path((slug, event)): Path<(String, i64)>) -> PageResult {
    let (c, _, a) = gate(&mut ctx, &slug, event).await?;
    let me = a.participant()?.id;
    let meetings = b2b::agenda(ctx.db(), &a, me).await?;
    let body = service::agenda_ics(
        &ctx.tr(),
        &a,
        me,
        &meetings,
        &format!("{}.clusterhub", c.slug),
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"b2b-agenda-{event}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

async fn agenda_pdf(mut ctx: Ctx, Path((slug, event)): Path<(String, i64)>) -> PageResult {
    let (c, _, a) = gate(&mut ctx, &slug, event).await?;
    let me = a.participant()?.clone();
    let t = ctx.tr();
    let rows = agenda_rows(&ctx, &a, me.id).await?;
    let data = clusterhub_report::Agenda {
        lang: t.lang.to_string(),
        cluster: c.name.clone(),
        title: t.mt(&a.event().title),
        heading: t.t("b2b-agenda-title"),
        participant: if me.organisation_name.is_empty() {
            me.name.clone()
        } else {
            format!("{} · {}", me.name, me.organisation_name)
        },
        zone: format!("{}: {}", t.t("b2b-time-zone"), a.event().time_zone),
        columns: vec![
            t.t("b2b-slot"),
            t.t("b2b-time"),
            t.t("b2b-table"),
            t.t("b2b-with"),
        ],
        empty: t.t("b2b-agenda-empty"),
        rows: rows
            .iter()
            .map(|r| clusterhub_report::AgendaRow {
                slot: r.slot.to_string(),
                time: r.time.clone(),
                table: r.table.to_string(),
                with: if r.organisation.is_empty() {
                    r.name.clone()
                } else {
                    format!("{} ({})", r.name, r.organisation)
                },
                message: r.message.clone(),
            })
            .collect(),
    };
    let pdf = tokio::task::spawn_blocking(move || clusterhub_report::agenda_pdf(&data))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(Error::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"b2b-agenda-{event}.pdf\""),
            ),
        ],
        pdf,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OutcomeForm {
    csrf: String,
    outcome: String,
    follow_up: String,
    agreement: String,
    note: String,
}

async fn outcome(
    mut ctx: Ctx,
    Path((slug, event, meeting)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<OutcomeForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    a.participant()?;
    let Some(o) = Outcome::parse(&f.outcome) else {
        let e = Error::Validation(vec![FieldError::new("outcome", "required")]);
        let errors = FormErrors::from_error(&ctx.tr(), &e);
        return agenda_page(&mut ctx, &slug, event, errors, String::new()).await;
    };
    b2b::record_outcome(
        ctx.db(),
        &a,
        meeting,
        o,
        !f.follow_up.is_empty(),
        !f.agreement.is_empty(),
        &f.note,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/events/{event}/b2b/agenda?notice=outcome"
    ))
    .into_response())
}

// ---------------------------------------------------------------------------------------------
// The organiser: slots and tables, run, review grid, lock, move, publish, statistics

pub struct Cell {
    pub id: i64,
    pub locked: bool,
    pub a: String,
    pub b: String,
}

pub struct GridRow {
    pub slot: SlotView,
    pub cells: Vec<Option<Cell>>,
}

#[derive(Template)]
#[template(path = "b2b_organiser.html")]
struct OrganiserPage {
    l: Layout,
    c: Cluster,
    ev: EventView,
    slots: Vec<SlotView>,
    grid: Vec<GridRow>,
    max_tables: i64,
    unscheduled: Vec<(String, String)>,
    participants: usize,
    run: b2b::RunInfo,
    stats: Stats,
    errors: FormErrors,
    notice: String,
    plan: (String, String, String, String, String),
}

impl OrganiserPage {
    fn table_numbers(&self) -> Vec<i64> {
        (1..=self.max_tables).collect()
    }
}

async fn organiser_page(
    ctx: &mut Ctx,
    slug: &str,
    event: i64,
    errors: FormErrors,
    notice: String,
    plan: Option<(String, String, String, String, String)>,
) -> PageResult {
    let (c, scope, a) = gate(ctx, slug, event).await?;
    a.require_organiser()?;
    let t = ctx.tr();
    let db = ctx.db();
    b2b::sync_participants(db, &a).await?;
    let zone = a.event().time_zone.clone();
    let slots: Vec<SlotView> = b2b::slots(db, &a)
        .await?
        .into_iter()
        .map(|s| SlotView {
            on: true,
            label: service::slot_label(&t, &zone, &s.starts_at, &s.ends_at),
            id: s.id,
            number: s.number,
            tables: s.tables,
        })
        .collect();
    let meetings = b2b::meetings(db, &a).await?;
    let max_tables = slots.iter().map(|s| s.tables).max().unwrap_or(0);
    let grid = slots
        .iter()
        .map(|s| GridRow {
            slot: SlotView {
                id: s.id,
                number: s.number,
                label: s.label.clone(),
                tables: s.tables,
                on: true,
            },
            cells: (1..=max_tables)
                .map(|table| {
                    meetings
                        .iter()
                        .find(|m| m.slot_id == s.id && m.table_no == table)
                        .map(|m| Cell {
                            id: m.id,
                            locked: m.locked,
                            a: format!("{} ({})", m.a_name, m.a_organisation),
                            b: format!("{} ({})", m.b_name, m.b_organisation),
                        })
                })
                .collect(),
        })
        .collect();
    let unscheduled = b2b::all_requests(db, &a)
        .await?
        .into_iter()
        .filter(|r| r.status == "accepted" && !meetings.iter().any(|m| m.request_id == r.id))
        .map(|r| {
            (
                format!("{} ({})", r.from_name, r.from_organisation),
                format!("{} ({})", r.to_name, r.to_organisation),
            )
        })
        .collect();
    let participants = b2b::participants(db, &a, "", true).await?.len();
    let run = b2b::run_info(db, &a).await?;
    let stats = b2b::stats(db, &a).await?;
    let plan = plan.unwrap_or_else(|| {
        let start = service::local(&zone, &a.event().starts_at).replace(' ', "T");
        (start, "8".into(), "20".into(), "5".into(), "10".into())
    });
    let ev = event_view(&t, &c, &a, "organiser");
    let l = Layout::new(ctx, t.t("b2b-organiser-title"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &OrganiserPage {
            l,
            c,
            ev,
            slots,
            grid,
            max_tables,
            unscheduled,
            participants,
            run,
            stats,
            errors,
            notice,
            plan,
        },
    )
}

async fn organiser(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    Query(q): Query<HubQuery>,
) -> PageResult {
    organiser_page(
        &mut ctx,
        &slug,
        event,
        FormErrors::default(),
        q.notice,
        None,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SlotsForm {
    csrf: String,
    start: String,
    count: String,
    minutes: String,
    pause: String,
    tables: String,
}

async fn set_slots(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    axum::Form(f): axum::Form<SlotsForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    a.require_organiser()?;
    let saved = match SlotPlan::parse(&f.start, &f.count, &f.minutes, &f.pause, &f.tables) {
        Ok(plan) => {
            let zone = Zone::parse("time_zone", &a.event().time_zone)
                .map_err(|e| Error::Validation(vec![e]))?;
            let slots: Vec<(String, String)> = plan
                .slots()
                .into_iter()
                .map(|(s, e)| {
                    (
                        clusterhub_core::parse::stamp(zone.to_utc(s)),
                        clusterhub_core::parse::stamp(zone.to_utc(e)),
                    )
                })
                .collect();
            b2b::replace_slots(ctx.db(), &a, &slots, i64::from(plan.tables)).await
        }
        Err(e) => Err(Error::Validation(e)),
    };
    match saved {
        Ok(()) => Ok(Redirect::to(&format!(
            "/c/{slug}/events/{event}/b2b/organiser?notice=slots"
        ))
        .into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            let plan = (f.start, f.count, f.minutes, f.pause, f.tables);
            organiser_page(&mut ctx, &slug, event, errors, String::new(), Some(plan)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn organiser_result(
    ctx: &mut Ctx,
    slug: &str,
    event: i64,
    r: Result<String, Error>,
) -> PageResult {
    match r {
        Ok(notice) => Ok(Redirect::to(&format!(
            "/c/{slug}/events/{event}/b2b/organiser?notice={notice}"
        ))
        .into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            organiser_page(ctx, slug, event, errors, String::new(), None).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn run(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    a.require_organiser()?;
    let r = service::run(ctx.db(), &a).await.map(|_| "run".to_string());
    organiser_result(&mut ctx, &slug, event, r).await
}

async fn publish(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    axum::Form(f): axum::Form<CsrfOnly>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    let r = b2b::publish(ctx.db(), &a)
        .await
        .map(|_| "published".to_string());
    organiser_result(&mut ctx, &slug, event, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LockForm {
    csrf: String,
    locked: String,
}

async fn lock(
    mut ctx: Ctx,
    Path((slug, event, meeting)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<LockForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    let on = f.locked == "1" || f.locked == "true";
    b2b::set_locked(ctx.db(), &a, meeting, on).await?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/events/{event}/b2b/organiser?notice={}",
        if on { "locked" } else { "unlocked" }
    ))
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MoveForm {
    csrf: String,
    slot: String,
    table: String,
}

async fn move_meeting(
    mut ctx: Ctx,
    Path((slug, event, meeting)): Path<(String, i64, i64)>,
    axum::Form(f): axum::Form<MoveForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, _, a) = gate(&mut ctx, &slug, event).await?;
    a.require_organiser()?;
    let r = match (f.slot.trim().parse::<i64>(), f.table.trim().parse::<i64>()) {
        (Ok(slot), Ok(table)) => b2b::move_meeting(ctx.db(), &a, meeting, slot, table)
            .await
            .map(|_| "moved".to_string()),
        (Err(_), _) => Err(Error::invalid("slot", "b2b_unknown_slot")),
        (_, Err(_)) => Err(Error::invalid("table", "out_of_range")),
    };
    organiser_result(&mut ctx, &slug, event, r).await
}
