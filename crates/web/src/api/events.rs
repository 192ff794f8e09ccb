//! Events API: events, registrations, check-in. The same repositories, and so the same rules,
//! as the pages: a draft or another cluster's unshared event is 404; registration never goes
//! over capacity (full: waitlisted; approval: pending); a cancellation promotes the oldest on
//! the waitlist; staff of the organising cluster list registrations and check people in.

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::events::{self as service, Notice};
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::Error;
use clusterhub_core::event::{EventInput, GuestInput, KINDS};
use clusterhub_db::events::{self, Event, ListFilter, Registration, Session};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/events",
        doc(
            "The cluster's calendar: its events and those other clusters share with it (drafts only for its staff); when: upcoming (default), past or all; kind: an activity kind",
            "events",
            "EventList",
        )
        .query(&["kind", "when"]),
        list,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events",
        doc(
            "Create an event (staff): local date and time in an IANA time zone; every problem is reported at once, naming its field",
            "events",
            "Event",
        )
        .body("EventBody")
        .created(),
        create,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/events/{event}",
        doc(
            "One event with its sessions and speakers, places left and the caller's own registration",
            "events",
            "EventDetail",
        ),
        get,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events/{event}/registrations",
        doc(
            "Register: a member user registers themself (no body needed); staff register a guest (name, email, organisation). Confirmed while places last, else waitlisted; pending when the event needs approval",
            "events",
            "Registration",
        )
        .body("GuestBody")
        .created(),
        register,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/events/{event}/registrations",
        doc(
            "The event's registrations (staff of the organising cluster), filtered by name, e-mail or organisation",
            "events",
            "RegistrationList",
        )
        .query(&["q"]),
        registrations,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events/{event}/registrations/{registration}/check-in",
        doc(
            "Check a confirmed registrant in (staff); checking in again changes nothing",
            "events",
            "Registration",
        ),
        check_in,
    )
    .api(
        "DELETE",
        "/api/v1/clusters/{slug}/events/{event}/registrations/{registration}",
        doc(
            "Cancel a registration (staff); a freed place goes to the oldest on the waitlist, who is told by e-mail",
            "events",
            "Cancellation",
        ),
        cancel,
    )
    .api(
        "GET",
        "/api/v1/me/registrations",
        doc(
            "The caller's own registrations, with their events and ticket links",
            "events",
            "MyRegistrationList",
        ),
        mine,
    )
}

/// An event as the API shows it: stored fields, local times in its zone and places left.
#[derive(Serialize)]
struct EventOut {
    #[serde(flatten)]
    event: Event,
    starts_local: String,
    ends_local: String,
    places_left: Option<i64>,
}

impl From<Event> for EventOut {
    fn from(e: Event) -> Self {
        EventOut {
            starts_local: service::local_iso(&e.time_zone, &e.starts_at),
            ends_local: service::local_iso(&e.time_zone, &e.ends_at),
            places_left: e.places_left(),
            event: e,
        }
    }
}

#[derive(Serialize)]
struct RegistrationOut {
    #[serde(flatten)]
    registration: Registration,
    /// Only for the registrant themself and staff.
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket_url: Option<String>,
}

fn with_ticket(r: Registration) -> RegistrationOut {
    let url = format!("/tickets/{}", r.ticket);
    RegistrationOut {
        registration: r,
        ticket_url: Some(url),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    kind: String,
    when: String,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ListQuery>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    if !q.kind.is_empty() && !KINDS.iter().any(|k| k.as_str() == q.kind) {
        return Err(Error::invalid("kind", "unknown_value").into());
    }
    let upcoming = match q.when.as_str() {
        "" | "upcoming" => Some(true),
        "past" => Some(false),
        "all" => None,
        _ => return Err(Error::invalid("when", "unknown_value").into()),
    };
    let items: Vec<EventOut> = events::list(
        ctx.db(),
        &scope,
        &ListFilter {
            kind: q.kind,
            upcoming,
        },
    )
    .await?
    .into_iter()
    .map(EventOut::from)
    .collect();
    ok(json!({ "items": items }))
}

async fn create(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let input: EventInput = parse_body(&body)?;
    let draft = input.parse(ctx.lang)?;
    let id = events::create(ctx.db(), &scope, &draft).await?;
    created(EventOut::from(events::get(ctx.db(), &scope, id).await?))
}

#[derive(Serialize)]
struct Detail {
    event: EventOut,
    sessions: Vec<Session>,
    shared_with: Vec<String>,
    my_registration: Option<RegistrationOut>,
}

async fn get(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let e = events::get(ctx.db(), &scope, id).await?;
    let sessions = events::sessions(ctx.db(), id).await?;
    let shared_with = if e.cluster_id == scope.cluster_id() && scope.can_manage() {
        events::shares(ctx.db(), id)
            .await?
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    } else {
        Vec::new()
    };
    let my_registration = match &ctx.user {
        Some(u) => events::mine_for(ctx.db(), u.id, &u.email, id)
            .await?
            .map(with_ticket),
        None => None,
    };
    ok(Detail {
        event: e.into(),
        sessions,
        shared_with,
        my_registration,
    })
}

async fn register(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let guest: GuestInput = if body.iter().all(u8::is_ascii_whitespace) {
        GuestInput::default()
    } else {
        parse_body(&body)?
    };
    let who = crate::html::events::registrant(&ctx, &scope, &guest).await?;
    let r = events::register(ctx.db(), &scope, id, &who).await?;
    let e = events::by_id(ctx.db(), id).await?;
    service::notify_quietly(&ctx.state, &r, &e, Notice::of(&r)).await;
    created(with_ticket(r))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    q: String,
}

async fn registrations(
    mut ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<SearchQuery>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let items: Vec<RegistrationOut> = events::registrations(ctx.db(), &scope, id, &q.q)
        .await?
        .into_iter()
        .map(with_ticket)
        .collect();
    ok(json!({ "items": items }))
}

async fn check_in(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id, reg)): Path<(String, i64, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(with_ticket(
        events::check_in(ctx.db(), &scope, id, reg).await?,
    ))
}

async fn cancel(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id, reg)): Path<(String, i64, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let done = events::cancel_by_staff(ctx.db(), &scope, id, reg).await?;
    let e = events::by_id(ctx.db(), id).await?;
    for p in &done.promoted {
        service::notify_quietly(&ctx.state, p, &e, Notice::Promoted).await;
    }
    ok(json!({
        "registration": with_ticket(done.registration),
        "promoted": done.promoted.into_iter().map(with_ticket).collect::<Vec<_>>(),
    }))
}

async fn mine(ctx: Ctx) -> ApiResult {
    let u = ctx.require_user()?;
    let items: Vec<_> = events::mine(ctx.db(), u.id)
        .await?
        .into_iter()
        .map(|(r, e)| json!({"registration": with_ticket(r), "event": EventOut::from(e)}))
        .collect();
    ok(json!({ "items": items }))
}
