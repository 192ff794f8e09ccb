//! JSON API under /api/v1. Authenticated by `Authorization: Bearer <token>` or by the browser
//! session (then writes need the `X-CSRF-Token` header). Errors are RFC 9457 problem details.

mod b2b;
mod desk;
mod directory;
mod events;
mod governance;
mod organisations;
mod partners;
mod people;
mod plan;
mod resources;
mod watch;

use crate::Ctx;
use crate::error::ApiError;
use crate::routes::Routes;
use axum::Json;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use clusterhub_core::{Error, FieldError};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub type ApiResult = Result<Response, ApiError>;

/// What the OpenAPI document says of a route.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    pub summary: &'static str,
    pub tag: &'static str,
    /// Component schema of the request body, if any.
    pub body: Option<&'static str>,
    /// Component schema of the 2xx response.
    pub response: &'static str,
    /// Query parameters accepted.
    pub query: &'static [&'static str],
    pub status: u16,
}

pub const fn doc(summary: &'static str, tag: &'static str, response: &'static str) -> Doc {
    Doc {
        summary,
        tag,
        body: None,
        response,
        query: &[],
        status: 200,
    }
}

impl Doc {
    pub const fn body(mut self, schema: &'static str) -> Self {
        self.body = Some(schema);
        self
    }
    pub const fn query(mut self, q: &'static [&'static str]) -> Self {
        self.query = q;
        self
    }
    pub const fn created(mut self) -> Self {
        self.status = 201;
        self
    }
}

pub fn routes(r: Routes) -> Routes {
    let r = r
        .api(
            "GET",
            "/api/v1/openapi.json",
            doc("This OpenAPI document", "meta", "Object"),
            openapi,
        )
        .api(
            "GET",
            "/api/v1/me",
            doc("The authenticated user and their roles", "meta", "Me"),
            me,
        )
        .api(
            "GET",
            "/api/v1/clusters",
            doc("Clusters hosted here", "clusters", "ClusterList"),
            clusters,
        );
    let r = organisations::routes(r);
    let r = people::routes(r);
    let r = plan::routes(r);
    let r = directory::routes(r);
    let r = resources::routes(r);
    let r = desk::routes(r);
    let r = watch::routes(r);
    let r = events::routes(r);
    let r = b2b::routes(r);
    let r = partners::routes(r);
    governance::routes(r)
}

pub fn ok<T: Serialize>(v: T) -> ApiResult {
    Ok(Json(v).into_response())
}

pub fn created<T: Serialize>(v: T) -> ApiResult {
    Ok((axum::http::StatusCode::CREATED, Json(v)).into_response())
}

/// Parses a JSON body; a malformed body is a validation problem naming what is wrong.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| {
        let field = if e.is_data() {
            e.to_string()
                .split('`')
                .nth(1)
                .unwrap_or("body")
                .to_string()
        } else {
            "body".to_string()
        };
        Error::Validation(vec![
            FieldError::new(field, "invalid_json").detail(e.to_string()),
        ])
    })
}

/// Session-authenticated writes must prove they come from our own pages.
pub fn guard_write(ctx: &Ctx, headers: &HeaderMap) -> Result<(), Error> {
    if !ctx.via_token && ctx.user.is_none() {
        return Err(Error::Unauthorized);
    }
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    ctx.check_csrf(sent)
}

async fn openapi() -> ApiResult {
    ok(crate::openapi::document())
}

#[derive(Serialize)]
struct Me {
    id: i64,
    email: String,
    name: String,
    platform_admin: bool,
    roles: Vec<RoleOut>,
}

#[derive(Serialize)]
struct RoleOut {
    cluster: String,
    role: String,
    organisation_id: Option<i64>,
}

async fn me(ctx: Ctx) -> ApiResult {
    let u = ctx.require_user()?;
    let all = clusterhub_db::clusters::list(ctx.db()).await?;
    let roles = ctx
        .principal
        .roles
        .iter()
        .filter_map(|r| {
            all.iter().find(|c| c.id == r.cluster_id).map(|c| RoleOut {
                cluster: c.slug.clone(),
                role: r.role.as_str().into(),
                organisation_id: r.organisation_id,
            })
        })
        .collect();
    ok(Me {
        id: u.id,
        email: u.email.clone(),
        name: u.name.clone(),
        platform_admin: u.is_platform_admin,
        roles,
    })
}

#[derive(Serialize)]
struct ClusterOut {
    slug: String,
    name: String,
    default_locale: String,
    locales: Vec<String>,
    territories: Vec<String>,
}

async fn clusters(ctx: Ctx) -> ApiResult {
    let list: Vec<ClusterOut> = clusterhub_db::clusters::list(ctx.db())
        .await?
        .into_iter()
        .map(|c| ClusterOut {
            locales: c.locale_list().iter().map(|s| s.to_string()).collect(),
            territories: c.territory_list().iter().map(|s| s.to_string()).collect(),
            slug: c.slug,
            name: c.name,
            default_locale: c.default_locale,
        })
        .collect();
    ok(serde_json::json!({ "items": list }))
}
