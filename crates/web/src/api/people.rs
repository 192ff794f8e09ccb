use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_db::people::{self, PersonForm};
use serde::Deserialize;
use serde_json::json;

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/people",
        doc(
            "People of the cluster's member organisations",
            "people",
            "PersonPage",
        )
        .query(&["q", "page", "per_page"]),
        list,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/people/{person}",
        doc("One person and their organisations", "people", "Person"),
        get,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/people/{person}",
        doc("Update a person", "people", "Person").body("PersonInput"),
        update,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/organisations/{org}/people",
        doc("Add a person to a member organisation", "people", "Person")
            .body("PersonInput")
            .created(),
        create,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PeopleQuery {
    q: String,
    page: i64,
    per_page: i64,
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PeopleQuery>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let per_page = if q.per_page <= 0 {
        50
    } else {
        q.per_page.min(200)
    };
    let page = q.page.max(1);
    let (items, total) =
        people::list(ctx.db(), &scope, &q.q, per_page, (page - 1) * per_page).await?;
    ok(json!({"items": items, "total": total, "page": page, "per_page": per_page}))
}

async fn person_json(
    ctx: &Ctx,
    scope: &clusterhub_core::access::Scope,
    id: i64,
) -> Result<serde_json::Value, clusterhub_core::Error> {
    let (p, orgs) = people::get(ctx.db(), scope, id).await?;
    Ok(
        json!({"id": p.id, "first_name": p.first_name, "last_name": p.last_name, "email": p.email, "phone": p.phone, "job_title": p.job_title,
        "organisations": orgs.iter().map(|o| json!({"id": o.organisation_id, "name": o.organisation})).collect::<Vec<_>>()}),
    )
}

async fn get(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(person_json(&ctx, &scope, id).await?)
}

async fn update(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    people::get(ctx.db(), &scope, id).await?;
    let f: PersonForm = parse_body(&body)?;
    people::update(ctx.db(), &scope, id, &f.parse()?).await?;
    ok(person_json(&ctx, &scope, id).await?)
}

async fn create(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, org)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    clusterhub_db::organisations::get(ctx.db(), &scope, org).await?;
    let f: PersonForm = parse_body(&body)?;
    let id = people::add_to_organisation(ctx.db(), &scope, org, &f.parse()?).await?;
    created(person_json(&ctx, &scope, id).await?)
}
