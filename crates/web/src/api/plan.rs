//! Activity log and scorecard over the API.

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use crate::scorecard;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::Error;
use clusterhub_db::activities::{self, ListFilter};
use clusterhub_plan::activity::ActivityInput;
use serde::Deserialize;
use serde_json::json;

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/activities",
        doc("The activity log, newest first", "strategy", "ActivityList")
            .query(&["kind", "from", "to", "q", "page"]),
        list,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/activities",
        doc("Record an activity", "strategy", "Activity")
            .body("NewActivity")
            .created(),
        create,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/activities/{activity}",
        doc("An activity with its links", "strategy", "Activity"),
        get,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/activities/{activity}",
        doc("Replace an activity", "strategy", "Activity").body("NewActivity"),
        update,
    )
    .api(
        "DELETE",
        "/api/v1/clusters/{slug}/activities/{activity}",
        doc("Delete an activity", "strategy", "Object"),
        delete,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/scorecard",
        doc(
            "Every indicator of the plan over a period, with target and light",
            "strategy",
            "Scorecard",
        )
        .query(&["period", "plan"]),
        board,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/scorecard/{code}/records",
        doc(
            "The records behind an indicator's value",
            "strategy",
            "RecordList",
        )
        .query(&["period", "plan"]),
        records,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    kind: String,
    from: String,
    to: String,
    q: String,
    page: i64,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ListQuery>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let f = ListFilter {
        kind: opt(&q.kind),
        from: opt(&q.from),
        to: opt(&q.to),
        text: opt(&q.q),
        page: q.page.max(0),
        ..Default::default()
    };
    let (items, total) = activities::list(ctx.db(), &scope, &f).await?;
    ok(json!({"items": items, "total": total, "page": f.page}))
}

async fn detail(
    ctx: &Ctx,
    scope: &clusterhub_core::access::Scope,
    id: i64,
) -> Result<serde_json::Value, Error> {
    let d = activities::get(ctx.db(), scope, id).await?;
    let mut v = serde_json::to_value(&d.row).map_err(|e| Error::Internal(e.to_string()))?;
    v["items"] = json!(d.items);
    v["organisations"] = json!(
        d.organisations
            .iter()
            .map(|(id, n)| json!({"id": id, "name": n}))
            .collect::<Vec<_>>()
    );
    v["people"] = json!(
        d.people
            .iter()
            .map(|(id, n)| json!({"id": id, "name": n}))
            .collect::<Vec<_>>()
    );
    Ok(v)
}

async fn get(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(detail(&ctx, &scope, id).await?)
}

async fn create(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let input: ActivityInput = parse_body(&body)?;
    let id = scorecard::save_activity(&ctx.state, &scope, None, &input).await?;
    created(detail(&ctx, &scope, id).await?)
}

async fn update(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let input: ActivityInput = parse_body(&body)?;
    activities::get(ctx.db(), &scope, id).await?;
    scorecard::save_activity(&ctx.state, &scope, Some(id), &input).await?;
    ok(detail(&ctx, &scope, id).await?)
}

async fn delete(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scorecard::delete_activity(&ctx.state, &scope, id).await?;
    ok(json!({"deleted": id}))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct BoardQuery {
    period: String,
    plan: String,
}

async fn board(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<BoardQuery>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let wanted = clusterhub_plan::Period::parse("period", &q.period).ok();
    if !q.period.is_empty() && wanted.is_none() {
        return Err(Error::Validation(vec![
            clusterhub_core::FieldError::new("period", "invalid_period").detail(&q.period),
        ])
        .into());
    }
    let year = wanted.map_or(scorecard::today().year(), |p| p.end.year());
    let plan = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let (row, engine) = scorecard::engine(&ctx.state, &scope, plan, year)
        .await?
        .ok_or(Error::NotFound)?;
    let e = engine
        .read()
        .map_err(|_| Error::Internal("scorecard lock".into()))?;
    let p = crate::html::scorecard::period_of(&q.period, e.plan().from, e.plan().to)?;
    let items: Vec<_> = scorecard::views(&e, &p, scorecard::today(), scorecard::today().year())
        .into_iter()
        .map(|v| {
            let ind = e.plan().indicator(&v.code);
            json!({
                "code": v.code, "level": v.level, "group": v.group, "unit": v.unit,
                "name": ind.map(|i| &i.name),
                "value": v.value.value, "target": v.value.target, "light": v.value.light,
                "trend": v.trend.iter().map(|(y, t)| json!({"year": y, "value": t.value, "target": t.target, "light": t.light})).collect::<Vec<_>>(),
            })
        })
        .collect();
    ok(json!({"plan": row.code, "revision": row.revision, "period": p.label(), "items": items}))
}

async fn records(
    mut ctx: Ctx,
    Path((slug, code)): Path<(String, String)>,
    Query(q): Query<BoardQuery>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let year = clusterhub_plan::Period::parse("period", &q.period)
        .map_or(scorecard::today().year(), |p| p.end.year());
    let plan = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let (_, engine) = scorecard::engine(&ctx.state, &scope, plan, year)
        .await?
        .ok_or(Error::NotFound)?;
    let (records, period) = {
        let e = engine
            .read()
            .map_err(|_| Error::Internal("scorecard lock".into()))?;
        e.plan().indicator(&code).ok_or(Error::NotFound)?;
        let p = crate::html::scorecard::period_of(&q.period, e.plan().from, e.plan().to)?;
        (e.records(&code, &p), p)
    };
    let rows = clusterhub_db::plans::describe(ctx.db(), &scope, &records, 10_000).await?;
    ok(json!({"indicator": code, "period": period.label(), "total": records.len(), "items": rows}))
}
