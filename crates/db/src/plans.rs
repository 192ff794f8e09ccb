//! Strategic plans with every revision kept, roadmap statuses, manual indicator figures, and the
//! loading of everything the indicator engine computes from.

use crate::{Db, Q, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::model::{
    ActionStatus, ActivityKind, Counterpart, EntityType, GroupKind, Scope as Reach, subtype_index,
};
use clusterhub_core::parse::{parse_date, parse_figure};
use clusterhub_core::{Error, FieldError};
use clusterhub_plan::Plan;
use clusterhub_plan::engine::{
    Activity, Facts, Group, ManualValue, Membership, SURVEY_FIELDS, Seat, SurveyAnswer,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use time::Date;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanRow {
    pub id: i64,
    pub code: String,
    pub revision: i64,
    pub year_from: i64,
    pub year_to: i64,
    pub imported_at: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RevisionRow {
    pub revision: i64,
    pub imported_at: String,
    pub imported_by: Option<String>,
    pub source: String,
}

/// Stores a checked plan as the next revision of the plan with the same code (the first one if
/// new). Earlier revisions stay as they were.
pub async fn import(db: &Db, scope: &Scope, plan: &Plan, source: &str) -> Result<(i64, i64)> {
    scope.require(scope.can_manage())?;
    let cid = scope.cluster_id();
    let body = serde_json::to_string(plan).map_err(|e| Error::Internal(e.to_string()))?;
    let mut tx = db.begin().await?;
    let existing: Option<(i64, i64)> = q!(
        "SELECT id, revision FROM plans WHERE cluster_id = $1 AND code = $2",
        cid,
        &plan.code
    )
    .optional(&mut tx)
    .await?;
    let now = crate::now();
    let (id, revision) = match existing {
        Some((id, rev)) => {
            q!(
                "UPDATE plans SET revision = $1, year_from = $2, year_to = $3 WHERE id = $4",
                rev + 1,
                i64::from(plan.from),
                i64::from(plan.to),
                id
            )
            .run(&mut tx)
            .await?;
            (id, rev + 1)
        }
        None => {
            let id = q!(
                "INSERT INTO plans (cluster_id, code, revision, year_from, year_to, created_at) VALUES ($1, $2, 1, $3, $4, $5) RETURNING id",
                cid, &plan.code, i64::from(plan.from), i64::from(plan.to), &now
            )
            .int(&mut tx)
            .await?;
            (id, 1)
        }
    };
    q!(
        "INSERT INTO plan_revisions (plan_id, revision, source, body, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6)",
        id, revision, source, body, scope.user_id(), &now
    )
    .run(&mut tx)
    .await?;
    bump(&mut tx, cid).await?;
    audit::record(
        &mut tx,
        Some(cid),
        scope.user_id(),
        "plan",
        id,
        "import",
        json!({"code": plan.code, "revision": revision, "indicators": plan.indicators.len()}),
    )
    .await?;
    tx.commit().await?;
    Ok((id, revision))
}

pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<PlanRow>> {
    scope.require(scope.is_insider())?;
    q!(
        "SELECT p.id, p.code, p.revision, p.year_from, p.year_to, r.imported_at
         FROM plans p JOIN plan_revisions r ON r.plan_id = p.id AND r.revision = p.revision
         WHERE p.cluster_id = $1 ORDER BY p.year_to DESC, p.code",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// The plan to show: the one named, else the one covering `year`, else the latest.
pub async fn current(
    db: &Db,
    scope: &Scope,
    code: Option<&str>,
    year: i32,
) -> Result<Option<(PlanRow, Plan)>> {
    let plans = list(db, scope).await?;
    let y = i64::from(year);
    let pick = match code {
        Some(c) => plans.into_iter().find(|p| p.code == c),
        None => {
            let covering = plans
                .iter()
                .position(|p| p.year_from <= y && y <= p.year_to);
            covering
                .map(|i| plans[i].clone())
                .or(plans.into_iter().next())
        }
    };
    let Some(row) = pick else {
        return Ok(None);
    };
    let plan = body(db, row.id, row.revision).await?;
    Ok(Some((row, plan)))
}

async fn body(db: &Db, plan_id: i64, revision: i64) -> Result<Plan> {
    let (body,): (String,) = q!(
        "SELECT body FROM plan_revisions WHERE plan_id = $1 AND revision = $2",
        plan_id,
        revision
    )
    .one(db)
    .await?;
    serde_json::from_str(&body).map_err(|e| Error::Internal(format!("plan body: {e}")))
}

pub async fn revisions(db: &Db, scope: &Scope, plan_id: i64) -> Result<Vec<RevisionRow>> {
    scope.require(scope.can_see_private())?;
    q!(
        "SELECT r.revision, r.imported_at, u.name AS imported_by, r.source
         FROM plan_revisions r JOIN plans p ON p.id = r.plan_id LEFT JOIN users u ON u.id = r.imported_by
         WHERE r.plan_id = $1 AND p.cluster_id = $2 ORDER BY r.revision DESC",
        plan_id,
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// One revision of a plan, as it was imported.
pub async fn revision(db: &Db, scope: &Scope, plan_id: i64, revision: i64) -> Result<Plan> {
    scope.require(scope.can_see_private())?;
    q!(
        "SELECT id FROM plans WHERE id = $1 AND cluster_id = $2",
        plan_id,
        scope.cluster_id()
    )
    .int(db)
    .await?;
    body(db, plan_id, revision).await
}

// ---------------------------------------------------------------------------------------------
// Data version

/// Marks the cluster's indicator data as changed, inside the writing transaction.
pub async fn bump(tx: &mut Tx, cluster_id: i64) -> Result<i64> {
    let n = q!(
        "UPDATE facts_versions SET version = version + 1 WHERE cluster_id = $1",
        cluster_id
    )
    .run(&mut *tx)
    .await?;
    if n == 0 {
        q!(
            "INSERT INTO facts_versions (cluster_id, version) VALUES ($1, 1)",
            cluster_id
        )
        .run(&mut *tx)
        .await?;
    }
    q!(
        "SELECT version FROM facts_versions WHERE cluster_id = $1",
        cluster_id
    )
    .int(&mut *tx)
    .await
}

pub async fn facts_version(db: &Db, cluster_id: i64) -> Result<i64> {
    Ok(q!(
        "SELECT version FROM facts_versions WHERE cluster_id = $1",
        cluster_id
    )
    .int(db)
    .await
    .unwrap_or(0))
}

// ---------------------------------------------------------------------------------------------
// Roadmap

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StatusRow {
    pub action: String,
    pub col: String,
    pub status: String,
    pub note: String,
    pub updated_at: String,
}

pub async fn statuses(db: &Db, scope: &Scope, plan_code: &str) -> Result<Vec<StatusRow>> {
    scope.require(scope.is_insider())?;
    q!(
        "SELECT action, col, status, note, updated_at FROM action_statuses
         WHERE cluster_id = $1 AND plan_code = $2",
        scope.cluster_id(),
        plan_code
    )
    .all(db)
    .await
}

pub async fn set_status(
    db: &Db,
    scope: &Scope,
    plan: &Plan,
    action: &str,
    col: &str,
    status: &str,
    note: &str,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    let mut errs = Vec::new();
    if !plan.actions().any(|(_, _, a)| a.code == action) {
        errs.push(FieldError::new("action", "unknown_plan_item").detail(action));
    }
    if !plan.columns.iter().any(|c| c == col) {
        errs.push(FieldError::new("col", "unknown_column").detail(col));
    }
    let status = ActionStatus::parse("status", status)
        .map_err(|e| errs.push(e))
        .ok();
    let Some(status) = status.filter(|_| errs.is_empty()) else {
        return Err(Error::Validation(errs));
    };
    let cid = scope.cluster_id();
    let mut tx = db.begin().await?;
    let before: Option<(String, String)> = q!(
        "SELECT status, note FROM action_statuses WHERE cluster_id = $1 AND plan_code = $2 AND action = $3 AND col = $4",
        cid, &plan.code, action, col
    )
    .optional(&mut tx)
    .await?;
    q!(
        "DELETE FROM action_statuses WHERE cluster_id = $1 AND plan_code = $2 AND action = $3 AND col = $4",
        cid, &plan.code, action, col
    )
    .run(&mut tx)
    .await?;
    q!(
        "INSERT INTO action_statuses (cluster_id, plan_code, action, col, status, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        cid, &plan.code, action, col, status.as_str(), note.trim(), scope.user_id(), crate::now()
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(cid),
        scope.user_id(),
        "action_status",
        0,
        "update",
        json!({"plan": plan.code, "action": action, "col": col, "before": before, "status": status.as_str(), "note": note.trim()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Manual figures

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ValueRow {
    pub id: i64,
    pub indicator: String,
    pub year: i64,
    pub value: f64,
    pub source: String,
    pub note: String,
    pub evidence_name: Option<String>,
    pub entered_at: String,
}

pub struct Evidence {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub async fn values(db: &Db, scope: &Scope, plan_code: &str) -> Result<Vec<ValueRow>> {
    scope.require(scope.can_see_private())?;
    q!(
        "SELECT id, indicator, year, value, source, note, evidence_name, entered_at FROM indicator_values
         WHERE cluster_id = $1 AND plan_code = $2 ORDER BY indicator, year",
        scope.cluster_id(),
        plan_code
    )
    .all(db)
    .await
}

/// Records a figure that is not computed (a statistic, a certificate) with where it comes from;
/// a new figure for the same year replaces the old one, which the audit log keeps. `value` is
/// read as people write numbers in `lang`.
#[allow(clippy::too_many_arguments)]
pub async fn set_value(
    db: &Db,
    scope: &Scope,
    plan: &Plan,
    lang: &str,
    indicator: &str,
    year: &str,
    value: &str,
    source: &str,
    note: &str,
    evidence: Option<Evidence>,
) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let mut errs = Vec::new();
    if plan.indicator(indicator).is_none() {
        errs.push(FieldError::new("indicator", "unknown_indicator").detail(indicator));
    }
    let y = year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if y.is_none() {
        errs.push(FieldError::new("year", "invalid_year").detail(year));
    }
    let v = parse_figure(lang, value);
    if v.is_none() {
        errs.push(FieldError::new("value", "not_a_number").detail(value));
    }
    if source.trim().is_empty() {
        errs.push(FieldError::new("source", "required"));
    }
    if let Some(e) = &evidence
        && e.bytes.len() > 10 * 1024 * 1024
    {
        errs.push(FieldError::new("evidence", "too_large").detail(&e.name));
    }
    let (Some(y), Some(v)) = (y, v) else {
        return Err(Error::Validation(errs));
    };
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let cid = scope.cluster_id();
    let mut tx = db.begin().await?;
    let before: Option<(f64, String)> = q!(
        "SELECT value, source FROM indicator_values WHERE cluster_id = $1 AND plan_code = $2 AND indicator = $3 AND year = $4",
        cid, &plan.code, indicator, i64::from(y)
    )
    .optional(&mut tx)
    .await?;
    q!(
        "DELETE FROM indicator_values WHERE cluster_id = $1 AND plan_code = $2 AND indicator = $3 AND year = $4",
        cid, &plan.code, indicator, i64::from(y)
    )
    .run(&mut tx)
    .await?;
    let (name, ctype, bytes) = match evidence {
        Some(e) => (Some(e.name), Some(e.content_type), Some(e.bytes)),
        None => (None, None, None),
    };
    let id = q!(
        "INSERT INTO indicator_values (cluster_id, plan_code, indicator, year, value, source, note, evidence_name, evidence_type, evidence, entered_by, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        cid, &plan.code, indicator, i64::from(y), v, source.trim(), note.trim(), name, ctype, bytes, scope.user_id(), crate::now()
    )
    .int(&mut tx)
    .await?;
    bump(&mut tx, cid).await?;
    audit::record(
        &mut tx,
        Some(cid),
        scope.user_id(),
        "indicator_value",
        id,
        "set",
        json!({"indicator": indicator, "year": y, "before": before, "value": v, "source": source.trim()}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn evidence(db: &Db, scope: &Scope, value_id: i64) -> Result<Evidence> {
    scope.require(scope.can_see_private())?;
    let row: (Option<String>, Option<String>, Option<Vec<u8>>) = q!(
        "SELECT evidence_name, evidence_type, evidence FROM indicator_values WHERE id = $1 AND cluster_id = $2",
        value_id,
        scope.cluster_id()
    )
    .one(db)
    .await?;
    match row {
        (Some(name), ctype, Some(bytes)) => Ok(Evidence {
            name,
            content_type: ctype.unwrap_or_else(|| "application/octet-stream".into()),
            bytes,
        }),
        _ => Err(Error::NotFound),
    }
}

// ---------------------------------------------------------------------------------------------
// Facts for the engine

fn date(s: Option<&str>) -> Option<Date> {
    s.and_then(|s| parse_date("d", s.get(..10).unwrap_or(s)).ok())
}

/// The columns of an activity the engine reads.
#[derive(sqlx::FromRow)]
pub(crate) struct FactRow {
    pub id: i64,
    pub kind: String,
    pub subtype: Option<String>,
    pub scope: Option<String>,
    pub counterpart: Option<String>,
    pub external: bool,
    pub starts_on: String,
    pub attendees: i64,
    pub amount_cents: i64,
}

impl FactRow {
    pub fn to_activity(&self) -> Option<Activity> {
        Some(Activity {
            id: self.id,
            meeting: false,
            date: date(Some(&self.starts_on))?,
            kind: ActivityKind::parse("kind", &self.kind).ok()?,
            subtype: self.subtype.as_deref().and_then(subtype_index),
            scope: self
                .scope
                .as_deref()
                .and_then(|s| Reach::parse("scope", s).ok()),
            counterpart: self
                .counterpart
                .as_deref()
                .and_then(|c| Counterpart::parse("counterpart", c).ok()),
            external: self.external,
            attendees: self.attendees,
            amount_cents: self.amount_cents,
            items: Vec::new(),
            organisations: Vec::new(),
            people: Vec::new(),
        })
    }
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    id: i64,
    organisation_id: i64,
    since: Option<String>,
    until: Option<String>,
    code: String,
    entity_type: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SeatRow {
    group_id: i64,
    kind: String,
    person_id: i64,
    organisation_id: Option<i64>,
    term_start: Option<String>,
    term_end: Option<String>,
}

/// (activity, linked value) of one of the activity link tables, for one cluster. `table` and
/// `column` are fixed names from this module, never input.
async fn links<T>(db: &Db, cluster_id: i64, table: &str, column: &str) -> Result<Vec<(i64, T)>>
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    q!(
        format!("SELECT l.activity_id, l.{column} FROM {table} l JOIN activities a ON a.id = l.activity_id WHERE a.cluster_id = $1"),
        cluster_id
    )
    .all(db)
    .await
}

/// Everything the indicators of one cluster are computed from.
pub async fn load_facts(db: &Db, cluster_id: i64, plan_code: &str) -> Result<Facts> {
    let rows: Vec<FactRow> = q!(
        "SELECT id, kind, subtype, scope, counterpart, external, starts_on, attendees, amount_cents
         FROM activities WHERE cluster_id = $1",
        cluster_id
    )
    .all(db)
    .await?;
    let mut acts: HashMap<i64, Activity> = rows
        .iter()
        .filter_map(|r| r.to_activity().map(|a| (r.id, a)))
        .collect();
    for (id, item) in links::<String>(db, cluster_id, "activity_links", "item").await? {
        if let Some(a) = acts.get_mut(&id) {
            a.items.push(item);
        }
    }
    for (id, o) in links::<i64>(db, cluster_id, "activity_organisations", "organisation_id").await?
    {
        if let Some(a) = acts.get_mut(&id) {
            a.organisations.push(o);
        }
    }
    for (id, p) in links::<i64>(db, cluster_id, "activity_people", "person_id").await? {
        if let Some(a) = acts.get_mut(&id) {
            a.people.push(p);
        }
    }
    let mut activities: Vec<Activity> = acts.into_values().collect();
    activities.extend(meetings(db, cluster_id).await?);

    let ms: Vec<MembershipRow> = q!(
        "SELECT m.id, m.organisation_id, m.since, m.until, t.code, o.entity_type
         FROM memberships m JOIN typologies t ON t.id = m.typology_id JOIN organisations o ON o.id = m.organisation_id
         WHERE m.cluster_id = $1 AND m.status <> 'applicant'",
        cluster_id
    )
    .all(db)
    .await?;
    let memberships = ms
        .into_iter()
        .map(|m| Membership {
            id: m.id,
            organisation: m.organisation_id,
            since: date(m.since.as_deref()),
            until: date(m.until.as_deref()),
            typology: m.code,
            entity_type: m.entity_type.and_then(|e| EntityType::parse("e", &e).ok()),
        })
        .collect();
    let gs: Vec<(i64, String, Option<String>, Option<String>)> = q!(
        "SELECT id, kind, starts_on, ends_on FROM cluster_groups WHERE cluster_id = $1",
        cluster_id
    )
    .all(db)
    .await?;
    let groups: Vec<Group> = gs
        .into_iter()
        .filter_map(|(id, kind, s, e)| {
            Some(Group {
                id,
                kind: GroupKind::parse("k", &kind).ok()?,
                starts_on: date(s.as_deref()),
                ends_on: date(e.as_deref()),
            })
        })
        .collect();
    // A seat counts for the organisation the person works for (the first, if several).
    let ss: Vec<SeatRow> = q!(
        "SELECT g.id AS group_id, g.kind, gm.person_id,
                (SELECT MIN(a.organisation_id) FROM affiliations a WHERE a.person_id = gm.person_id) AS organisation_id,
                gm.term_start, gm.term_end
         FROM group_members gm JOIN cluster_groups g ON g.id = gm.group_id WHERE g.cluster_id = $1",
        cluster_id
    )
    .all(db)
    .await?;
    let seats = ss
        .into_iter()
        .filter_map(|s| {
            Some(Seat {
                group: s.group_id,
                kind: GroupKind::parse("k", &s.kind).ok()?,
                person: s.person_id,
                organisation: s.organisation_id,
                from: date(s.term_start.as_deref()),
                to: date(s.term_end.as_deref()),
            })
        })
        .collect();
    let survey = crate::survey::answers(db, cluster_id).await?;
    let mv: Vec<(i64, String, i64, f64)> = q!(
        "SELECT id, indicator, year, value FROM indicator_values WHERE cluster_id = $1 AND plan_code = $2",
        cluster_id,
        plan_code
    )
    .all(db)
    .await?;
    let manual = mv
        .into_iter()
        .map(|(id, indicator, year, value)| ManualValue {
            id,
            indicator,
            year: year as i32,
            value,
        })
        .collect();
    Ok(Facts {
        activities,
        memberships,
        groups,
        seats,
        survey,
        manual,
    })
}

/// Governance meetings enter the log as meetings: committees and working groups as
/// `working_group`, the board and the assembly as `governance`; those present are its people.
async fn meetings(db: &Db, cluster_id: i64) -> Result<Vec<Activity>> {
    let rows: Vec<(i64, String, String)> = q!(
        "SELECT m.id, m.starts_at, g.kind FROM meetings m JOIN cluster_groups g ON g.id = m.group_id WHERE m.cluster_id = $1",
        cluster_id
    )
    .all(db)
    .await?;
    let present: Vec<(i64, i64, Option<i64>)> = q!(
        "SELECT a.meeting_id, a.person_id,
                (SELECT MIN(f.organisation_id) FROM affiliations f WHERE f.person_id = a.person_id)
         FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
         WHERE m.cluster_id = $1 AND a.status = 'present'",
        cluster_id
    )
    .all(db)
    .await?;
    let mut by_meeting: HashMap<i64, (Vec<i64>, Vec<i64>)> = HashMap::new();
    for (m, p, o) in present {
        let e = by_meeting.entry(m).or_default();
        e.0.push(p);
        e.1.extend(o);
    }
    Ok(rows
        .into_iter()
        .filter_map(|(id, at, kind)| {
            let sub = if kind == "board" || kind == "assembly" {
                "governance"
            } else {
                "working_group"
            };
            let (mut people, mut orgs) = by_meeting.remove(&id).unwrap_or_default();
            people.sort_unstable();
            orgs.sort_unstable();
            orgs.dedup();
            Some(Activity {
                id,
                meeting: true,
                date: date(Some(&at))?,
                kind: ActivityKind::Meeting,
                subtype: subtype_index(sub),
                scope: None,
                counterpart: None,
                external: false,
                attendees: people.len() as i64,
                amount_cents: 0,
                items: Vec::new(),
                organisations: orgs,
                people,
            })
        })
        .collect())
}

/// Survey fields in the engine's order, for the survey repository.
pub const SURVEY_COLUMNS: [&str; 6] = SURVEY_FIELDS;
pub(crate) fn survey_answer(
    id: i64,
    organisation: i64,
    year: i64,
    entity_type: Option<String>,
    values: [Option<f64>; 6],
) -> SurveyAnswer {
    SurveyAnswer {
        id,
        organisation,
        year: year as i32,
        entity_type: entity_type.and_then(|e| EntityType::parse("e", &e).ok()),
        values,
    }
}

/// A record behind an indicator's value, ready to list: what it is, when, a title, and what
/// page it opens (`activity`, `meeting`, `organisation`, `group`, `value`).
#[derive(Debug, Clone, Serialize)]
pub struct RecordRow {
    pub role: &'static str,
    pub kind: &'static str,
    pub date: String,
    pub title: String,
    pub detail: String,
    pub link: &'static str,
    pub link_id: i64,
}

/// Describes drill-down records, at most `limit` of them (the caller shows the total): one query
/// per kind of record, whatever their number.
pub async fn describe(
    db: &Db,
    scope: &Scope,
    records: &[(&'static str, clusterhub_plan::Record)],
    limit: usize,
) -> Result<Vec<RecordRow>> {
    use clusterhub_plan::Record as R;
    scope.require(scope.can_see_private())?;
    let records = &records[..records.len().min(limit)];
    let ids = |want: fn(&R) -> Option<i64>| -> Vec<i64> {
        let mut v: Vec<i64> = records.iter().filter_map(|(_, r)| want(r)).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // Each kind's rows: id → (date, title, detail, id of the page it opens).
    let activities = rows_by_id(
        db,
        scope,
        &ids(|r| match r {
            R::Activity(i) => Some(*i),
            _ => None,
        }),
        "SELECT id, starts_on, title, kind, id FROM activities WHERE cluster_id = $1 AND id IN",
    )
    .await?;
    let meetings = rows_by_id(db, scope, &ids(|r| match r { R::Meeting(i) => Some(*i), _ => None }),
        "SELECT m.id, m.starts_at, m.title, g.name, m.id FROM meetings m JOIN cluster_groups g ON g.id = m.group_id WHERE m.cluster_id = $1 AND m.id IN").await?;
    let memberships = rows_by_id(db, scope, &ids(|r| match r { R::Membership(i) => Some(*i), _ => None }),
        "SELECT m.id, COALESCE(m.since, ''), o.name, '', o.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.cluster_id = $1 AND m.id IN").await?;
    let groups = rows_by_id(db, scope, &ids(|r| match r { R::Group(i) | R::Seat(i, _) => Some(*i), _ => None }),
        "SELECT id, COALESCE(starts_on, ''), name, kind, id FROM cluster_groups WHERE cluster_id = $1 AND id IN").await?;
    let answers = rows_by_id(db, scope, &ids(|r| match r { R::SurveyAnswer(i) => Some(*i), _ => None }),
        "SELECT r.id, r.submitted_at, o.name, CAST(c.year AS TEXT), o.id FROM survey_responses r JOIN survey_campaigns c ON c.id = r.campaign_id JOIN organisations o ON o.id = r.organisation_id WHERE c.cluster_id = $1 AND r.id IN").await?;
    let values = rows_by_id(db, scope, &ids(|r| match r { R::ManualValue(i) => Some(*i), _ => None }),
        "SELECT id, entered_at, source, CAST(year AS TEXT), id FROM indicator_values WHERE cluster_id = $1 AND id IN").await?;
    let seat_groups = ids(|r| match r {
        R::Seat(g, _) => Some(*g),
        _ => None,
    });
    let mut seats: HashMap<(i64, i64), (String, String)> = HashMap::new();
    for chunk in seat_groups.chunks(500) {
        let mut query = Q::new("");
        query.arg(scope.cluster_id());
        let list: Vec<String> = chunk.iter().map(|i| query.arg(*i)).collect();
        query.sql = format!(
            "SELECT gm.group_id, gm.person_id, COALESCE(gm.term_start, ''), p.first_name || ' ' || p.last_name
             FROM group_members gm JOIN people p ON p.id = gm.person_id JOIN cluster_groups g ON g.id = gm.group_id
             WHERE g.cluster_id = $1 AND gm.group_id IN ({})",
            list.join(",")
        );
        let rows: Vec<(i64, i64, String, String)> = query.all(db).await?;
        seats.extend(rows.into_iter().map(|(g, p, d, n)| ((g, p), (d, n))));
    }
    let row = |role, kind, link, found: Option<&Described>| {
        found.map(|(date, title, detail, link_id)| RecordRow {
            role,
            kind,
            date: date.clone(),
            title: title.clone(),
            detail: detail.clone(),
            link,
            link_id: *link_id,
        })
    };
    Ok(records
        .iter()
        .filter_map(|(role, r)| match r {
            R::Activity(i) => row(role, "activity", "activity", activities.get(i)),
            R::Meeting(i) => row(role, "meeting", "meeting", meetings.get(i)),
            R::Membership(i) => row(role, "membership", "organisation", memberships.get(i)),
            R::Group(i) => row(role, "group", "group", groups.get(i)),
            // A seat reads as the person, in the group, since the start of the term.
            R::Seat(g, p) => {
                let (_, group, _, _) = groups.get(g)?;
                let (since, person) = seats.get(&(*g, *p))?;
                row(
                    role,
                    "seat",
                    "group",
                    Some(&(since.clone(), person.clone(), group.clone(), *g)),
                )
            }
            R::SurveyAnswer(i) => row(role, "survey_answer", "organisation", answers.get(i)),
            R::ManualValue(i) => row(role, "manual_value", "value", values.get(i)),
        })
        .collect())
}

/// Date, title, detail and the id of the page a drill-down row opens.
type Described = (String, String, String, i64);

/// Runs `select` (ending in `IN`) for these ids of the scope's cluster, in chunks that stay under
/// both databases' limits on parameters.
async fn rows_by_id(
    db: &Db,
    scope: &Scope,
    ids: &[i64],
    select: &str,
) -> Result<HashMap<i64, Described>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut query = Q::new("");
        query.arg(scope.cluster_id());
        let list: Vec<String> = chunk.iter().map(|i| query.arg(*i)).collect();
        query.sql = format!("{select} ({})", list.join(","));
        let rows: Vec<(i64, String, String, String, i64)> = query.all(db).await?;
        out.extend(rows.into_iter().map(|(id, d, t, x, l)| (id, (d, t, x, l))));
    }
    Ok(out)
}

/// Every pillar, line and action code of the cluster's current plan revisions, which activities
/// may link to.
pub async fn item_codes(db: &Db, scope: &Scope) -> Result<std::collections::HashSet<String>> {
    let mut out = std::collections::HashSet::new();
    for p in list(db, scope).await? {
        out.extend(body(db, p.id, p.revision).await?.ancestry().into_keys());
    }
    Ok(out)
}
