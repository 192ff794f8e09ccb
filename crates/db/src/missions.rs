//! Trade missions and fairs: delegation, stand participation, follow-up outcomes.
//!
//! A mission is an event of kind `mission` or `fair` of the scope's cluster (read here from the
//! events tables, which the events capability writes). Insiders of the cluster see the mission,
//! its delegation, agenda and stands; drafts only staff. Outcomes of an organisation are its
//! own and the staff's: anyone else gets not found. Staff compose the delegation and stands.

use crate::{Db, Result, audit, q};
use clusterhub_core::Error;
use clusterhub_core::access::Scope;
use clusterhub_core::mission::{Outcome, Share, Stand, Totals};
use serde::Serialize;
use serde_json::json;

/// The event behind a mission or a fair.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Mission {
    pub id: i64,
    pub kind: String,
    pub subtype: Option<String>,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub place: Option<String>,
    pub target_country: Option<String>,
    pub sector: Option<String>,
    pub status: String,
}

impl Mission {
    pub fn is_fair(&self) -> bool {
        self.kind == "fair"
    }
}

/// The mission or fair `event_id` of the scope's cluster, for its insiders (drafts: staff).
pub async fn get(db: &Db, scope: &Scope, event_id: i64) -> Result<Mission> {
    scope.require(scope.is_insider())?;
    let m: Mission = q!(
        "SELECT id, kind, subtype, title, description, starts_at, ends_at, time_zone, place, target_country, sector, status
         FROM events WHERE id = $1 AND cluster_id = $2 AND kind IN ('mission', 'fair')",
        event_id,
        scope.cluster_id()
    )
    .one(db)
    .await?;
    if m.status == "draft" && !scope.can_manage() {
        return Err(Error::NotFound);
    }
    Ok(m)
}

/// The cluster's missions and fairs, newest first (drafts: staff only), with the number of
/// organisations in each delegation.
pub async fn list(db: &Db, scope: &Scope) -> Result<Vec<(Mission, i64)>> {
    scope.require(scope.is_insider())?;
    let all: Vec<Mission> = q!(
        "SELECT id, kind, subtype, title, description, starts_at, ends_at, time_zone, place, target_country, sector, status
         FROM events WHERE cluster_id = $1 AND kind IN ('mission', 'fair') AND (status <> 'draft' OR $2)
         ORDER BY starts_at DESC, id DESC",
        scope.cluster_id(),
        scope.can_manage()
    )
    .all(db)
    .await?;
    let mut out = Vec::with_capacity(all.len());
    for m in all {
        let n = delegation(db, scope, &m).await?.len() as i64;
        out.push((m, n));
    }
    Ok(out)
}

/// One session of the agenda abroad (UTC instants; pages show them in the mission's zone).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Session {
    pub id: i64,
    pub track: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub room: Option<String>,
}

pub async fn agenda(db: &Db, m: &Mission) -> Result<Vec<Session>> {
    q!(
        "SELECT id, track, title, starts_at, ends_at, room FROM event_sessions WHERE event_id = $1 ORDER BY starts_at, position, id",
        m.id
    )
    .all(db)
    .await
}

/// One organisation of the delegation and its people.
#[derive(Debug, Clone, Serialize)]
pub struct Delegate {
    pub organisation_id: i64,
    pub name: String,
    pub people: Vec<String>,
    /// Came through a confirmed registration.
    pub registered: bool,
    /// Added by staff.
    pub added: bool,
}

/// The delegation: organisations of confirmed registrations and those staff added, by name.
pub async fn delegation(db: &Db, scope: &Scope, m: &Mission) -> Result<Vec<Delegate>> {
    scope.require(scope.is_insider())?;
    let registered: Vec<(i64, String, Option<String>)> = q!(
        "SELECT o.id, o.name, r.name FROM event_registrations r JOIN organisations o ON o.id = r.organisation_id
         WHERE r.event_id = $1 AND r.status = 'confirmed' ORDER BY o.name_key, o.id, r.name",
        m.id
    )
    .all(db)
    .await?;
    let added: Vec<(i64, String, Option<String>)> = q!(
        "SELECT o.id, o.name, p.first_name || ' ' || p.last_name FROM mission_delegates d
         JOIN organisations o ON o.id = d.organisation_id LEFT JOIN people p ON p.id = d.person_id
         WHERE d.event_id = $1 AND d.cluster_id = $2 ORDER BY o.name_key, o.id, d.id",
        m.id,
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let mut out: Vec<Delegate> = Vec::new();
    for (via_registration, rows) in [(true, registered), (false, added)] {
        for (id, name, person) in rows {
            let i = match out.iter().position(|d| d.organisation_id == id) {
                Some(i) => i,
                None => {
                    out.push(Delegate {
                        organisation_id: id,
                        name,
                        people: Vec::new(),
                        registered: false,
                        added: false,
                    });
                    out.len() - 1
                }
            };
            let d = &mut out[i];
            if via_registration {
                d.registered = true;
            } else {
                d.added = true;
            }
            if let Some(p) = person.filter(|p| !p.trim().is_empty())
                && !d.people.contains(&p)
            {
                d.people.push(p);
            }
        }
    }
    out.sort_by_cached_key(|d| (clusterhub_core::fold(&d.name), d.organisation_id));
    Ok(out)
}

fn in_delegation(d: &[Delegate], organisation_id: i64) -> bool {
    d.iter().any(|x| x.organisation_id == organisation_id)
}

/// Staff put a member organisation (and optionally one of its people) in the delegation.
pub async fn add_delegate(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    organisation_id: i64,
    person_id: Option<i64>,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    let m = get(db, scope, event_id).await?;
    let member: Option<(i64,)> = q!(
        "SELECT id FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        organisation_id
    )
    .optional(db)
    .await?;
    if member.is_none() {
        return Err(Error::Validation(vec![clusterhub_core::FieldError::new(
            "organisation",
            "unknown_organisation",
        )]));
    }
    if let Some(p) = person_id {
        let works: Option<(i64,)> = q!(
            "SELECT id FROM affiliations WHERE person_id = $1 AND organisation_id = $2",
            p,
            organisation_id
        )
        .optional(db)
        .await?;
        if works.is_none() {
            return Err(Error::Validation(vec![clusterhub_core::FieldError::new(
                "person",
                "not_in_organisation",
            )]));
        }
    }
    let exists: Option<(i64,)> = q!(
        "SELECT id FROM mission_delegates WHERE event_id = $1 AND organisation_id = $2 AND (person_id = $3 OR (person_id IS NULL AND $4))",
        m.id,
        organisation_id,
        person_id.unwrap_or(0),
        person_id.is_none()
    )
    .optional(db)
    .await?;
    if exists.is_some() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let id = q!(
        "INSERT INTO mission_delegates (event_id, cluster_id, organisation_id, person_id, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        m.id,
        scope.cluster_id(),
        organisation_id,
        person_id,
        scope.user_id(),
        crate::now()
    )
    .int(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "mission_delegate",
        id,
        "create",
        json!({"event": m.id, "organisation": organisation_id, "person": person_id}),
    )
    .await?;
    tx.commit().await
}

/// Staff take an organisation they added out of the delegation (registrations stay).
pub async fn remove_delegate(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    organisation_id: i64,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    let m = get(db, scope, event_id).await?;
    let mut tx = db.begin().await?;
    let n = q!(
        "DELETE FROM mission_delegates WHERE event_id = $1 AND cluster_id = $2 AND organisation_id = $3",
        m.id,
        scope.cluster_id(),
        organisation_id
    )
    .run(&mut tx)
    .await?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "mission_delegate",
        organisation_id,
        "delete",
        json!({"event": m.id}),
    )
    .await?;
    tx.commit().await
}

/// One organisation's part of a stand.
#[derive(Debug, Clone, Serialize)]
pub struct ShareRow {
    pub organisation_id: i64,
    pub name: String,
    pub area_centi: i64,
    pub cost_cents: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StandRow {
    pub id: i64,
    pub label: String,
    pub hall: Option<String>,
    pub shares: Vec<ShareRow>,
    pub area_centi: i64,
    pub cost_cents: i64,
}

pub async fn stands(db: &Db, scope: &Scope, m: &Mission) -> Result<Vec<StandRow>> {
    scope.require(scope.is_insider())?;
    let stands: Vec<(i64, String, Option<String>)> = q!(
        "SELECT id, label, hall FROM mission_stands WHERE event_id = $1 AND cluster_id = $2 ORDER BY label, id",
        m.id,
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let shares: Vec<(i64, i64, String, i64, i64)> = q!(
        "SELECT s.stand_id, o.id, o.name, s.area_centi, s.cost_cents FROM mission_stand_shares s
         JOIN mission_stands st ON st.id = s.stand_id JOIN organisations o ON o.id = s.organisation_id
         WHERE st.event_id = $1 AND st.cluster_id = $2 ORDER BY o.name_key, o.id",
        m.id,
        scope.cluster_id()
    )
    .all(db)
    .await?;
    Ok(stands
        .into_iter()
        .map(|(id, label, hall)| {
            let shares: Vec<ShareRow> = shares
                .iter()
                .filter(|s| s.0 == id)
                .map(|s| ShareRow {
                    organisation_id: s.1,
                    name: s.2.clone(),
                    area_centi: s.3,
                    cost_cents: s.4,
                })
                .collect();
            StandRow {
                id,
                label,
                hall,
                area_centi: shares.iter().map(|s| s.area_centi).sum(),
                cost_cents: shares.iter().map(|s| s.cost_cents).sum(),
                shares,
            }
        })
        .collect())
}

/// Staff add a grouped stand to a fair.
pub async fn add_stand(db: &Db, scope: &Scope, event_id: i64, s: &Stand) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let m = get(db, scope, event_id).await?;
    if !m.is_fair() {
        return Err(Error::NotFound);
    }
    let mut tx = db.begin().await?;
    let id = q!(
        "INSERT INTO mission_stands (event_id, cluster_id, label, hall, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        m.id,
        scope.cluster_id(),
        &s.label,
        s.hall.clone(),
        crate::now()
    )
    .int(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "mission_stand",
        id,
        "create",
        json!({"event": m.id, "label": s.label}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Staff set an organisation's share of a stand (area and cost); the organisation must be in
/// the delegation.
pub async fn set_share(db: &Db, scope: &Scope, event_id: i64, s: &Share) -> Result<()> {
    scope.require(scope.can_manage())?;
    let m = get(db, scope, event_id).await?;
    let stand: Option<(i64,)> = q!(
        "SELECT id FROM mission_stands WHERE id = $1 AND event_id = $2 AND cluster_id = $3",
        s.stand_id,
        m.id,
        scope.cluster_id()
    )
    .optional(db)
    .await?;
    if stand.is_none() {
        return Err(Error::Validation(vec![clusterhub_core::FieldError::new(
            "stand",
            "not_found",
        )]));
    }
    if !in_delegation(&delegation(db, scope, &m).await?, s.organisation_id) {
        return Err(Error::Validation(vec![clusterhub_core::FieldError::new(
            "organisation",
            "not_in_delegation",
        )]));
    }
    let mut tx = db.begin().await?;
    q!(
        "INSERT INTO mission_stand_shares (stand_id, organisation_id, area_centi, cost_cents) VALUES ($1, $2, $3, $4)
         ON CONFLICT (stand_id, organisation_id) DO UPDATE SET area_centi = excluded.area_centi, cost_cents = excluded.cost_cents",
        s.stand_id,
        s.organisation_id,
        s.area_centi,
        s.cost_cents
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "mission_stand",
        s.stand_id,
        "share",
        json!({"organisation": s.organisation_id, "area_centi": s.area_centi, "cost_cents": s.cost_cents}),
    )
    .await?;
    tx.commit().await
}

/// Whether this scope may read and edit an organisation's outcomes: its own users and staff.
pub fn may_edit_outcome(scope: &Scope, organisation_id: i64) -> bool {
    scope.can_manage() || scope.own_organisation() == Some(organisation_id)
}

/// An organisation's outcomes row as stored.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeRow {
    pub organisation_id: i64,
    pub name: String,
    pub outcome: Option<Outcome>,
    pub updated_at: Option<String>,
}

type Stored = (i64, i64, i64, i64, i64, i64, String, String);

async fn stored(db: &Db, m: &Mission) -> Result<Vec<Stored>> {
    q!(
        "SELECT organisation_id, contacts, meetings, offers, agreements, business_value_cents, note, updated_at
         FROM mission_outcomes WHERE event_id = $1",
        m.id
    )
    .all(db)
    .await
}

fn outcome_of(s: &Stored) -> Outcome {
    Outcome {
        contacts: s.1,
        meetings: s.2,
        offers: s.3,
        agreements: s.4,
        business_value_cents: s.5,
        note: s.6.clone(),
    }
}

/// The outcomes this scope may read, one row per delegation organisation (staff: all, with
/// the totals; a member user: its own organisation's, when it is in the delegation).
pub async fn outcomes(
    db: &Db,
    scope: &Scope,
    m: &Mission,
) -> Result<(Vec<OutcomeRow>, Option<Totals>)> {
    let del = delegation(db, scope, m).await?;
    let rows = stored(db, m).await?;
    let mut totals = Totals::default();
    let mut out = Vec::new();
    for d in del {
        let s = rows.iter().find(|r| r.0 == d.organisation_id);
        if let Some(s) = s {
            totals.add(&outcome_of(s));
        }
        totals.organisations += 1;
        if may_edit_outcome(scope, d.organisation_id) {
            out.push(OutcomeRow {
                organisation_id: d.organisation_id,
                name: d.name,
                outcome: s.map(outcome_of),
                updated_at: s.map(|s| s.7.clone()),
            });
        }
    }
    Ok((out, scope.can_manage().then_some(totals)))
}

/// One organisation's outcomes for editing: its users and staff; not in the delegation or
/// anyone else: not found.
pub async fn outcome(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    organisation_id: i64,
) -> Result<(Mission, OutcomeRow)> {
    let m = get(db, scope, event_id).await?;
    if !may_edit_outcome(scope, organisation_id) {
        return Err(Error::NotFound);
    }
    let (rows, _) = outcomes(db, scope, &m).await?;
    let row = rows
        .into_iter()
        .find(|r| r.organisation_id == organisation_id)
        .ok_or(Error::NotFound)?;
    Ok((m, row))
}

/// Stores an organisation's outcomes (its users or staff), replacing what was there.
pub async fn save_outcome(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    organisation_id: i64,
    o: &Outcome,
) -> Result<()> {
    let (m, _) = outcome(db, scope, event_id, organisation_id).await?;
    let mut tx = db.begin().await?;
    q!(
        "INSERT INTO mission_outcomes (event_id, organisation_id, cluster_id, contacts, meetings, offers, agreements, business_value_cents, note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (event_id, organisation_id) DO UPDATE SET contacts = excluded.contacts, meetings = excluded.meetings,
         offers = excluded.offers, agreements = excluded.agreements, business_value_cents = excluded.business_value_cents,
         note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        m.id,
        organisation_id,
        scope.cluster_id(),
        o.contacts,
        o.meetings,
        o.offers,
        o.agreements,
        o.business_value_cents,
        &o.note,
        scope.user_id(),
        crate::now()
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "mission_outcome",
        organisation_id,
        "update",
        json!({"event": m.id, "contacts": o.contacts, "meetings": o.meetings, "offers": o.offers,
               "agreements": o.agreements, "business_value_cents": o.business_value_cents}),
    )
    .await?;
    tx.commit().await
}

/// Member organisations of the cluster staff can add (id, name), and people of each
/// (person id, organisation id, name).
pub async fn candidates(
    db: &Db,
    scope: &Scope,
) -> Result<(Vec<(i64, String)>, Vec<(i64, i64, String)>)> {
    scope.require(scope.can_manage())?;
    let orgs = crate::organisations::member_names(db, scope).await?;
    let people: Vec<(i64, i64, String)> = q!(
        "SELECT p.id, a.organisation_id, p.first_name || ' ' || p.last_name || ' (' || o.name || ')' FROM affiliations a
         JOIN people p ON p.id = a.person_id JOIN organisations o ON o.id = a.organisation_id
         JOIN memberships m ON m.organisation_id = a.organisation_id
         WHERE m.cluster_id = $1 AND m.status = 'active' ORDER BY p.last_name, p.first_name, o.name_key, p.id",
        scope.cluster_id()
    )
    .all(db)
    .await?;
    Ok((orgs, people))
}
