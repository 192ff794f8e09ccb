//! The annual report (XLSX and PDF) and the evidence pack for the cluster-excellence label,
//! assembled from the scorecard engine and translated for the reader. The CLI and the button on
//! the reports page both come through here.

use crate::Tr;
use crate::html::roadmap;
use crate::html::scorecard::pick;
use crate::scorecard::{self, format_value, light_code, trend_svg};
use crate::state::AppState;
use clusterhub_core::access::Scope;
use clusterhub_core::model::IndicatorLevel;
use clusterhub_core::{Error, Result};
use clusterhub_db::{activities, clusters, plans};
use clusterhub_plan::{Engine, Period, Plan};
use clusterhub_report::{
    AnnualReport, IndicatorRow, Labels, RoadmapCell, RoadmapRow, Section, Summary,
};

/// The reader's language as one of the catalogue's.
pub fn tr(state: &AppState, lang: &str) -> Tr {
    let lang = clusterhub_i18n::LOCALES
        .iter()
        .find(|l| **l == lang)
        .copied()
        .unwrap_or("en");
    Tr {
        i18n: state.i18n.clone(),
        lang,
    }
}

fn labels(t: &Tr) -> Labels {
    let k = |key: &str| t.t(key);
    Labels {
        title: k("report-annual-title"),
        summary: k("report-summary"),
        scorecard: k("scorecard-title"),
        strategic: k("indicator-level-strategic"),
        operational: k("indicator-level-operational"),
        roadmap: k("nav-roadmap"),
        code: k("indicator-code"),
        indicator: k("indicator-name"),
        unit: k("indicator-unit"),
        value: k("indicator-value"),
        target: k("indicator-target"),
        status: k("indicator-status"),
        source: k("indicator-source"),
        pillar: k("report-pillar"),
        line: k("report-line"),
        action: k("roadmap-action"),
        on_target: k("light-green"),
        near_target: k("light-amber"),
        behind_target: k("light-red"),
        no_data: k("light-none"),
        trend: k("indicator-trend"),
    }
}

fn indicator_rows(
    t: &Tr,
    e: &Engine,
    views: &[scorecard::IndicatorView],
    keep: impl Fn(&scorecard::IndicatorView) -> bool,
) -> Vec<IndicatorRow> {
    views
        .iter()
        .filter(|v| keep(v))
        .map(|v| {
            let ind = e.plan().indicator(&v.code);
            let name = ind.map(|i| pick(t, &i.name)).unwrap_or_default();
            IndicatorRow {
                code: v.code.clone(),
                chart_svg: trend_svg(t, v, &format!("{} {}", v.code, name)),
                name,
                unit: t.tc("unit", v.unit.as_str()),
                source: ind.map(|i| i.source.clone()).unwrap_or_default(),
                value: v.value.value,
                target: v.value.target,
                value_text: format_value(t, v.unit, v.value.value),
                target_text: format_value(t, v.unit, v.value.target),
                light: light_code(v.value.light).to_string(),
                status: t.tc("light", light_code(v.value.light)),
            }
        })
        .collect()
}

fn sections(t: &Tr, e: &Engine, views: &[scorecard::IndicatorView]) -> Vec<Section> {
    let plan = e.plan();
    let mut out = Vec::new();
    for o in &plan.objectives {
        let rows = indicator_rows(t, e, views, |v| {
            v.level == IndicatorLevel::Strategic && v.group == o.code
        });
        if !rows.is_empty() {
            out.push(Section {
                name: format!(
                    "{} · {}",
                    t.t("indicator-level-strategic"),
                    pick(t, &o.name)
                ),
                indicators: rows,
            });
        }
    }
    for p in &plan.pillars {
        let rows = indicator_rows(t, e, views, |v| {
            v.level == IndicatorLevel::Operational && v.group == p.code
        });
        if !rows.is_empty() {
            out.push(Section {
                name: pick(t, &p.name),
                indicators: rows,
            });
        }
    }
    out
}

fn roadmap_rows(t: &Tr, pillars: Vec<roadmap::PillarRow>) -> Vec<RoadmapRow> {
    let mut out = Vec::new();
    for p in pillars {
        for l in p.lines {
            for a in l.actions {
                out.push(RoadmapRow {
                    pillar: p.name.clone(),
                    line: l.name.clone(),
                    code: a.code,
                    action: a.name,
                    late: a.late,
                    cells: a
                        .cells
                        .into_iter()
                        .map(|c| RoadmapCell {
                            intensity: c.intensity,
                            status_text: if c.status.is_empty() {
                                String::new()
                            } else {
                                t.tc("action-status", &c.status)
                            },
                            status: c.status,
                        })
                        .collect(),
                });
            }
        }
    }
    out
}

/// Everything the annual report of `year` shows, in `lang`.
pub async fn annual(
    state: &AppState,
    scope: &Scope,
    plan: Option<&str>,
    year: i32,
    lang: &str,
) -> Result<AnnualReport> {
    let t = tr(state, lang);
    let cluster = clusters::by_id(&state.db, scope.cluster_id()).await?;
    let (row, engine) = scorecard::engine(state, scope, plan, year)
        .await?
        .ok_or(Error::NotFound)?;
    let statuses = plans::statuses(&state.db, scope, &row.code).await?;
    let counts = activities::count_by_item(&state.db, scope).await?;
    let today = scorecard::today();
    let e = engine
        .read()
        .map_err(|_| Error::Internal("scorecard lock".into()))?;
    let plan = e.plan();
    let period = Period::year(year);
    let views = scorecard::views(&e, &period, today, year);
    let mut summary = Summary::default();
    for v in &views {
        match light_code(v.value.light) {
            "green" => summary.green += 1,
            "amber" => summary.amber += 1,
            "red" => summary.red += 1,
            _ => summary.none += 1,
        }
    }
    let pillars = roadmap::rows(&t, plan, &statuses, &counts, today);
    Ok(AnnualReport {
        lang: t.lang.to_string(),
        cluster: cluster.name.clone(),
        plan_title: pick(&t, &plan.title),
        year,
        period: format!("{}–{}", plan.from, plan.to),
        generated: t.ts(
            "report-generated",
            &t.d(&clusterhub_core::parse::iso_date(today)),
        ),
        labels: labels(&t),
        summary,
        sections: sections(&t, &e, &views),
        roadmap: roadmap_rows(&t, pillars),
        columns: plan.columns.clone(),
    })
}

/// The figures behind each area of the ESCA cluster-excellence benchmarking, computed by the
/// same engine from measures kept in `evidence.toml`.
const EVIDENCE: &str = include_str!("evidence.toml");

pub struct EvidenceRow {
    pub area: String,
    pub code: String,
    pub figure: String,
    pub value: String,
    pub source: String,
}

pub async fn evidence(
    state: &AppState,
    scope: &Scope,
    year: i32,
    lang: &str,
) -> Result<Vec<EvidenceRow>> {
    scope.require(scope.can_see_private())?;
    let t = tr(state, lang);
    let plan =
        Plan::parse(EVIDENCE).map_err(|e| Error::Internal(format!("evidence.toml: {e:?}")))?;
    let facts = plans::load_facts(&state.db, scope.cluster_id(), "").await?;
    let version = plans::facts_version(&state.db, scope.cluster_id()).await?;
    let e = Engine::new(plan, facts, version);
    let today = scorecard::today();
    let period = Period::year(year);
    let mut out = Vec::new();
    for p in &e.plan().pillars {
        for ind in e
            .plan()
            .indicators
            .iter()
            .filter(|i| i.pillar.as_deref() == Some(&p.code))
        {
            let v = e.evaluate(&ind.code, &period, today).and_then(|v| v.value);
            out.push(EvidenceRow {
                area: pick(&t, &p.name),
                code: ind.code.clone(),
                figure: pick(&t, &ind.name),
                value: format_value(&t, ind.unit, v),
                source: ind.source.clone(),
            });
        }
    }
    // What the current plan's scorecard achieved, as the "achievements" area asks.
    if let Some((_, engine)) = scorecard::engine(state, scope, None, year).await?
        && let Ok(pe) = engine.read()
    {
        let views = scorecard::views(&pe, &period, today, year);
        let on = views
            .iter()
            .filter(|v| light_code(v.value.light) == "green")
            .count();
        let judged = views
            .iter()
            .filter(|v| light_code(v.value.light) != "none")
            .count();
        out.push(EvidenceRow {
            area: t.t("evidence-area-achievements"),
            code: "ACH-PLAN".into(),
            figure: t.t("evidence-on-target"),
            value: format!("{on} / {judged}"),
            source: t.t("scorecard-title"),
        });
    }
    Ok(out)
}

/// The evidence pack as CSV (area, code, figure, value, source).
pub fn evidence_csv(t: &Tr, rows: &[EvidenceRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Internal(e.to_string());
    w.write_record([
        t.t("evidence-area"),
        t.t("indicator-code"),
        t.t("evidence-figure"),
        t.t("indicator-value"),
        t.t("indicator-source"),
    ])
    .map_err(err)?;
    for r in rows {
        w.write_record([&r.area, &r.code, &r.figure, &r.value, &r.source])
            .map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
}
