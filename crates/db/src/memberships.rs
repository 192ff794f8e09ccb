//! Memberships: an organisation's belonging to one cluster. Open-ended by default (active until
//! someone ends it), with the cluster's own typology, fee class, subsectors and value chains.

use crate::{Db, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::model::MembershipStatus;
use clusterhub_core::{Error, FieldError};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Membership {
    pub id: i64,
    pub cluster_id: i64,
    pub organisation_id: i64,
    pub typology_id: i64,
    pub typology: String,
    pub status: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub withdrawal_reason: Option<String>,
    pub fee_class: String,
    pub application_message: Option<String>,
    pub applied_at: Option<String>,
    pub notes: Option<String>,
}

const COLS: &str = "m.id, m.cluster_id, m.organisation_id, m.typology_id, t.code AS typology, m.status, m.since, m.until, m.withdrawal_reason, m.fee_class, m.application_message, m.applied_at, m.notes";

/// The membership of an organisation in the scope's cluster; private, so staff and board only
/// (and the member organisation itself).
pub async fn of_organisation(db: &Db, scope: &Scope, organisation_id: i64) -> Result<Membership> {
    scope.require(scope.can_see_private() || scope.own_organisation() == Some(organisation_id))?;
    q!(
        format!("SELECT {COLS} FROM memberships m JOIN typologies t ON t.id = m.typology_id WHERE m.cluster_id = $1 AND m.organisation_id = $2"),
        scope.cluster_id(), organisation_id
    )
    .one(db)
    .await
}

pub async fn subsector_codes<'a>(
    ex: impl Into<crate::Ex<'a>>,
    membership_id: i64,
) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = q!(
        "SELECT s.code FROM membership_subsectors ms JOIN subsectors s ON s.id = ms.subsector_id WHERE ms.membership_id = $1 ORDER BY s.position",
        membership_id
    )
    .all(ex)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Subsector and value-chain codes of an organisation's membership of the scope's cluster
/// (public to anyone who may see the organisation).
pub async fn terms_of(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
) -> Result<(Vec<String>, Vec<String>)> {
    let id: Option<(i64,)> = q!(
        "SELECT id FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        organisation_id
    )
    .optional(db)
    .await?;
    let Some((id,)) = id else {
        return Ok((Vec::new(), Vec::new()));
    };
    Ok((
        subsector_codes(db, id).await?,
        value_chain_codes(db, id).await?,
    ))
}

pub async fn value_chain_codes(db: &Db, membership_id: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = q!(
        "SELECT v.code FROM membership_value_chains mv JOIN value_chains v ON v.id = mv.value_chain_id WHERE mv.membership_id = $1 ORDER BY v.position",
        membership_id
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub struct NewMembership<'a> {
    pub organisation_id: i64,
    pub typology: &'a str,
    pub status: MembershipStatus,
    pub since: Option<String>,
    pub subsectors: &'a [String],
    pub value_chains: &'a [String],
    pub application_message: Option<String>,
}

/// Creates the membership in `cluster_id`. Unknown typology or subsector codes are field errors.
pub async fn insert(
    tx: &mut Tx,
    cluster_id: i64,
    user_id: Option<i64>,
    m: &NewMembership<'_>,
) -> Result<i64> {
    let typ: Option<(i64, String)> = q!(
        "SELECT id, fee_class FROM typologies WHERE cluster_id = $1 AND code = $2",
        cluster_id,
        m.typology
    )
    .optional(&mut *tx)
    .await?;
    let Some((typology_id, fee_class)) = typ else {
        return Err(Error::Validation(vec![
            FieldError::new("typology", "unknown_value").detail(m.typology),
        ]));
    };
    let exists = q!(
        "SELECT COUNT(*) FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        cluster_id,
        m.organisation_id
    )
    .int(&mut *tx)
    .await?;
    if exists > 0 {
        return Err(Error::Validation(vec![FieldError::new(
            "organisation",
            "already_member",
        )]));
    }
    let now = crate::now();
    let applied = (m.status == MembershipStatus::Applicant).then(|| now.clone());
    let id = q!(
        "INSERT INTO memberships (cluster_id, organisation_id, typology_id, status, since, fee_class, application_message, applied_at, created_at, updated_at, name_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, (SELECT name_key FROM organisations WHERE id = $2)) RETURNING id",
        cluster_id, m.organisation_id, typology_id, m.status.as_str(), m.since.clone(), fee_class, m.application_message.clone(), applied, now
    )
    .int(&mut *tx)
    .await?;
    set_terms(
        tx,
        cluster_id,
        id,
        "subsectors",
        "membership_subsectors",
        "subsector_id",
        "subsectors",
        m.subsectors,
        false,
    )
    .await?;
    set_terms(
        tx,
        cluster_id,
        id,
        "value_chains",
        "membership_value_chains",
        "value_chain_id",
        "value_chains",
        m.value_chains,
        false,
    )
    .await?;
    audit::record(
        tx,
        Some(cluster_id),
        user_id,
        "membership",
        id,
        "create",
        json!({"organisation_id": m.organisation_id, "typology": m.typology, "status": m.status.as_str(), "subsectors": m.subsectors}),
    )
    .await?;
    Ok(id)
}

/// Replaces the codes linked to a membership; all table names are fixed strings from this module.
#[allow(clippy::too_many_arguments)]
async fn set_terms(
    tx: &mut Tx,
    cluster_id: i64,
    membership_id: i64,
    vocab: &str,
    link: &str,
    col: &str,
    field: &str,
    codes: &[String],
    replace: bool,
) -> Result<()> {
    // A membership created in this transaction has no links yet; skipping the DELETE also keeps
    // PostgreSQL from reusing a sequential-scan plan cached while the table was small (seen on
    // 100k-row imports).
    if replace {
        q!(
            format!("DELETE FROM {link} WHERE membership_id = $1"),
            membership_id
        )
        .run(&mut *tx)
        .await?;
    }
    for code in codes {
        let t: Option<(i64,)> = q!(
            format!("SELECT id FROM {vocab} WHERE cluster_id = $1 AND code = $2"),
            cluster_id,
            code.as_str()
        )
        .optional(&mut *tx)
        .await?;
        let Some((tid,)) = t else {
            return Err(Error::Validation(vec![
                FieldError::new(field, "unknown_value").detail(code.as_str()),
            ]));
        };
        q!(
            format!(
                "INSERT INTO {link} (membership_id, {col}) VALUES ($1, $2) ON CONFLICT DO NOTHING"
            ),
            membership_id,
            tid
        )
        .run(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Staff change typology, subsectors, value chains or notes.
pub struct MembershipUpdate {
    pub typology: String,
    pub subsectors: Vec<String>,
    pub value_chains: Vec<String>,
    pub notes: String,
}

pub async fn update(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    u: &MembershipUpdate,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    let m = of_organisation(db, scope, organisation_id).await?;
    let mut tx = db.begin().await?;
    let typ: Option<(i64,)> = q!(
        "SELECT id FROM typologies WHERE cluster_id = $1 AND code = $2",
        scope.cluster_id(),
        u.typology.as_str()
    )
    .optional(&mut tx)
    .await?;
    let Some((tid,)) = typ else {
        return Err(Error::Validation(vec![
            FieldError::new("typology", "unknown_value").detail(u.typology.as_str()),
        ]));
    };
    q!(
        "UPDATE memberships SET typology_id = $1, notes = $2, updated_at = $3 WHERE id = $4",
        tid,
        u.notes.trim(),
        crate::now(),
        m.id
    )
    .run(&mut tx)
    .await?;
    set_terms(
        &mut tx,
        scope.cluster_id(),
        m.id,
        "subsectors",
        "membership_subsectors",
        "subsector_id",
        "subsectors",
        &u.subsectors,
        true,
    )
    .await?;
    set_terms(
        &mut tx,
        scope.cluster_id(),
        m.id,
        "value_chains",
        "membership_value_chains",
        "value_chain_id",
        "value_chains",
        &u.value_chains,
        true,
    )
    .await?;
    audit::record(&mut tx, Some(scope.cluster_id()), scope.user_id(), "membership", m.id, "update",
        json!({"typology": [m.typology, u.typology], "subsectors": u.subsectors, "value_chains": u.value_chains})).await?;
    tx.commit().await
}

/// Moves a membership to a new status. Approving an application starts it today; withdrawing
/// needs a reason and ends it today.
pub async fn set_status(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    to: MembershipStatus,
    reason: Option<&str>,
) -> Result<()> {
    let m = of_organisation(db, scope, organisation_id).await?;
    let from =
        MembershipStatus::parse("status", &m.status).map_err(|e| Error::Validation(vec![e]))?;
    let allowed = match (from, to) {
        (MembershipStatus::Applicant, MembershipStatus::Active | MembershipStatus::Withdrawn) => {
            scope.can_decide_applications()
        }
        (MembershipStatus::Active, MembershipStatus::Suspended | MembershipStatus::Withdrawn)
        | (MembershipStatus::Suspended, MembershipStatus::Active | MembershipStatus::Withdrawn)
        | (MembershipStatus::Withdrawn, MembershipStatus::Active) => scope.can_manage(),
        _ => {
            return Err(Error::Validation(vec![
                FieldError::new("status", "invalid_transition").detail(format!("{from} → {to}")),
            ]));
        }
    };
    scope.require(allowed)?;
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if to == MembershipStatus::Withdrawn && reason.is_none() {
        return Err(Error::invalid("reason", "required"));
    }
    let today = crate::today();
    let mut tx = db.begin().await?;
    let (since, until) = match to {
        MembershipStatus::Active if from != MembershipStatus::Suspended => {
            (Some(today.clone()), None)
        }
        MembershipStatus::Active => (m.since.clone(), None),
        MembershipStatus::Withdrawn => (m.since.clone(), Some(today.clone())),
        _ => (m.since.clone(), m.until.clone()),
    };
    q!(
        "UPDATE memberships SET status = $1, since = $2, until = $3, withdrawal_reason = $4, decided_at = $5, decided_by = $6, updated_at = $5 WHERE id = $7",
        to.as_str(), since, until, reason.map(str::to_string), crate::now(), scope.user_id(), m.id
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "membership",
        m.id,
        "status",
        json!({"status": [from.as_str(), to.as_str()], "reason": reason}),
    )
    .await?;
    tx.commit().await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Application {
    pub organisation_id: i64,
    pub name: String,
    pub entity_type: String,
    pub legal_id: Option<String>,
    pub typology: String,
    pub applied_at: Option<String>,
    pub application_message: Option<String>,
}

pub async fn applications(db: &Db, scope: &Scope) -> Result<Vec<Application>> {
    scope.require(scope.can_decide_applications())?;
    q!(
        "SELECT o.id AS organisation_id, o.name, o.entity_type, o.legal_id, t.code AS typology, m.applied_at, m.application_message
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id JOIN typologies t ON t.id = m.typology_id
         WHERE m.cluster_id = $1 AND m.status = 'applicant' ORDER BY m.applied_at, o.id",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// The other clusters this organisation belongs to, by name only: membership elsewhere is
/// public, what the other cluster knows about it is not.
pub async fn other_clusters(db: &Db, scope: &Scope, organisation_id: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = q!(
        "SELECT c.name FROM memberships m JOIN clusters c ON c.id = m.cluster_id
         WHERE m.organisation_id = $1 AND m.cluster_id <> $2 AND m.status = 'active' ORDER BY c.name",
        organisation_id, scope.cluster_id()
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
