//! Errors become a translated HTML page (pages) or an RFC 9457 problem document (API). Internal
//! errors are logged and never shown.

use crate::auth::{self, CsrfToken};
use crate::html::layout::Layout;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use clusterhub_core::{Error, FieldError};
use serde_json::json;

pub fn status(e: &Error) -> StatusCode {
    match e {
        Error::NotFound => StatusCode::NOT_FOUND,
        Error::Unauthorized => StatusCode::UNAUTHORIZED,
        Error::Forbidden | Error::Csrf => StatusCode::FORBIDDEN,
        Error::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Conflict(_) => StatusCode::CONFLICT,
        Error::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_internal(e: &Error) {
    if let Error::Internal(msg) = e {
        tracing::error!(error = %msg, "internal error");
    }
}

/// An error on a page; rendered by `render_errors`, which knows the request's language.
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(e)
    }
}

#[derive(Clone)]
struct ErrorInfo {
    code: &'static str,
    fields: Vec<FieldError>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let fields = match &self.0 {
            Error::Validation(v) => v.clone(),
            _ => Vec::new(),
        };
        let mut res = status(&self.0).into_response();
        res.extensions_mut().insert(ErrorInfo {
            code: self.0.code(),
            fields,
        });
        res
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    help_key: String,
    status: u16,
    fields: Vec<FieldError>,
}

/// Turns a bare `PageError` response into a page in the reader's language; an anonymous visitor
/// hitting a private page is sent to the login form instead.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let here = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let Some(info) = res.extensions().get::<ErrorInfo>().cloned() else {
        return res;
    };
    if is_api {
        return problem(res.status(), info.code, &info.fields, None);
    }
    let st = res.status();
    if info.code == "unauthorized" {
        let next = url_encode(&here);
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let query_lang = here
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("lang=")));
    let lang = clusterhub_i18n::negotiate(
        query_lang,
        None,
        auth::cookie(&headers, auth::LANG_COOKIE),
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        None,
    );
    let t = crate::Tr {
        i18n: state.i18n.clone(),
        lang,
    };
    let title = t.t(&format!("error-{}", info.code));
    let page = ErrorPage {
        l: Layout::bare(t, title, csrf, here),
        help_key: format!("{}-help", info.code),
        status: st.as_u16(),
        fields: info.fields,
    };
    match page.render() {
        Ok(body) => (st, Html(body)).into_response(),
        Err(_) => st.into_response(),
    }
}

pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// API problem titles are in English, the API's language; `code` is the stable key.
static API_I18N: std::sync::LazyLock<clusterhub_i18n::I18n> =
    std::sync::LazyLock::new(clusterhub_i18n::I18n::new);

/// An error from the JSON API, as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        ApiError(e.0)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let fields = match &self.0 {
            Error::Validation(v) => v.clone(),
            _ => Vec::new(),
        };
        let detail = match &self.0 {
            Error::Conflict(m) => Some(m.as_str()),
            _ => None,
        };
        problem(status(&self.0), self.0.code(), &fields, detail)
    }
}

/// An RFC 9457 problem document; `code` is the stable machine-readable key.
fn problem(st: StatusCode, code: &str, fields: &[FieldError], detail: Option<&str>) -> Response {
    let mut body = json!({
        "type": format!("/api/v1/problems/{code}"),
        "title": API_I18N.t("en", &format!("error-{code}")),
        "status": st.as_u16(),
        "code": code,
    });
    if !fields.is_empty() {
        body["detail"] = json!(
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.code))
                .collect::<Vec<_>>()
                .join("; ")
        );
        body["errors"] = json!(fields);
    } else if let Some(d) = detail {
        body["detail"] = json!(d);
    }
    let mut res = (st, Json(body)).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/problem+json"),
    );
    res
}
