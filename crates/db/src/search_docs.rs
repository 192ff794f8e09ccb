//! What the search index is built from: each organisation with its profile and its memberships,
//! read in a few batched queries, and the outbox that says which organisations changed.
//!
//! Deliberately unscoped: the index holds every cluster's rows and the search layer decides,
//! per document, which tier (public, members, staff) may read which field.

use crate::{Db, Q, Result, q};
use clusterhub_core::MultiText;
use clusterhub_core::profile::{Profile, VisibilityMap};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct MembershipSource {
    pub cluster_id: i64,
    pub status: String,
    pub typology: String,
    pub subsectors: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct OrgSource {
    pub id: i64,
    pub name: String,
    pub entity_type: String,
    pub territory: Option<String>,
    pub city: Option<String>,
    pub description: MultiText,
    pub profile: Profile,
    pub visibility: VisibilityMap,
    pub memberships: Vec<MembershipSource>,
}

/// The sources of these organisations (those that no longer exist are absent).
pub async fn load(db: &Db, ids: &[i64]) -> Result<Vec<OrgSource>> {
    let mut out = Vec::with_capacity(ids.len());
    // Chunks keep the IN lists under both databases' parameter limits.
    for chunk in ids.chunks(500) {
        out.extend(load_chunk(db, chunk).await?);
    }
    Ok(out)
}

fn in_list(q: &mut Q, ids: &[i64]) -> String {
    ids.iter()
        .map(|id| q.arg(*id))
        .collect::<Vec<_>>()
        .join(",")
}

type OrgRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

async fn load_chunk(db: &Db, ids: &[i64]) -> Result<Vec<OrgSource>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Q::new("");
    let list = in_list(&mut q, ids);
    q.sql = format!(
        "SELECT o.id, o.name, o.entity_type, o.territory, o.city, o.description, p.profile, p.visibility
         FROM organisations o LEFT JOIN organisation_profiles p ON p.organisation_id = o.id
         WHERE o.id IN ({list})"
    );
    let orgs: Vec<OrgRow> = q.all(db).await?;
    let mut q = Q::new("");
    let list = in_list(&mut q, ids);
    q.sql = format!(
        "SELECT m.id, m.organisation_id, m.cluster_id, m.status, t.code FROM memberships m
         JOIN typologies t ON t.id = m.typology_id WHERE m.organisation_id IN ({list})"
    );
    let ms: Vec<(i64, i64, i64, String, String)> = q.all(db).await?;
    let mut q = Q::new("");
    let list = in_list(&mut q, ids);
    q.sql = format!(
        "SELECT ms.membership_id, s.code FROM membership_subsectors ms
         JOIN subsectors s ON s.id = ms.subsector_id
         JOIN memberships m ON m.id = ms.membership_id
         WHERE m.organisation_id IN ({list}) ORDER BY s.position"
    );
    let subs: Vec<(i64, String)> = q.all(db).await?;
    let mut subs_by: HashMap<i64, Vec<String>> = HashMap::new();
    for (m, code) in subs {
        subs_by.entry(m).or_default().push(code);
    }
    let mut ms_by: HashMap<i64, Vec<MembershipSource>> = HashMap::new();
    for (mid, org, cluster_id, status, typology) in ms {
        ms_by.entry(org).or_default().push(MembershipSource {
            cluster_id,
            status,
            typology,
            subsectors: subs_by.remove(&mid).unwrap_or_default(),
        });
    }
    Ok(orgs
        .into_iter()
        .map(
            |(id, name, entity_type, territory, city, description, profile, visibility)| {
                OrgSource {
                    id,
                    name,
                    entity_type,
                    territory,
                    city,
                    description: MultiText::from_json(&description),
                    profile: profile.map(|p| Profile::from_json(&p)).unwrap_or_default(),
                    visibility: visibility
                        .map(|v| VisibilityMap::from_json(&v))
                        .unwrap_or_default(),
                    memberships: ms_by.remove(&id).unwrap_or_default(),
                }
            },
        )
        .collect())
}

/// Every organisation id, for a full rebuild.
pub async fn all_ids(db: &Db) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q!("SELECT id FROM organisations ORDER BY id")
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The random name of this database (see migration 0003).
pub async fn epoch(db: &Db) -> Result<String> {
    let (e,): (String,) = q!("SELECT epoch FROM search_epoch").one(db).await?;
    Ok(e)
}

/// The newest outbox position (0 when empty).
pub async fn head(db: &Db) -> Result<i64> {
    q!("SELECT COALESCE(MAX(id), 0) FROM search_outbox")
        .int(db)
        .await
}

/// Organisations changed after `position`, and the position they bring the reader to.
/// `since` also returns rows written in the last seconds whatever their id: on PostgreSQL a
/// transaction can commit an outbox id lower than one already read, and this catches it.
pub async fn changed(db: &Db, position: i64, since: Option<&str>) -> Result<(Vec<i64>, i64)> {
    let rows: Vec<(i64, i64)> = match since {
        Some(t) => {
            q!(
                // Two indexed reads rather than one OR, which would scan the whole outbox.
                "SELECT id, organisation_id FROM search_outbox WHERE id > $1
                 UNION SELECT id, organisation_id FROM search_outbox WHERE created_at >= $2 ORDER BY 1",
                position, t
            )
            .all(db)
            .await?
        }
        None => {
            q!(
                "SELECT id, organisation_id FROM search_outbox WHERE id > $1 ORDER BY id",
                position
            )
            .all(db)
            .await?
        }
    };
    let head = rows
        .iter()
        .map(|r| r.0)
        .max()
        .unwrap_or(position)
        .max(position);
    let mut ids: Vec<i64> = rows.into_iter().map(|r| r.1).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok((ids, head))
}

/// Drops outbox rows older than `before` (every node has read them long ago).
pub async fn prune(db: &Db, before: &str) -> Result<u64> {
    q!("DELETE FROM search_outbox WHERE created_at < $1", before)
        .run(db)
        .await
}

/// Clusters that share their public directory with the others.
pub async fn sharing_clusters(db: &Db) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q!(
        "SELECT id FROM clusters WHERE share_directory = $1 ORDER BY id",
        true
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Whether a cluster shares its public directory; staff decide.
pub async fn set_sharing(
    db: &Db,
    scope: &clusterhub_core::access::Scope,
    share: bool,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    q!(
        "UPDATE clusters SET share_directory = $1 WHERE id = $2",
        share,
        scope.cluster_id()
    )
    .run(db)
    .await?;
    Ok(())
}
