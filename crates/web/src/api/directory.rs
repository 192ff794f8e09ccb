//! Directory search and rich profiles over the API. The same search as the pages: a reader
//! reaches only the documents of their tier, and other clusters' public ones.

use super::{ApiResult, doc, guard_write, ok, parse_body};
use crate::Ctx;
use crate::routes::Routes;
use crate::search::{self, Ask};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::HeaderMap;
use clusterhub_core::profile::{Profile, ProfileForm, VisibilityMap};
use clusterhub_db::{profiles, search_docs};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const QUERY: &[&str] = &[
    "q",
    "subsector",
    "entity_type",
    "typology",
    "territory",
    "certification",
    "trl",
    "value_chain",
    "all",
    "page",
];

pub fn routes(r: Routes) -> Routes {
    r.api(
        "GET",
        "/api/v1/clusters/{slug}/search",
        doc(
            "Search the directory (names, descriptions, capabilities, products, tags; facets)",
            "directory",
            "SearchResults",
        )
        .query(QUERY),
        cluster_search,
    )
    .api(
        "GET",
        "/api/v1/search",
        doc(
            "Search the public directories of every cluster that shares its directory",
            "directory",
            "SearchResults",
        )
        .query(QUERY),
        public_search,
    )
    .api(
        "GET",
        "/api/v1/clusters/{slug}/organisations/{org}/profile",
        doc(
            "An organisation's rich profile, as far as the reader may see it",
            "directory",
            "Profile",
        ),
        get_profile,
    )
    .api(
        "PUT",
        "/api/v1/clusters/{slug}/organisations/{org}/profile",
        doc(
            "Replace an organisation's rich profile and field visibility",
            "directory",
            "Profile",
        )
        .body("ProfileBody"),
        put_profile,
    )
}

async fn cluster_search(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let ask = Ask::parse(raw.as_deref().unwrap_or(""))?;
    let sharing = search_docs::sharing_clusters(ctx.db()).await?;
    let views = search::views(&scope, &sharing, ask.all);
    ok(search::run(&ctx.state, &views, &ask, ctx.lang).await?)
}

async fn public_search(ctx: Ctx, RawQuery(raw): RawQuery) -> ApiResult {
    let ask = Ask::parse(raw.as_deref().unwrap_or(""))?;
    let sharing = search_docs::sharing_clusters(ctx.db()).await?;
    let mut out = search::run(&ctx.state, &search::public_views(&sharing), &ask, ctx.lang).await?;
    out.facets.remove("subsector");
    out.facets.remove("typology");
    ok(out)
}

#[derive(Serialize)]
struct ProfileOut {
    organisation_id: i64,
    /// What this reader sees: public, members or staff.
    level: String,
    profile: Profile,
    /// Field visibility, shown to those who may edit it.
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<VisibilityMap>,
    logo: bool,
    updated_at: Option<String>,
}

async fn profile_out(ctx: &Ctx, scope: &clusterhub_core::access::Scope, id: i64) -> ApiResult {
    let v = profiles::view(ctx.db(), scope, id).await?;
    ok(ProfileOut {
        organisation_id: id,
        level: v.level.as_str().to_string(),
        visibility: scope.can_edit_organisation(id).then_some(v.visibility),
        profile: v.profile,
        logo: v.logo,
        updated_at: v.updated_at,
    })
}

async fn get_profile(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> ApiResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    profile_out(&ctx, &scope, id).await
}

#[derive(Deserialize)]
struct ProfileBody {
    profile: Profile,
    #[serde(default)]
    visibility: BTreeMap<String, String>,
}

async fn put_profile(
    mut ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult {
    guard_write(&ctx, &headers)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let b: ProfileBody = parse_body(&body)?;
    // The typed form's rules apply to the API too (TRL range, tag lengths, countries…).
    let mut form = ProfileForm::from_profile(&b.profile, &VisibilityMap::default());
    form.visibility = b.visibility;
    let (p, vis) = form.parse()?;
    profiles::save(ctx.db(), &scope, id, &p, &vis).await?;
    profile_out(&ctx, &scope, id).await
}
