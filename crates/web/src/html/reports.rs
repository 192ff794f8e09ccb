//! Report downloads: the annual report (XLSX, PDF) and the cluster-excellence evidence pack.

use super::layout::Layout;
use super::{PageResult, render};
use crate::Ctx;
use crate::reports;
use crate::routes::Routes;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::IntoResponse;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters::Cluster;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/reports", page)
        .get("/c/{slug}/reports/annual.xlsx", xlsx)
        .get("/c/{slug}/reports/annual.pdf", pdf)
        .get("/c/{slug}/reports/evidence.csv", evidence)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportQuery {
    year: String,
    lang: String,
    plan: String,
}

impl ReportQuery {
    fn year(&self) -> Result<i32, Error> {
        if self.year.trim().is_empty() {
            return Ok(crate::scorecard::today().year() - 1);
        }
        self.year
            .trim()
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| {
                Error::Validation(vec![
                    FieldError::new("year", "invalid_year").detail(&self.year),
                ])
            })
    }
    fn plan(&self) -> Option<&str> {
        Some(self.plan.as_str()).filter(|p| !p.is_empty())
    }
}

#[derive(Template)]
#[template(path = "reports.html")]
struct Page {
    l: Layout,
    c: Cluster,
    year: i32,
    years: Vec<i32>,
}

async fn page(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ReportQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_see_private())?;
    let year = q.year()?;
    let this = crate::scorecard::today().year();
    let l = Layout::new(&ctx, ctx.tr().t("report-title"), Some((&c, &scope))).await;
    render(&Page {
        l,
        c,
        year,
        years: (this - 4..=this).rev().collect(),
    })
}

fn file(name: String, content_type: &'static str, bytes: Vec<u8>) -> PageResult {
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The language asked for, else the page's.
fn lang<'a>(ctx: &'a Ctx, q: &'a ReportQuery) -> &'a str {
    if q.lang.is_empty() { ctx.lang } else { &q.lang }
}

async fn xlsx(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ReportQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let year = q.year()?;
    let r = reports::annual(&ctx.state, &scope, q.plan(), year, lang(&ctx, &q)).await?;
    let bytes = clusterhub_report::xlsx(&r).map_err(Error::Internal)?;
    file(
        format!("{}-{year}-{}.xlsx", c.slug, r.lang),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
}

async fn pdf(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<ReportQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let year = q.year()?;
    let r = reports::annual(&ctx.state, &scope, q.plan(), year, lang(&ctx, &q)).await?;
    // Typesetting takes a moment of CPU; keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || clusterhub_report::pdf(&r))
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
        .map_err(Error::Internal)?;
    file(format!("{}-{year}.pdf", c.slug), "application/pdf", bytes)
}

async fn evidence(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ReportQuery>,
) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let year = q.year()?;
    let l = lang(&ctx, &q).to_string();
    let rows = reports::evidence(&ctx.state, &scope, year, &l).await?;
    let csv = reports::evidence_csv(&reports::tr(&ctx.state, &l), &rows)?;
    file(
        format!("{}-{year}-evidence.csv", c.slug),
        "text/csv; charset=utf-8",
        csv.into_bytes(),
    )
}
