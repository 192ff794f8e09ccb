//! Partner suggestions API: the partners suggested to a member organisation (its own users and
//! the cluster's staff; anyone else gets 404) with structured reasons and the same reasons in
//! words in the request's language, and introductions (staff), which record a bilateral
//! meeting linking both organisations, once per pair (a second one is a 409
//! `already_introduced`).

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::html::partners::{reason_text, title};
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::partners;
use serde::Deserialize;
use serde_json::json;

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}/partners",
        doc(
            "Partners suggested to a member organisation, best first: score, reasons (structured: shared_terms, technology, cpv, value_chain, territory) and the same reasons in words in the request's language, whether they were introduced; dismissed=1 includes hidden ones (the organisation's users and the cluster's staff)",
            "partners",
            "Object",
        )
        .query(&["dismissed", "lang"]),
        list,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations/{org}/partners/introductions",
        doc(
            "Introduce a suggested partner (staff): body {\"candidate\": organisation id}; records a bilateral meeting activity linking both organisations and their representatives; 409 already_introduced when the pair was introduced before",
            "partners",
            "Object",
        )
        .created(),
        introduce,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    dismissed: String,
}

async fn list(
    mut ctx: Ctx,
    Path((slug, org)): Path<(String, i64)>,
    Query(q): Query<ListQuery>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let s = partners::suggestions(ctx.db(), &scope, org, t.lang, q.dismissed == "1", 50).await?;
    let items: Vec<_> = s
        .items
        .iter()
        .map(|i| {
            json!({
                "organisation_id": i.organisation_id,
                "name": i.name,
                "entity_type": i.entity_type,
                "territory": i.territory,
                "score": i.score,
                "reasons": i.reasons,
                "why": i.reasons.iter().map(|r| reason_text(&t, r)).collect::<Vec<_>>(),
                "dismissed": i.dismissed,
                "introduced": i.introduced,
            })
        })
        .collect();
    ok(json!({
        "organisation_id": s.organisation_id,
        "name": s.name,
        "no_needs": s.no_needs,
        "dismissed": s.dismissed,
        "introductions": s.introductions.iter().map(|(id, name, i)| json!({
            "organisation_id": id, "name": name, "activity_id": i.activity_id, "created_at": i.created_at,
        })).collect::<Vec<_>>(),
        "total": items.len(),
        "items": items,
    }))
}

#[derive(Deserialize)]
struct IntroductionBody {
    candidate: i64,
}

async fn introduce(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, org)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    let b: IntroductionBody = parse_body(&body)
        .map_err(|_| Error::Validation(vec![FieldError::new("candidate", "required")]))?;
    let title = title(&ctx, org, b.candidate).await;
    let done = partners::introduce(ctx.db(), &scope, org, b.candidate, &title).await?;
    created(done)
}
