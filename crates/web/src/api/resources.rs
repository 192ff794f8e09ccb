//! Resource maps over the API: the catalogue, what fits a member, staff edits and members'
//! suggestions.

use super::{ApiResult, created, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use clusterhub_core::access::Scope;
use clusterhub_core::resource::{ResourceForm, ResourceInput, Status};
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters;
use clusterhub_db::resources::{self, Filter};
use serde::Deserialize;
use serde_json::json;

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/resources",
        doc(
            "The cluster's resource map (published resources; staff see suggestions too)",
            "resources",
            "ResourceList",
        )
        .query(&["kind", "q", "country", "status"]),
        list,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/resources",
        doc("Add a published resource (staff)", "resources", "Resource")
            .body("NewResource")
            .created(),
        create,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/resources/for-you",
        doc(
            "Resources that fit a member, best first, with the reasons (member users: their organisation; staff: ?organisation=ID)",
            "resources",
            "ForYou",
        )
        .query(&["organisation", "limit"]),
        for_you,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/resources/suggestions",
        doc(
            "Suggest a resource for the map (members); staff approve or reject it",
            "resources",
            "Resource",
        )
        .body("NewResource")
        .created(),
        suggest,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/resources/{resource}",
        doc("One resource", "resources", "Resource"),
        get,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/resources/{resource}",
        doc("Replace a resource (staff)", "resources", "Resource").body("NewResource"),
        update,
    )
    .api(
        "DELETE",
        "/api/v1/clusters/{slug}/resources/{resource}",
        doc("Delete a resource (staff)", "resources", "Object"),
        delete,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/resources/{resource}/approve",
        doc("Publish a member's suggestion (staff)", "resources", "Resource"),
        approve,
    )
    .api(
        "POST",
        "/api/v1/clusters/{slug}/resources/{resource}/reject",
        doc("Reject a member's suggestion (staff)", "resources", "Resource"),
        reject,
    )
}

async fn list(mut ctx: Ctx, Path(slug): Path<String>, Query(f): Query<Filter>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let items = resources::list(ctx.db(), &scope, &f).await?;
    ok(json!({"items": items, "total": items.len()}))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ForYouQuery {
    organisation: String,
    limit: String,
}

async fn for_you(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ForYouQuery>,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let bad = |field: &str, v: &str| {
        Error::Validation(vec![FieldError::new(field, "invalid_number").detail(v)])
    };
    let org = match q.organisation.trim() {
        "" => match scope.own_organisation() {
            Some(o) => o,
            None if scope.can_manage() => {
                return Err(Error::invalid("organisation", "required").into());
            }
            None => {
                scope.require(false)?;
                return Err(Error::Forbidden.into());
            }
        },
        v => v.parse::<i64>().map_err(|_| bad("organisation", v))?,
    };
    let limit = match q.limit.trim() {
        "" => 12,
        v => v
            .parse::<usize>()
            .map_err(|_| bad("limit", v))?
            .clamp(1, 100),
    };
    ok(resources::for_you(ctx.db(), &scope, org, limit).await?)
}

async fn input(ctx: &Ctx, scope: &Scope, body: &[u8]) -> Result<ResourceInput, Error> {
    let form: ResourceForm = parse_body(body)?;
    let codes: Vec<String> = clusters::subsectors(ctx.db(), scope.cluster_id())
        .await?
        .into_iter()
        .map(|s| s.code)
        .collect();
    form.parse(&codes)
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
    let i = input(&ctx, &scope, &body).await?;
    let id = resources::create(ctx.db(), &scope, &i).await?;
    created(resources::get(ctx.db(), &scope, id).await?)
}

async fn suggest(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.is_insider())?;
    let i = input(&ctx, &scope, &body).await?;
    let id = resources::suggest(ctx.db(), &scope, &i).await?;
    created(resources::get(ctx.db(), &scope, id).await?)
}

async fn get(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    ok(resources::get(ctx.db(), &scope, id).await?)
}

async fn update(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_manage())?;
    resources::get(ctx.db(), &scope, id).await?;
    let i = input(&ctx, &scope, &body).await?;
    ok(resources::update(ctx.db(), &scope, id, &i).await?)
}

async fn delete(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    resources::delete(ctx.db(), &scope, id).await?;
    ok(json!({"deleted": id}))
}

async fn decide(ctx: &mut Ctx, headers: &HeaderMap, slug: &str, id: i64, to: Status) -> ApiResult {
    guard_write(ctx, headers)?;
    let (_, scope) = ctx.cluster(slug).await?;
    ok(resources::decide(ctx.db(), &scope, id, to).await?)
}

async fn approve(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult {
    decide(&mut ctx, &headers, &slug, id, Status::Published).await
}

async fn reject(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult {
    decide(&mut ctx, &headers, &slug, id, Status::Rejected).await
}
