//! The scorecard service: one indicator engine per cluster and plan, kept in memory and moved by
//! each activity written through this server. Another node's writes (or any other change to the
//! facts: memberships, seats, survey, manual figures, a new plan revision) bump the cluster's
//! data version in the database, and the next read here rebuilds the engine.

use crate::state::AppState;
use clusterhub_core::Result;
use clusterhub_core::access::Scope;
use clusterhub_db::plans::{self, PlanRow};
use clusterhub_plan::engine::Activity;
use clusterhub_plan::{Engine, Plan};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

pub type Shared = Arc<RwLock<Engine>>;

#[derive(Default)]
pub struct Scorecards {
    engines: Mutex<HashMap<(i64, String), Shared>>,
}

impl Scorecards {
    fn cached(&self, cluster: i64, plan: &str) -> Option<Shared> {
        self.engines
            .lock()
            .ok()?
            .get(&(cluster, plan.to_string()))
            .cloned()
    }
    fn put(&self, cluster: i64, plan: &str, e: Shared) {
        if let Ok(mut m) = self.engines.lock() {
            m.insert((cluster, plan.to_string()), e);
        }
    }
    fn of_cluster(&self, cluster: i64) -> Vec<Shared> {
        self.engines
            .lock()
            .map(|m| {
                m.iter()
                    .filter(|((c, _), _)| *c == cluster)
                    .map(|(_, e)| e.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
    fn forget(&self, cluster: i64) {
        if let Ok(mut m) = self.engines.lock() {
            m.retain(|(c, _), _| *c != cluster);
        }
    }

    /// An activity was written and the data version moved to `version`. Engines that were
    /// exactly one version behind take the change incrementally; any other engine of the
    /// cluster missed something and is dropped, to be rebuilt on its next read.
    pub fn activity_written(&self, cluster: i64, version: i64, change: Change) {
        for e in self.of_cluster(cluster) {
            let Ok(mut e) = e.write() else {
                self.forget(cluster);
                return;
            };
            if e.version + 1 != version {
                drop(e);
                self.forget(cluster);
                return;
            }
            match &change {
                Change::Upsert(a) => e.upsert(a),
                Change::Remove(id) => e.remove(false, *id),
            }
            e.version = version;
        }
    }
}

pub enum Change {
    Upsert(Activity),
    Remove(i64),
}

/// The engine for the plan to show (named, or the one covering `year`), current with the data.
pub async fn engine(
    state: &AppState,
    scope: &Scope,
    plan: Option<&str>,
    year: i32,
) -> Result<Option<(PlanRow, Shared)>> {
    scope.require(scope.can_see_private())?;
    let Some((row, plan)) = plans::current(&state.db, scope, plan, year).await? else {
        return Ok(None);
    };
    let cid = scope.cluster_id();
    let version = plans::facts_version(&state.db, cid).await?;
    if let Some(e) = state.scorecards.cached(cid, &row.code)
        && e.read().is_ok_and(|e| e.version == version)
    {
        return Ok(Some((row, e)));
    }
    let e = build(state, cid, plan, version).await?;
    state.scorecards.put(cid, &row.code, e.clone());
    Ok(Some((row, e)))
}

async fn build(state: &AppState, cluster: i64, plan: Plan, version: i64) -> Result<Shared> {
    let facts = plans::load_facts(&state.db, cluster, &plan.code).await?;
    // Building is CPU work proportional to the log; keep it off the async workers.
    let e = tokio::task::spawn_blocking(move || Engine::new(plan, facts, version))
        .await
        .map_err(|e| clusterhub_core::Error::Internal(e.to_string()))?;
    Ok(Arc::new(RwLock::new(e)))
}

/// One indicator as boards, the API and the report show it.
pub struct IndicatorView {
    pub code: String,
    pub level: clusterhub_core::model::IndicatorLevel,
    /// The objective (strategic) or pillar (operational) it is grouped under.
    pub group: String,
    pub unit: clusterhub_core::model::Unit,
    pub value: clusterhub_plan::Value,
    /// The value for each year of the plan, for the trend chart.
    pub trend: Vec<(i32, clusterhub_plan::Value)>,
}

/// Every indicator of the engine's plan over `period`, with its yearly trend up to the year
/// `until` (later years show their target only: they have no value yet).
pub fn views(
    e: &Engine,
    period: &clusterhub_plan::Period,
    today: time::Date,
    until: i32,
) -> Vec<IndicatorView> {
    let plan = e.plan();
    e.board(period, today)
        .into_iter()
        .map(|(ind, value)| IndicatorView {
            code: ind.code.clone(),
            level: ind.level,
            group: ind
                .objective
                .clone()
                .or(ind.pillar.clone())
                .unwrap_or_default(),
            unit: ind.unit,
            value,
            trend: (plan.from..=plan.to)
                .filter_map(|y| {
                    let mut v = e.evaluate(&ind.code, &clusterhub_plan::Period::year(y), today)?;
                    if y > until {
                        v.value = None;
                        v.light = clusterhub_plan::Light::None;
                    }
                    Some((y, v))
                })
                .collect(),
        })
        .collect()
}

/// A value in the reader's language and the indicator's unit.
pub fn format_value(t: &crate::Tr, unit: clusterhub_core::model::Unit, v: Option<f64>) -> String {
    use clusterhub_core::model::Unit;
    use clusterhub_i18n::format;
    let Some(v) = v else {
        return "—".into();
    };
    match unit {
        Unit::Number => format::decimal(t.lang, v, 1),
        Unit::Percent => format!("{}\u{a0}%", format::decimal(t.lang, v, 1)),
        Unit::Eur => format::money_eur_whole(t.lang, v.round() as i64),
        Unit::Score10 => format!("{}\u{a0}/\u{a0}10", format::decimal(t.lang, v, 1)),
        Unit::YesNo => t.t(if v >= 0.5 { "answer-yes" } else { "answer-no" }),
    }
}

pub fn light_code(l: clusterhub_plan::Light) -> &'static str {
    match l {
        clusterhub_plan::Light::Green => "green",
        clusterhub_plan::Light::Amber => "amber",
        clusterhub_plan::Light::Red => "red",
        clusterhub_plan::Light::None => "none",
    }
}

/// The trend chart of one indicator as SVG.
pub fn trend_svg(t: &crate::Tr, v: &IndicatorView, title: &str) -> String {
    let points: Vec<clusterhub_plan::chart::Point> = v
        .trend
        .iter()
        .map(|(y, val)| clusterhub_plan::chart::Point {
            label: y.to_string(),
            value: val.value,
            target: val.target,
            light: light_code(val.light),
        })
        .collect();
    clusterhub_plan::chart::trend(&points, title, &|x| format_value(t, v.unit, Some(x)))
}

/// Today's date (UTC), the reference for running periods.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Checks and stores an activity (new when `id` is None), then moves the in-memory scorecards.
/// The HTML form and the API both come through here.
pub async fn save_activity(
    state: &AppState,
    scope: &Scope,
    id: Option<i64>,
    input: &clusterhub_plan::activity::ActivityInput,
) -> Result<i64> {
    use clusterhub_db::activities;
    scope.require(scope.can_manage())?;
    let items = plans::item_codes(&state.db, scope).await?;
    let draft = input.parse(&items)?;
    let (id, version) = match id {
        Some(id) => (id, activities::update(&state.db, scope, id, &draft).await?),
        None => activities::insert(&state.db, scope, &draft).await?,
    };
    match activities::to_engine(id, &draft) {
        Some(a) => {
            state
                .scorecards
                .activity_written(scope.cluster_id(), version, Change::Upsert(a))
        }
        None => state.scorecards.forget(scope.cluster_id()),
    }
    Ok(id)
}

pub async fn delete_activity(state: &AppState, scope: &Scope, id: i64) -> Result<()> {
    let version = clusterhub_db::activities::delete(&state.db, scope, id).await?;
    state
        .scorecards
        .activity_written(scope.cluster_id(), version, Change::Remove(id));
    Ok(())
}
