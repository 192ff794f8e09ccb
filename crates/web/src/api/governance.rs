use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::HeaderMap;
use clusterhub_db::governance;
use serde::Deserialize;
use serde_json::json;

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/groups",
        doc(
            "Board, assembly, committees and working groups",
            "governance",
            "GroupList",
        ),
        list,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/groups/{group}",
        doc("A group with its members", "governance", "Group"),
        get,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/groups/{group}/meetings",
        doc("Meetings of a group", "governance", "MeetingList"),
        meetings,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/groups/{group}/meetings",
        doc("Schedule a meeting", "governance", "Meeting")
            .body("NewMeeting")
            .created(),
        create_meeting,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/groups/{group}/members",
        doc(
            "Seat a person in a group with a role and term",
            "governance",
            "Group",
        )
        .body("Seat"),
        seat,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/meetings/{meeting}",
        doc("A meeting with its attendance", "governance", "Meeting"),
        meeting,
    )
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let groups = governance::list(ctx.db(), &scope).await?;
    ok(
        json!({"items": groups.iter().map(|g| json!({"id": g.id, "kind": g.kind, "code": g.code, "name": g.name().0,
        "starts_on": g.starts_on, "ends_on": g.ends_on, "member_count": g.member_count})).collect::<Vec<_>>()}),
    )
}

async fn get(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let g = governance::get(ctx.db(), &scope, id).await?;
    let members = governance::members(ctx.db(), &scope, id).await?;
    ok(
        json!({"id": g.id, "kind": g.kind, "code": g.code, "name": g.name().0, "description": g.description().0,
        "starts_on": g.starts_on, "ends_on": g.ends_on, "members": members}),
    )
}

async fn meetings(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(json!({"items": governance::meetings(ctx.db(), &scope, id).await?}))
}

#[derive(Deserialize)]
struct NewMeeting {
    title: String,
    starts_at: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    agenda: String,
}

async fn create_meeting(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let m: NewMeeting = parse_body(&body)?;
    let mid = governance::create_meeting(
        ctx.db(),
        &scope,
        id,
        &m.title,
        &m.starts_at,
        &m.location,
        &m.agenda,
    )
    .await?;
    created(governance::meeting(ctx.db(), &scope, mid).await?)
}

async fn meeting(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let m = governance::meeting(ctx.db(), &scope, id).await?;
    let attendance = governance::attendance(ctx.db(), &scope, id).await?;
    let mut v =
        serde_json::to_value(&m).map_err(|e| clusterhub_core::Error::Internal(e.to_string()))?;
    v["attendance"] = json!(attendance);
    ok(v)
}

#[derive(Deserialize)]
struct Seat {
    person_id: i64,
    #[serde(default = "member")]
    role: String,
    #[serde(default)]
    term_start: String,
    #[serde(default)]
    term_end: String,
}

fn member() -> String {
    "member".into()
}

async fn seat(
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let mut ctx = ctx;
    let (_, scope) = ctx.cluster(&slug).await?;
    let s: Seat = parse_body(&body)?;
    governance::seat(
        ctx.db(),
        &scope,
        id,
        s.person_id,
        &s.role,
        &s.term_start,
        &s.term_end,
    )
    .await?;
    get(ctx, Path((slug, id))).await
}
