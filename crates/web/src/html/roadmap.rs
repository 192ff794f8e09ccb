//! The roadmap: each priority action per column of the plan (semester or year) with its planned
//! intensity and recorded status, as a Gantt table; what is late stands out.

use super::layout::Layout;
use super::scorecard::pick;
use super::{PageResult, render};
use crate::Ctx;
use crate::routes::Routes;
use crate::scorecard::today;
use askama::Template;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect};
use clusterhub_core::Error;
use clusterhub_core::model::ActionStatus;
use clusterhub_db::clusters::Cluster;
use clusterhub_db::{activities, plans};
use clusterhub_plan::Period;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes(r: Routes) -> Routes {
    r.get("/c/{slug}/roadmap", show)
        .post("/c/{slug}/roadmap/status", set_status)
}

pub struct Cell {
    pub intensity: u8,
    pub status: String,
    pub note: String,
    /// The column is over and the action, planned in it, is neither done nor dropped.
    pub late: bool,
}

pub struct ActionRow {
    pub code: String,
    pub name: String,
    pub cells: Vec<Cell>,
    pub late: bool,
    pub activities: i64,
}

pub struct LineRow {
    pub code: String,
    pub name: String,
    pub actions: Vec<ActionRow>,
}

pub struct PillarRow {
    pub code: String,
    pub name: String,
    pub lines: Vec<LineRow>,
}

/// The last day of a roadmap column (`2024-S1`, `2026`).
pub fn column_end(col: &str) -> Option<time::Date> {
    Period::parse("col", col).ok().map(|p| p.end)
}

/// Builds the roadmap rows of a plan from the recorded statuses.
pub fn rows(
    t: &crate::Tr,
    plan: &clusterhub_plan::Plan,
    statuses: &[plans::StatusRow],
    counts: &HashMap<String, i64>,
    today: time::Date,
) -> Vec<PillarRow> {
    let status: HashMap<(&str, &str), &plans::StatusRow> = statuses
        .iter()
        .map(|s| ((s.action.as_str(), s.col.as_str()), s))
        .collect();
    plan.pillars
        .iter()
        .map(|p| PillarRow {
            code: p.code.clone(),
            name: pick(t, &p.name),
            lines: p
                .lines
                .iter()
                .map(|l| LineRow {
                    code: l.code.clone(),
                    name: pick(t, &l.name),
                    actions: l
                        .actions
                        .iter()
                        .map(|a| {
                            let code_of = |col: &str| {
                                status
                                    .get(&(a.code.as_str(), col))
                                    .map(|s| s.status.clone())
                                    .unwrap_or_default()
                            };
                            // The action is due in its latest planned column that is over; it is
                            // late when that column is not done (or dropped), or when a status
                            // says delayed and nothing later says done.
                            let due = plan.columns.iter().rev().find(|col| {
                                a.schedule.get(*col).is_some_and(|i| *i > 0)
                                    && column_end(col).is_some_and(|e| e < today)
                            });
                            let cells: Vec<Cell> = plan
                                .columns
                                .iter()
                                .enumerate()
                                .map(|(k, col)| {
                                    let intensity = a.schedule.get(col).copied().unwrap_or(0);
                                    let code = code_of(col);
                                    let settled = |c: &str| c == "done" || c == "dropped";
                                    let done_later =
                                        plan.columns[k + 1..].iter().any(|c| settled(&code_of(c)));
                                    let late = (due == Some(col) && !settled(&code))
                                        || (code == "delayed" && !done_later);
                                    Cell {
                                        intensity,
                                        note: status
                                            .get(&(a.code.as_str(), col.as_str()))
                                            .map(|s| s.note.clone())
                                            .unwrap_or_default(),
                                        status: code,
                                        late,
                                    }
                                })
                                .collect();
                            ActionRow {
                                late: cells.iter().any(|c| c.late),
                                cells,
                                code: a.code.clone(),
                                name: pick(t, &a.name),
                                activities: counts.get(&a.code).copied().unwrap_or(0),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RoadmapQuery {
    plan: String,
}

#[derive(Template)]
#[template(path = "roadmap.html")]
struct Roadmap {
    l: Layout,
    c: Cluster,
    plan_code: String,
    plan_title: String,
    columns: Vec<String>,
    pillars: Vec<PillarRow>,
    statuses: Vec<&'static str>,
    late: usize,
}

async fn show(mut ctx: Ctx, Path(slug): Path<String>, Query(q): Query<RoadmapQuery>) -> PageResult {
    let (c, scope) = ctx.cluster(&slug).await?;
    scope.require(scope.can_see_private())?;
    let t = ctx.tr();
    let plan_q = Some(q.plan.as_str()).filter(|p| !p.is_empty());
    let (row, plan) = plans::current(ctx.db(), &scope, plan_q, today().year())
        .await?
        .ok_or(Error::NotFound)?;
    let statuses = plans::statuses(ctx.db(), &scope, &row.code).await?;
    let counts = activities::count_by_item(ctx.db(), &scope).await?;
    let pillars = rows(&t, &plan, &statuses, &counts, today());
    let late = pillars
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.actions)
        .filter(|a| a.late)
        .count();
    let l = Layout::new(&ctx, t.t("nav-roadmap"), Some((&c, &scope))).await;
    render(&Roadmap {
        l,
        c,
        plan_code: row.code,
        plan_title: pick(&t, &plan.title),
        columns: plan.columns.clone(),
        pillars,
        statuses: ActionStatus::ALL.iter().map(|s| s.as_str()).collect(),
        late,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    csrf: String,
    plan: String,
    action: String,
    col: String,
    status: String,
    note: String,
}

async fn set_status(
    mut ctx: Ctx,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<StatusForm>,
) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (_, scope) = ctx.cluster(&slug).await?;
    let (row, plan) = plans::current(ctx.db(), &scope, Some(&f.plan), today().year())
        .await?
        .ok_or(Error::NotFound)?;
    plans::set_status(
        ctx.db(),
        &scope,
        &plan,
        &f.action,
        &f.col,
        &f.status,
        &f.note,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/roadmap?plan={}#action-{}",
        row.code, f.action
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const PLAN: &str = r#"
[plan]
code = "t"
title = { en = "T" }
from = 2024
to = 2025

[[pillar]]
code = "p"
kind = "pillar"
name = { en = "P" }

[[pillar.line]]
code = "p.1"
name = { en = "L" }

[[pillar.line.action]]
code = "p.1.1"
name = { en = "A" }
schedule = { "2024-S1" = 2, "2024-S2" = 2, "2025-S2" = 1 }
"#;

    fn late(statuses: &[(&str, &str)]) -> (bool, Vec<bool>) {
        let plan = clusterhub_plan::Plan::parse(PLAN).expect("plan");
        let rows: Vec<plans::StatusRow> = statuses
            .iter()
            .map(|(col, st)| plans::StatusRow {
                action: "p.1.1".into(),
                col: col.to_string(),
                status: st.to_string(),
                note: String::new(),
                updated_at: String::new(),
            })
            .collect();
        let t = crate::Tr {
            i18n: std::sync::Arc::new(clusterhub_i18n::I18n::new()),
            lang: "en",
        };
        let out = rows_of(&t, &plan, &rows);
        let a = &out[0].lines[0].actions[0];
        (a.late, a.cells.iter().map(|c| c.late).collect())
    }

    fn rows_of(
        t: &crate::Tr,
        plan: &clusterhub_plan::Plan,
        s: &[plans::StatusRow],
    ) -> Vec<PillarRow> {
        rows(t, plan, s, &HashMap::new(), date!(2025 - 03 - 01))
    }

    #[test]
    fn an_action_is_late_when_its_latest_due_column_is_not_done() {
        // Due in 2024-S2 (the latest planned column that is over); nothing recorded.
        assert_eq!(late(&[]), (true, vec![false, true, false, false]));
        // An old column left in progress does not matter once the due one is done.
        assert!(!late(&[("2024-S1", "in_progress"), ("2024-S2", "done")]).0);
        // Delayed is late until something later is done.
        assert_eq!(
            late(&[("2024-S2", "done"), ("2025-S2", "delayed")]).1,
            vec![false, false, false, true]
        );
        assert!(!late(&[("2024-S1", "delayed"), ("2024-S2", "done")]).0);
    }
}
