//! Server-rendered pages. Every page works as plain HTML; forms post back and re-render with
//! inline errors that keep what was typed.

pub mod activities;
pub mod applications;
pub mod audit;
pub mod b2b;
pub mod dashboard;
pub mod desk;
pub mod directory;
pub mod events;
pub mod governance;
pub mod import;
pub mod layout;
pub mod missions;
pub mod organisations;
pub mod partners;
pub mod people;
pub mod plans;
pub mod profiles;
pub mod reports;
pub mod resources;
pub mod roadmap;
pub mod scorecard;
pub mod session;
pub mod survey;
pub mod users;
pub mod watch;

use crate::error::PageError;
use crate::routes::Routes;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use clusterhub_core::Error;

pub type PageResult = Result<Response, PageError>;

pub fn render<T: Template>(t: &T) -> PageResult {
    render_status(StatusCode::OK, t)
}

pub fn render_status<T: Template>(status: StatusCode, t: &T) -> PageResult {
    let body = t
        .render()
        .map_err(|e| Error::Internal(format!("template: {e}")))?;
    Ok((status, Html(body)).into_response())
}

/// Field name → translated message, for showing errors beside their inputs.
#[derive(Default)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn from_error(t: &crate::Tr, e: &Error) -> Self {
        match e {
            Error::Validation(v) => FormErrors(
                v.iter()
                    .map(|f| {
                        let mut msg = t.t(&format!("invalid-{}", f.code));
                        if let Some(d) = &f.detail {
                            msg = format!("{msg}: {d}");
                        }
                        if let Some(line) = f.line {
                            msg = format!("{} {line} · {} · {msg}", t.t("import-line"), f.field);
                        }
                        (f.field.clone(), msg)
                    })
                    .collect(),
            ),
            other => FormErrors(vec![(
                String::new(),
                t.t(&format!("error-{}", other.code())),
            )]),
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// 422 when the form is shown again because of errors.
    pub fn status(&self) -> StatusCode {
        if self.0.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

pub fn routes(r: Routes) -> Routes {
    let r = session::routes(r);
    let r = dashboard::routes(r);
    let r = organisations::routes(r);
    let r = applications::routes(r);
    let r = people::routes(r);
    let r = governance::routes(r);
    let r = import::routes(r);
    let r = users::routes(r);
    let r = plans::routes(r);
    let r = scorecard::routes(r);
    let r = activities::routes(r);
    let r = roadmap::routes(r);
    let r = reports::routes(r);
    let r = survey::routes(r);
    let r = directory::routes(r);
    let r = profiles::routes(r);
    let r = resources::routes(r);
    let r = desk::routes(r);
    let r = watch::routes(r);
    let r = events::routes(r);
    let r = b2b::routes(r);
    let r = missions::routes(r);
    let r = partners::routes(r);
    audit::routes(r)
}
