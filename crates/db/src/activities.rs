//! The activity log: what the cluster did, linked to the plan, the organisations and the people
//! involved. Every write bumps the cluster's data version in the same transaction.

use crate::plans::{FactRow, bump};
use crate::{Db, Q, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::parse::iso_date;
use clusterhub_core::{Error, FieldError};
use clusterhub_plan::activity::ActivityDraft;
use clusterhub_plan::engine::Activity;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub kind: String,
    pub subtype: Option<String>,
    pub scope: Option<String>,
    pub counterpart: Option<String>,
    pub external: bool,
    pub title: String,
    pub description: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub place: Option<String>,
    pub attendees: i64,
    pub amount_cents: i64,
    pub organisation_count: i64,
}

const COLUMNS: &str = "a.id, a.kind, a.subtype, a.scope, a.counterpart, a.external, a.title, a.description,
    a.starts_on, a.ends_on, a.place, a.attendees, a.amount_cents,
    (SELECT COUNT(*) FROM activity_organisations o WHERE o.activity_id = a.id) AS organisation_count";

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub kind: Option<String>,
    /// A plan item and everything under it, resolved from the plan by the caller.
    pub items: Vec<String>,
    pub organisation: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub text: Option<String>,
    pub page: i64,
}

pub const PAGE: i64 = 50;

/// One page of the log, newest first, and the total matching.
pub async fn list(db: &Db, scope: &Scope, f: &ListFilter) -> Result<(Vec<ActivityRow>, i64)> {
    scope.require(scope.can_see_private())?;
    let mut w = Q::new("");
    let cid = w.arg(scope.cluster_id());
    let mut cond = format!(" WHERE a.cluster_id = {cid}");
    if let Some(k) = &f.kind {
        cond += &format!(" AND a.kind = {}", w.arg(k));
    }
    if !f.items.is_empty() {
        let list: Vec<String> = f.items.iter().map(|i| w.arg(i)).collect();
        cond += &format!(
            " AND EXISTS (SELECT 1 FROM activity_links l WHERE l.activity_id = a.id AND l.item IN ({}))",
            list.join(",")
        );
    }
    if let Some(o) = f.organisation {
        cond += &format!(
            " AND EXISTS (SELECT 1 FROM activity_organisations x WHERE x.activity_id = a.id AND x.organisation_id = {})",
            w.arg(o)
        );
    }
    if let Some(d) = &f.from {
        cond += &format!(" AND a.starts_on >= {}", w.arg(d));
    }
    if let Some(d) = &f.to {
        cond += &format!(" AND a.starts_on <= {}", w.arg(d));
    }
    if let Some(t) = &f.text {
        cond += &format!(
            " AND LOWER(a.title) LIKE {}",
            w.arg(format!("%{}%", t.to_lowercase()))
        );
    }
    let mut count = Q::new(format!("SELECT COUNT(*) FROM activities a{cond}"));
    count.args = w.args.clone();
    let total = count.int(db).await?;
    let mut page = Q::new(format!(
        "SELECT {COLUMNS} FROM activities a{cond} ORDER BY a.starts_on DESC, a.id DESC LIMIT {PAGE} OFFSET {}",
        f.page.max(0) * PAGE
    ));
    page.args = w.args;
    Ok((page.all(db).await?, total))
}

/// The activities with these ids, for the drill-down of an indicator.
pub async fn by_ids(db: &Db, scope: &Scope, ids: &[i64]) -> Result<Vec<ActivityRow>> {
    scope.require(scope.can_see_private())?;
    let mut out = Vec::with_capacity(ids.len());
    // Chunks keep the statement under both databases' parameter limits.
    for chunk in ids.chunks(500) {
        let mut qq = Q::new("");
        let cid = qq.arg(scope.cluster_id());
        let list: Vec<String> = chunk.iter().map(|i| qq.arg(*i)).collect();
        qq.sql = format!(
            "SELECT {COLUMNS} FROM activities a WHERE a.cluster_id = {cid} AND a.id IN ({}) ORDER BY a.starts_on DESC, a.id DESC",
            list.join(",")
        );
        out.extend(qq.all::<ActivityRow>(db).await?);
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub row: ActivityRow,
    pub items: Vec<String>,
    pub organisations: Vec<(i64, String)>,
    pub people: Vec<(i64, String)>,
}

pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Detail> {
    scope.require(scope.can_see_private())?;
    let row: ActivityRow = q!(
        format!("SELECT {COLUMNS} FROM activities a WHERE a.id = $1 AND a.cluster_id = $2"),
        id,
        scope.cluster_id()
    )
    .one(db)
    .await?;
    let items: Vec<(String,)> = q!(
        "SELECT item FROM activity_links WHERE activity_id = $1 ORDER BY item",
        id
    )
    .all(db)
    .await?;
    let organisations = q!(
        "SELECT o.id, o.name FROM activity_organisations x JOIN organisations o ON o.id = x.organisation_id WHERE x.activity_id = $1 ORDER BY o.name_key",
        id
    )
    .all(db)
    .await?;
    let people = q!(
        "SELECT p.id, p.first_name || ' ' || p.last_name FROM activity_people x JOIN people p ON p.id = x.person_id WHERE x.activity_id = $1 ORDER BY p.last_name, p.first_name",
        id
    )
    .all(db)
    .await?;
    Ok(Detail {
        row,
        items: items.into_iter().map(|(i,)| i).collect(),
        organisations,
        people,
    })
}

/// What the engine needs of an activity that was just written.
pub fn to_engine(id: i64, d: &ActivityDraft) -> Option<Activity> {
    let mut a = FactRow {
        id,
        kind: d.kind.as_str().into(),
        subtype: d.subtype.map(str::to_string),
        scope: d.scope.map(|s| s.as_str().to_string()),
        counterpart: d.counterpart.map(|c| c.as_str().to_string()),
        external: d.external,
        starts_on: iso_date(d.starts_on),
        attendees: d.attendees,
        amount_cents: d.amount_cents,
    }
    .to_activity()?;
    a.items = d.items.clone();
    a.organisations = d.organisations.clone();
    a.people = d.people.clone();
    Some(a)
}

async fn write_links(tx: &mut Tx, scope: &Scope, id: i64, d: &ActivityDraft) -> Result<()> {
    for t in [
        "activity_links",
        "activity_organisations",
        "activity_people",
    ] {
        q!(format!("DELETE FROM {t} WHERE activity_id = $1"), id)
            .run(&mut *tx)
            .await?;
    }
    for item in &d.items {
        q!(
            "INSERT INTO activity_links (activity_id, item) VALUES ($1, $2)",
            id,
            item
        )
        .run(&mut *tx)
        .await?;
    }
    // Only organisations and people of this cluster can be linked; an id from elsewhere is
    // refused with the same answer as an id that does not exist.
    let mut errs = Vec::new();
    for o in &d.organisations {
        let n = q!(
            "INSERT INTO activity_organisations (activity_id, organisation_id)
             SELECT $1, organisation_id FROM memberships WHERE cluster_id = $2 AND organisation_id = $3 LIMIT 1",
            id,
            scope.cluster_id(),
            *o
        )
        .run(&mut *tx)
        .await?;
        if n == 0 {
            errs.push(
                FieldError::new("organisations", "unknown_organisation").detail(o.to_string()),
            );
        }
    }
    for p in &d.people {
        let n = q!(
            "INSERT INTO activity_people (activity_id, person_id)
             SELECT $1, a.person_id FROM affiliations a JOIN memberships m ON m.organisation_id = a.organisation_id
             WHERE m.cluster_id = $2 AND a.person_id = $3 LIMIT 1",
            id,
            scope.cluster_id(),
            *p
        )
        .run(&mut *tx)
        .await?;
        if n == 0 {
            errs.push(FieldError::new("people", "unknown_person").detail(p.to_string()));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation(errs))
    }
}

fn summary(d: &ActivityDraft) -> serde_json::Value {
    json!({
        "kind": d.kind.as_str(), "subtype": d.subtype, "title": d.title,
        "starts_on": iso_date(d.starts_on), "attendees": d.attendees, "amount_cents": d.amount_cents,
        "items": d.items, "organisations": d.organisations, "people": d.people,
    })
}

/// Inserts an activity; returns its id and the cluster's new data version.
pub async fn insert(db: &Db, scope: &Scope, d: &ActivityDraft) -> Result<(i64, i64)> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let (id, version) = insert_in(&mut tx, scope, d).await?;
    tx.commit().await?;
    Ok((id, version))
}

/// Same as [`insert`] inside an open transaction (the demo seeds many at once).
pub async fn insert_in(tx: &mut Tx, scope: &Scope, d: &ActivityDraft) -> Result<(i64, i64)> {
    let now = crate::now();
    let id = q!(
        "INSERT INTO activities (cluster_id, kind, subtype, scope, counterpart, external, title, description, starts_on, ends_on, place, attendees, amount_cents, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
        scope.cluster_id(), d.kind.as_str(), d.subtype, d.scope.map(|s| s.as_str()), d.counterpart.map(|c| c.as_str()),
        d.external, &d.title, &d.description, iso_date(d.starts_on), d.ends_on.map(iso_date), d.place.clone(),
        d.attendees, d.amount_cents, scope.user_id(), now
    )
    .int(&mut *tx)
    .await?;
    write_links(tx, scope, id, d).await?;
    let version = bump(tx, scope.cluster_id()).await?;
    audit::record(
        tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "activity",
        id,
        "create",
        summary(d),
    )
    .await?;
    Ok((id, version))
}

pub async fn update(db: &Db, scope: &Scope, id: i64, d: &ActivityDraft) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let before = get(db, scope, id).await?;
    let mut tx = db.begin().await?;
    q!(
        "UPDATE activities SET kind = $1, subtype = $2, scope = $3, counterpart = $4, external = $5, title = $6, description = $7,
         starts_on = $8, ends_on = $9, place = $10, attendees = $11, amount_cents = $12, updated_at = $13
         WHERE id = $14 AND cluster_id = $15",
        d.kind.as_str(), d.subtype, d.scope.map(|s| s.as_str()), d.counterpart.map(|c| c.as_str()), d.external,
        &d.title, &d.description, iso_date(d.starts_on), d.ends_on.map(iso_date), d.place.clone(), d.attendees,
        d.amount_cents, crate::now(), id, scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    write_links(&mut tx, scope, id, d).await?;
    let version = bump(&mut tx, scope.cluster_id()).await?;
    let before = json!({
        "kind": before.row.kind, "subtype": before.row.subtype, "title": before.row.title,
        "starts_on": before.row.starts_on, "attendees": before.row.attendees,
        "amount_cents": before.row.amount_cents, "items": before.items,
    });
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "activity",
        id,
        "update",
        audit::diff(&before, &summary(d)),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

pub async fn delete(db: &Db, scope: &Scope, id: i64) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let before = get(db, scope, id).await?;
    let mut tx = db.begin().await?;
    for t in [
        "activity_links",
        "activity_organisations",
        "activity_people",
    ] {
        q!(format!("DELETE FROM {t} WHERE activity_id = $1"), id)
            .run(&mut tx)
            .await?;
    }
    // A closed desk request keeps its place; it just no longer points at the deleted record.
    q!(
        "UPDATE requests SET activity_id = NULL WHERE activity_id = $1 AND cluster_id = $2",
        id,
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    q!(
        "DELETE FROM activities WHERE id = $1 AND cluster_id = $2",
        id,
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    let version = bump(&mut tx, scope.cluster_id()).await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "activity",
        id,
        "delete",
        json!({"title": before.row.title, "kind": before.row.kind, "starts_on": before.row.starts_on}),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// How many activities are linked to each plan item, for the roadmap.
pub async fn count_by_item(
    db: &Db,
    scope: &Scope,
) -> Result<std::collections::HashMap<String, i64>> {
    scope.require(scope.is_insider())?;
    let rows: Vec<(String, i64)> = q!(
        "SELECT l.item, COUNT(*) FROM activity_links l JOIN activities a ON a.id = l.activity_id
         WHERE a.cluster_id = $1 GROUP BY l.item",
        scope.cluster_id()
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().collect())
}
