//! The strategic plan: vision, mission, objectives, pillars with their lines and actions, the
//! revisions kept, and (for staff) loading a new plan file.

use super::layout::Layout;
use super::scorecard::pick;
use super::{FormErrors, PageResult, render_status};
use crate::Ctx;
use crate::routes::Routes;
use crate::scorecard::today;
use askama::Template;
use axum::extract::{Multipart, Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::plans::{self, PlanRow, RevisionRow};
use clusterhub_plan::Plan;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/plan", show).post("/c/{slug}/plan", upload)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PlanQuery {
    plan: String,
    revision: i64,
}

/// Texts of the plan in the reader's language, ready for the template.
pub struct PillarView {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub goals: String,
    pub lines: Vec<LineView>,
}

/// Code, name and the actions (code, name, detail) of a line of action.
pub type LineView = (String, String, Vec<(String, String, String)>);

#[derive(Template)]
#[template(path = "plan.html")]
struct Page {
    l: Layout,
    c: Cluster,
    plans: Vec<PlanRow>,
    current: Option<PlanRow>,
    title: String,
    vision: String,
    mission: String,
    objectives: Vec<(String, String, String)>,
    pillars: Vec<PillarView>,
    revisions: Vec<RevisionRow>,
    shown_revision: i64,
    source: String,
    errors: FormErrors,
}

async fn page(ctx: &mut Ctx, slug: &str, q: PlanQuery, errors: FormErrors) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    scope.require(scope.can_see_private())?;
    let t = ctx.tr();
    let all = plans::list(ctx.db(), &scope).await?;
    let wanted = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let current = plans::current(ctx.db(), &scope, wanted, today().year()).await?;
    let (current, plan, revisions, shown, source) = match current {
        Some((row, plan)) => {
            let revisions = plans::revisions(ctx.db(), &scope, row.id).await?;
            let shown = if q.revision > 0 {
                q.revision
            } else {
                row.revision
            };
            let plan = if shown == row.revision {
                plan
            } else {
                plans::revision(ctx.db(), &scope, row.id, shown).await?
            };
            let source = revisions
                .iter()
                .find(|r| r.revision == shown)
                .map(|r| r.source.clone())
                .unwrap_or_default();
            (Some(row), Some(plan), revisions, shown, source)
        }
        None => (None, None, Vec::new(), 0, String::new()),
    };
    let view = |p: &Plan| {
        (
            pick(&t, &p.title),
            pick(&t, &p.vision),
            pick(&t, &p.mission),
            p.objectives
                .iter()
                .map(|o| (o.code.clone(), pick(&t, &o.name), pick(&t, &o.description)))
                .collect::<Vec<_>>(),
            p.pillars
                .iter()
                .map(|pl| PillarView {
                    code: pl.code.clone(),
                    kind: pl.kind.as_str().to_string(),
                    name: pick(&t, &pl.name),
                    goals: pick(&t, &pl.goals),
                    lines: pl
                        .lines
                        .iter()
                        .map(|ln| {
                            (
                                ln.code.clone(),
                                pick(&t, &ln.name),
                                ln.actions
                                    .iter()
                                    .map(|a| {
                                        (a.code.clone(), pick(&t, &a.name), pick(&t, &a.detail))
                                    })
                                    .collect(),
                            )
                        })
                        .collect(),
                })
                .collect::<Vec<_>>(),
        )
    };
    let (title, vision, mission, objectives, pillars) = match &plan {
        Some(p) => view(p),
        None => Default::default(),
    };
    let l = Layout::new(ctx, t.t("nav-plan"), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &Page {
            l,
            c,
            plans: all,
            current,
            title,
            vision,
            mission,
            objectives,
            pillars,
            revisions,
            shown_revision: shown,
            source,
            errors,
        },
    )
}

async fn show(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<PlanQuery>) -> PageResult {
    page(&mut ctx, &slug, q, FormErrors::default()).await
}

/// A new plan file: checked whole; any problem is listed with its line and nothing is stored.
async fn upload(mut ctx: Ctx, Path(slug): Path<String>, mut form: Multipart) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let mut csrf = String::new();
    let mut text = String::new();
    while let Ok(Some(field)) = form.next_field().await {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            "file" => {
                let bytes = field.bytes().await.unwrap_or_default();
                text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| Error::Validation(vec![FieldError::new("file", "not_utf8")]))?;
            }
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    scope.require(scope.can_manage())?;
    let result = match Plan::parse(&text) {
        Ok(p) => plans::import(ctx.db(), &scope, &p, &text)
            .await
            .map(|_| p.code),
        Err(errs) => Err(Error::Validation(errs)),
    };
    match result {
        Ok(code) => Ok(Redirect::to(&format!("/c/{slug}/plan?plan={code}")).into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            page(&mut ctx, &slug, PlanQuery::default(), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
