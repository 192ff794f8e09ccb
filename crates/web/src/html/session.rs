//! Home, login and logout, language choice, the user's account and API tokens, health and assets.

use super::layout::Layout;
use super::{PageResult, render, render_status};
use crate::auth;
use crate::routes::Routes;
use crate::{Ctx, error::PageError};
use askama::Template;
use axum::Form;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use clusterhub_core::Error;
use clusterhub_db::clusters::{self, Cluster};
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/", home)
        .get("/healthz", healthz)
        .get("/static/app.css", css)
        .get("/static/vendor/htmx.min.js", htmx)
        .get("/login", login_form)
        .post("/login", login)
        .post("/logout", logout)
        .post("/lang", set_lang)
        .get("/account", account)
        .post("/account/tokens", create_token)
        .post("/account/tokens/{token}/revoke", revoke_token)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

/// htmx, vendored from its npm package (see crates/web/assets) so nothing downloads at run time.
async fn htmx() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("../../static/vendor/htmx.min.js"),
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    l: Layout,
    clusters: Vec<Cluster>,
}

async fn home(ctx: Ctx) -> PageResult {
    let clusters = clusters::list(ctx.db()).await?;
    let l = Layout::new(&ctx, ctx.tr().t("home-title"), None).await;
    render(&Home { l, clusters })
}

#[derive(Template)]
#[template(path = "login.html")]
struct Login {
    l: Layout,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    let l = Layout::new(&ctx, ctx.tr().t("login-title"), None).await;
    render(&Login {
        l,
        email: String::new(),
        next: q.next,
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    csrf: String,
}

/// Only local paths are followed after login, never another site.
fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

async fn login(ctx: Ctx, Form(f): Form<LoginForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    match auth::authenticate(&ctx.state, &f.email, &f.password).await {
        Ok(user) => {
            let cookie = auth::start_session(&ctx.state, user.id).await?;
            let principal = clusterhub_db::users::principal(ctx.db(), &user).await?;
            let target = match safe_next(&f.next) {
                Some(n) => n.to_string(),
                None => match principal.roles.first() {
                    Some(r) if !principal.platform_admin => {
                        format!("/c/{}", clusters::by_id(ctx.db(), r.cluster_id).await?.slug)
                    }
                    _ => "/".to_string(),
                },
            };
            let mut res = Redirect::to(&target).into_response();
            res.headers_mut().append(header::SET_COOKIE, cookie);
            if let Some(l) = &user.locale {
                res.headers_mut().append(
                    header::SET_COOKIE,
                    auth::set_cookie(&ctx.state, auth::LANG_COOKIE, l, 31536000, false),
                );
            }
            Ok(res)
        }
        Err(e @ (Error::Unauthorized | Error::RateLimited)) => {
            let t = ctx.tr();
            let status = if matches!(e, Error::RateLimited) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let error = Some(t.t(if matches!(e, Error::RateLimited) {
                "login-rate-limited"
            } else {
                "login-failed"
            }));
            let l = Layout::new(&ctx, t.t("login-title"), None).await;
            render_status(
                status,
                &Login {
                    l,
                    email: f.email,
                    next: f.next,
                    error,
                },
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(ctx: Ctx, headers: HeaderMap, Form(f): Form<CsrfForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    if let Some(tok) = auth::cookie(&headers, auth::SESSION_COOKIE) {
        clusterhub_db::users::delete_session(ctx.db(), &auth::sha256_hex(tok)).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(&ctx.state, auth::SESSION_COOKIE, "", 0, true),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    back: String,
    #[serde(default)]
    csrf: String,
}

/// Remembers the language in a cookie and, for signed-in users, in their profile.
async fn set_lang(ctx: Ctx, Form(f): Form<LangForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let lang = clusterhub_i18n::LOCALES
        .iter()
        .find(|l| **l == f.lang)
        .ok_or_else(|| Error::invalid("lang", "unknown_value"))?;
    if let Some(u) = &ctx.user {
        clusterhub_db::users::set_locale(ctx.db(), u.id, lang).await?;
    }
    let mut res = Redirect::to(safe_next(&f.back).unwrap_or("/")).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(&ctx.state, auth::LANG_COOKIE, lang, 31536000, false),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "account.html")]
struct Account {
    l: Layout,
    email: String,
    tokens: Vec<clusterhub_db::users::TokenInfo>,
    new_token: Option<String>,
}

async fn account(ctx: Ctx) -> PageResult {
    let user = ctx.require_user()?;
    let tokens = clusterhub_db::users::tokens(ctx.db(), user.id).await?;
    let l = Layout::new(&ctx, ctx.tr().t("account-title"), None).await;
    render(&Account {
        l,
        email: user.email.clone(),
        tokens,
        new_token: None,
    })
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    csrf: String,
}

async fn create_token(ctx: Ctx, Form(f): Form<TokenForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require_user()?;
    let name = clusterhub_core::parse::Name::parse("name", &f.name)
        .map_err(|e| Error::Validation(vec![e]))?;
    let token = auth::create_api_token(&ctx.state, user.id, name.as_str()).await?;
    let tokens = clusterhub_db::users::tokens(ctx.db(), user.id).await?;
    let l = Layout::new(&ctx, ctx.tr().t("account-title"), None).await;
    render(&Account {
        l,
        email: user.email.clone(),
        tokens,
        new_token: Some(token),
    })
}

async fn revoke_token(
    ctx: Ctx,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    ctx.check_csrf(&f.csrf)?;
    let user = ctx.require_user()?;
    if clusterhub_db::users::revoke_token(ctx.db(), user.id, id).await? == 0 {
        return Err(Error::NotFound.into());
    }
    Ok(Redirect::to("/account").into_response())
}
