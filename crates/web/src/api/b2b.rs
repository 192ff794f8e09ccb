//! B2B matchmaking API: participants, meeting requests (create, accept, decline), availability,
//! the scheduler's run (staff) and the caller's agenda. The same repository and service as the
//! pages, so the same rules: an event of another cluster, or one the caller neither organises
//! nor takes part in, is 404.

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::b2b as service;
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::Error;
use clusterhub_core::b2b::RequestInput;
use clusterhub_db::b2b::{self, Access, Answer};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/events/{event}/b2b/participants",
        doc(
            "Participants of a B2B event with a published profile (all of them for the organiser), filtered by words in names, profiles, keywords and marketplace items",
            "b2b",
            "B2bParticipantList",
        )
        .query(&["q"]),
        participants,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/events/{event}/b2b/requests",
        doc(
            "The caller's meeting requests, sent and received (every request of the event for the organiser)",
            "b2b",
            "B2bRequestList",
        ),
        requests,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events/{event}/b2b/requests",
        doc(
            "Ask a participant of the same event for a meeting; asking someone who already asked you accepts theirs as mutual interest",
            "b2b",
            "B2bRequest",
        )
        .body("B2bRequestBody")
        .created(),
        create_request,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events/{event}/b2b/requests/{b2b_request}/accept",
        doc("Accept a pending request made to the caller", "b2b", "B2bRequest"),
        accept,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events/{event}/b2b/requests/{b2b_request}/decline",
        doc("Decline a pending request made to the caller", "b2b", "B2bRequest"),
        decline,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/events/{event}/b2b/availability",
        doc(
            "The event's slots and whether the caller is available in each",
            "b2b",
            "B2bAvailability",
        ),
        availability,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/events/{event}/b2b/availability",
        doc(
            "Set the caller's availability: the slots listed are available, the others not; an id that is not a slot of the event is refused",
            "b2b",
            "B2bAvailability",
        )
        .body("B2bAvailabilityBody"),
        set_availability,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/events/{event}/b2b/schedule",
        doc(
            "Run the scheduler (staff): accepted requests placed on slots and tables, locked meetings kept; the schedule is unpublished until published on the organiser's page",
            "b2b",
            "B2bRunReport",
        ),
        run,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/events/{event}/b2b/agenda",
        doc(
            "The caller's meetings once the schedule is published: slot, UTC and local times, table, counterpart",
            "b2b",
            "B2bAgenda",
        ),
        agenda,
    )
}

async fn gate(ctx: &mut Ctx, slug: &str, event: i64) -> Result<Access, Error> {
    let (_, scope) = ctx.cluster(slug).await?;
    b2b::access(ctx.db(), &scope, event).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Filter {
    q: String,
}

async fn participants(
    mut ctx: Ctx,
    Path((slug, event)): Path<(String, i64)>,
    Query(f): Query<Filter>,
) -> ApiResult {
    let a = gate(&mut ctx, &slug, event).await?;
    let items = b2b::items(ctx.db(), &a, "").await?;
    let list: Vec<Value> = b2b::participants(ctx.db(), &a, &f.q, true)
        .await?
        .into_iter()
        .map(|p| {
            let mine: Vec<Value> = items
                .iter()
                .filter(|i| i.participant_id == p.id)
                .map(|i| json!({"id": i.id, "kind": i.kind, "title": i.title, "description": i.description}))
                .collect();
            json!({
                "id": p.id, "name": p.name, "organisation": p.organisation_name, "profile": p.profile,
                "tags": p.tags.split_whitespace().collect::<Vec<_>>(), "published": p.published, "items": mine,
            })
        })
        .collect();
    ok(json!({"items": list}))
}

fn request_out(r: &b2b::Request) -> Value {
    json!({
        "id": r.id, "from": r.from_participant, "to": r.to_participant, "from_name": r.from_name,
        "from_organisation": r.from_organisation, "to_name": r.to_name, "to_organisation": r.to_organisation,
        "message": r.message, "status": r.status, "mutual": r.mutual, "from_starred": r.from_starred,
        "to_starred": r.to_starred, "created_at": r.created_at,
    })
}

async fn requests(mut ctx: Ctx, Path((slug, event)): Path<(String, i64)>) -> ApiResult {
    let a = gate(&mut ctx, &slug, event).await?;
    let list = match a.me() {
        Some(p) => b2b::requests_of(ctx.db(), &a, p.id).await?,
        None => b2b::all_requests(ctx.db(), &a).await?,
    };
    ok(json!({"items": list.iter().map(request_out).collect::<Vec<_>>()}))
}

async fn one_request(ctx: &Ctx, a: &Access, id: i64) -> Result<Value, Error> {
    let me = a.participant()?;
    b2b::requests_of(ctx.db(), a, me.id)
        .await?
        .iter()
        .find(|r| r.id == id)
        .map(request_out)
        .ok_or(Error::NotFound)
}

#[derive(Deserialize)]
struct RequestBody {
    to: i64,
    #[serde(default)]
    message: String,
}

async fn create_request(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let a = gate(&mut ctx, &slug, event).await?;
    let me = a.participant()?.id;
    let b: RequestBody = parse_body(&body)?;
    let input =
        RequestInput::parse(me, &b.to.to_string(), &b.message).map_err(Error::Validation)?;
    let id = b2b::request_meeting(ctx.db(), &a, &input).await?;
    created(one_request(&ctx, &a, id).await?)
}

async fn answer(
    ctx: &mut Ctx,
    headers: &HeaderMap,
    slug: &str,
    event: i64,
    id: i64,
    how: Answer,
) -> ApiResult {
    guard_write(ctx, headers)?;
    let a = gate(ctx, slug, event).await?;
    b2b::answer(ctx.db(), &a, id, how).await?;
    ok(one_request(ctx, &a, id).await?)
}

async fn accept(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event, id)): Path<(String, i64, i64)>,
) -> ApiResult {
    answer(&mut ctx, &headers, &slug, event, id, Answer::Accept).await
}

async fn decline(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event, id)): Path<(String, i64, i64)>,
) -> ApiResult {
    answer(&mut ctx, &headers, &slug, event, id, Answer::Decline).await
}

async fn availability_out(ctx: &Ctx, a: &Access) -> Result<Value, Error> {
    let me = a.participant()?;
    let off = b2b::unavailable(ctx.db(), me.id).await?;
    let zone = a.event().time_zone.clone();
    let slots: Vec<Value> = b2b::slots(ctx.db(), a)
        .await?
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id, "number": s.number, "starts_at": s.starts_at, "ends_at": s.ends_at,
                "local_start": service::local(&zone, &s.starts_at), "tables": s.tables,
                "available": !off.contains(&s.id),
            })
        })
        .collect();
    Ok(json!({"time_zone": zone, "slots": slots}))
}

async fn availability(mut ctx: Ctx, Path((slug, event)): Path<(String, i64)>) -> ApiResult {
    let a = gate(&mut ctx, &slug, event).await?;
    ok(availability_out(&ctx, &a).await?)
}

#[derive(Deserialize)]
struct AvailabilityBody {
    available: Vec<Value>,
}

async fn set_availability(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let a = gate(&mut ctx, &slug, event).await?;
    a.participant()?;
    let b: AvailabilityBody = parse_body(&body)?;
    let ticked: Vec<String> = b
        .available
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let ids: Vec<i64> = b2b::slots(ctx.db(), &a)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let on = clusterhub_core::b2b::parse_availability(&ids, &ticked).map_err(Error::Validation)?;
    b2b::set_availability(ctx.db(), &a, &on).await?;
    ok(availability_out(&ctx, &a).await?)
}

async fn run(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event)): Path<(String, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let a = gate(&mut ctx, &slug, event).await?;
    a.require_organiser()?;
    ok(service::run(ctx.db(), &a).await?)
}

async fn agenda(mut ctx: Ctx, Path((slug, event)): Path<(String, i64)>) -> ApiResult {
    let a = gate(&mut ctx, &slug, event).await?;
    let me = a.participant()?.id;
    let info = b2b::run_info(ctx.db(), &a).await?;
    let zone = a.event().time_zone.clone();
    let items: Vec<Value> = b2b::agenda(ctx.db(), &a, me)
        .await?
        .iter()
        .map(|m| {
            let (id, name, org) = m.counterpart(me);
            json!({
                "meeting": m.id, "slot": m.slot_number, "table": m.table_no, "starts_at": m.starts_at,
                "ends_at": m.ends_at, "local_start": service::local(&zone, &m.starts_at),
                "local_end": service::local(&zone, &m.ends_at), "with": {"participant": id, "name": name, "organisation": org},
                "message": m.message,
            })
        })
        .collect();
    ok(json!({"published": info.published_at.is_some(), "time_zone": zone, "items": items}))
}
