//! Scorecard boards (strategic by objective, operational by pillar) with trend charts, and the
//! page of one indicator listing the records behind its value.

use super::layout::Layout;
use super::{FormErrors, PageResult, render, render_status};
use crate::Ctx;
use crate::routes::Routes;
use crate::scorecard::{self, IndicatorView, format_value, light_code, trend_svg};
use askama::Template;
use axum::extract::{Multipart, Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::model::IndicatorLevel;
use clusterhub_core::{Error, FieldError};
use clusterhub_db::clusters::Cluster;
use clusterhub_db::plans::{self, Evidence, RecordRow};
use clusterhub_plan::Period;
use serde::Deserialize;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/scorecard", board)
        .get("/c/{slug}/scorecard/{code}", indicator)
        .post("/c/{slug}/scorecard/{code}/values", set_value)
        .get("/c/{slug}/values/{value}/evidence", evidence)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BoardQuery {
    pub period: String,
    pub level: String,
    pub plan: String,
}

/// The period asked for, else the current year within the plan, else the plan's last year.
pub fn period_of(q: &str, from: i32, to: i32) -> Result<Period, Error> {
    if q.trim().is_empty() {
        let y = scorecard::today().year().clamp(from, to);
        return Ok(Period::year(y));
    }
    Period::parse("period", q).map_err(|e| Error::Validation(vec![e]))
}

/// Years and semesters of the plan, for the period picker.
fn period_choices(from: i32, to: i32) -> Vec<String> {
    (from..=to)
        .flat_map(|y| [y.to_string(), format!("{y}-S1"), format!("{y}-S2")])
        .collect()
}

pub struct Row {
    pub code: String,
    pub name: String,
    pub value: String,
    pub target: String,
    pub light: &'static str,
    pub chart: String,
}

pub struct Section {
    pub code: String,
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "scorecard.html")]
struct Board {
    l: Layout,
    c: Cluster,
    plan_title: String,
    plan_code: String,
    period: String,
    periods: Vec<String>,
    strategic: bool,
    sections: Vec<Section>,
    counts: [usize; 4],
    years: Vec<i32>,
}

fn row(t: &crate::Tr, v: &IndicatorView, name: String) -> Row {
    Row {
        chart: trend_svg(t, v, &name),
        code: v.code.clone(),
        value: format_value(t, v.unit, v.value.value),
        target: format_value(t, v.unit, v.value.target),
        light: light_code(v.value.light),
        name,
    }
}

async fn board(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<BoardQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    let t = ctx.tr();
    let plan_q = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let wanted = Period::parse("period", &q.period).ok();
    let year = wanted.map_or(scorecard::today().year(), |p| p.end.year());
    let Some((row_, engine)) = scorecard::engine(&ctx.state, &scope, plan_q, year).await? else {
        return Err(Error::NotFound.into());
    };
    let strategic = q.level != "operational";
    let (title, period, periods, sections, counts, years) = {
        let e = engine
            .read()
            .map_err(|_| Error::Internal("scorecard lock".into()))?;
        let plan = e.plan();
        let period = period_of(&q.period, plan.from, plan.to)?;
        let level = if strategic {
            IndicatorLevel::Strategic
        } else {
            IndicatorLevel::Operational
        };
        let views = scorecard::views(&e, &period, scorecard::today(), scorecard::today().year());
        let mut counts = [0usize; 4];
        for v in &views {
            counts[match v.value.light {
                clusterhub_plan::Light::Green => 0,
                clusterhub_plan::Light::Amber => 1,
                clusterhub_plan::Light::Red => 2,
                clusterhub_plan::Light::None => 3,
            }] += 1;
        }
        let groups: Vec<(String, String)> = if strategic {
            plan.objectives
                .iter()
                .map(|o| (o.code.clone(), pick(&t, &o.name)))
                .collect()
        } else {
            plan.pillars
                .iter()
                .map(|p| (p.code.clone(), pick(&t, &p.name)))
                .collect()
        };
        let sections = groups
            .into_iter()
            .map(|(code, title)| Section {
                rows: views
                    .iter()
                    .filter(|v| v.level == level && v.group == code)
                    .map(|v| {
                        let name = plan
                            .indicator(&v.code)
                            .map(|i| pick(&t, &i.name))
                            .unwrap_or_default();
                        row(&t, v, name)
                    })
                    .collect(),
                code,
                title,
            })
            .filter(|s| !s.rows.is_empty())
            .collect();
        (
            pick(&t, &plan.title),
            period,
            period_choices(plan.from, plan.to),
            sections,
            counts,
            (plan.from..=plan.to).collect::<Vec<_>>(),
        )
    };
    let l = Layout::new(&ctx, t.t("scorecard-title"), Some((&c, &scope))).await;
    render(&Board {
        l,
        plan_title: title,
        plan_code: row_.code.clone(),
        period: period.label(),
        periods,
        strategic,
        sections,
        counts,
        years,
        c,
    })
}

/// A plan text in the reader's language (or the plan's first one).
pub fn pick(t: &crate::Tr, m: &clusterhub_core::MultiText) -> String {
    m.pick(t.lang, &["es", "en", "fr", "eu", "pt", "gl"])
        .map(|p| p.text.to_string())
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    l: Layout,
    c: Cluster,
    plan_code: String,
    period: String,
    periods: Vec<String>,
    code: String,
    name: String,
    how: String,
    source: String,
    unit: String,
    level: String,
    value: Row,
    manual: bool,
    records: Vec<RecordRow>,
    total: usize,
    values: Vec<plans::ValueRow>,
    f: ValueFields,
    errors: FormErrors,
}

const SHOWN: usize = 500;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ValueFields {
    year: String,
    value: String,
    source: String,
    note: String,
}

async fn indicator_page(
    ctx: &mut Ctx,
    slug: &str,
    code: &str,
    q: &BoardQuery,
    f: ValueFields,
    errors: FormErrors,
) -> PageResult {
    let (c, scope) = ctx.cluster(slug).await?;
    let t = ctx.tr();
    let plan_q = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let year =
        Period::parse("period", &q.period).map_or(scorecard::today().year(), |p| p.end.year());
    let Some((row_, engine)) = scorecard::engine(&ctx.state, &scope, plan_q, year).await? else {
        return Err(Error::NotFound.into());
    };
    let (page_rows, records, manual, period, periods, ind) = {
        let e = engine
            .read()
            .map_err(|_| Error::Internal("scorecard lock".into()))?;
        let plan = e.plan();
        let period = period_of(&q.period, plan.from, plan.to)?;
        let ind = plan.indicator(code).cloned().ok_or(Error::NotFound)?;
        let view = scorecard::views(&e, &period, scorecard::today(), scorecard::today().year())
            .into_iter()
            .find(|v| v.code == code)
            .ok_or(Error::NotFound)?;
        let records = e.records(code, &period);
        let manual = matches!(ind.measure, clusterhub_plan::Measure::Manual);
        (
            row(&t, &view, pick(&t, &ind.name)),
            records,
            manual,
            period,
            period_choices(plan.from, plan.to),
            ind,
        )
    };
    let described = plans::describe(ctx.db(), &scope, &records, SHOWN).await?;
    let values = if manual {
        plans::values(ctx.db(), &scope, &row_.code)
            .await?
            .into_iter()
            .filter(|v| v.indicator == code)
            .collect()
    } else {
        Vec::new()
    };
    let l = Layout::new(ctx, page_rows.name.clone(), Some((&c, &scope))).await;
    render_status(
        errors.status(),
        &IndicatorPage {
            l,
            plan_code: row_.code,
            period: period.label(),
            periods,
            code: ind.code.clone(),
            name: page_rows.name.clone(),
            how: pick(&t, &ind.how),
            source: ind.source.clone(),
            unit: t.tc("unit", ind.unit.as_str()),
            level: t.tc("indicator-level", ind.level.as_str()),
            value: page_rows,
            manual,
            total: records.len(),
            records: described,
            values,
            f,
            errors,
            c,
        },
    )
}

async fn indicator(
    mut ctx: Ctx,
    Path((slug, code)): Path<(String, String)>,
    Query(q): Query<BoardQuery>,
) -> PageResult {
    let f = ValueFields {
        year: Period::parse("period", &q.period)
            .map_or(scorecard::today().year(), |p| p.end.year())
            .to_string(),
        ..Default::default()
    };
    indicator_page(&mut ctx, &slug, &code, &q, f, FormErrors::default()).await
}

/// A manual figure with its source and, optionally, an evidence file (multipart form).
async fn set_value(
    mut ctx: Ctx,
    Path((slug, code)): Path<(String, String)>,
    Query(q): Query<BoardQuery>,
    mut form: Multipart,
) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let mut f = ValueFields::default();
    let mut csrf = String::new();
    let mut file: Option<Evidence> = None;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        if name == "evidence" {
            let fname = field.file_name().unwrap_or("").to_string();
            let ctype = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            let bytes = field.bytes().await.map_err(|e| {
                Error::Validation(vec![
                    FieldError::new("evidence", "upload_failed").detail(e.to_string()),
                ])
            })?;
            if !fname.is_empty() && !bytes.is_empty() {
                file = Some(Evidence {
                    name: fname,
                    content_type: ctype,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        match name.as_str() {
            "csrf" => csrf = text,
            "year" => f.year = text,
            "value" => f.value = text,
            "source" => f.source = text,
            "note" => f.note = text,
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let plan_q = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let year = f.year.trim().parse().unwrap_or(scorecard::today().year());
    let Some((_, plan)) = plans::current(ctx.db(), &scope, plan_q, year).await? else {
        return Err(Error::NotFound.into());
    };
    match plans::set_value(
        ctx.db(),
        &scope,
        &plan,
        ctx.lang,
        &code,
        &f.year,
        &f.value,
        &f.source,
        &f.note,
        file,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/c/{slug}/scorecard/{code}?period={}&plan={}",
            f.year.trim(),
            plan.code
        ))
        .into_response()),
        Err(e @ Error::Validation(_)) => {
            let errors = FormErrors::from_error(&ctx.tr(), &e);
            indicator_page(&mut ctx, &slug, &code, &q, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn evidence(mut ctx: Ctx, Path((slug, id)): Path<(String, i64)>) -> PageResult {
    let (_, scope) = ctx.cluster(&slug).await?;
    let ev = plans::evidence(ctx.db(), &scope, id).await?;
    let disposition = format!(
        "attachment; filename=\"{}\"",
        ev.name.replace(['"', '\\', '\r', '\n'], "_")
    );
    Ok((
        [
            (header::CONTENT_TYPE, ev.content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        ev.bytes,
    )
        .into_response())
}
