//! Rich organisation profiles. A profile belongs to the organisation (it exists once across
//! clusters); what a reader gets depends on who they are to it: the organisation itself and the
//! staff of its clusters read everything, fellow members read `members` fields, anyone else
//! `public` fields.

use crate::{Db, Result, audit, organisations, q};
use clusterhub_core::access::Scope;
use clusterhub_core::profile::{Profile, Visibility, VisibilityMap};
use clusterhub_core::{Error, FieldError};
use serde_json::json;

/// A profile as one reader may see it.
#[derive(Debug, Clone)]
pub struct ProfileView {
    pub profile: Profile,
    pub visibility: VisibilityMap,
    /// How much of the profile this reader sees.
    pub level: Visibility,
    /// Whether a logo exists and this reader may see it.
    pub logo: bool,
    pub updated_at: Option<String>,
}

/// The most a reader in this scope may see of an organisation of the scope's cluster.
pub fn level(scope: &Scope, organisation_id: i64) -> Visibility {
    if scope.can_edit_organisation(organisation_id) {
        Visibility::Staff
    } else if scope.is_insider() {
        Visibility::Members
    } else {
        Visibility::Public
    }
}

type Row = (String, String, Option<String>, String);

async fn row(db: &Db, organisation_id: i64) -> Result<Option<Row>> {
    q!(
        "SELECT profile, visibility, logo_type, updated_at FROM organisation_profiles WHERE organisation_id = $1",
        organisation_id
    )
    .optional(db)
    .await
}

/// The profile of an organisation this scope may see in its cluster, with the fields above the
/// reader's level emptied.
pub async fn view(db: &Db, scope: &Scope, organisation_id: i64) -> Result<ProfileView> {
    organisations::get(db, scope, organisation_id).await?;
    let level = level(scope, organisation_id);
    let (profile, visibility, logo_type, updated_at) = match row(db, organisation_id).await? {
        Some((p, v, l, u)) => (
            Profile::from_json(&p),
            VisibilityMap::from_json(&v),
            l,
            Some(u),
        ),
        None => (Profile::default(), VisibilityMap::default(), None, None),
    };
    Ok(ProfileView {
        profile: profile.visible(&visibility, level),
        logo: logo_type.is_some() && visibility.shows("logo", level),
        visibility,
        level,
        updated_at,
    })
}

/// Stores the profile. The organisation itself and the cluster's staff may edit it.
pub async fn save(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    profile: &Profile,
    visibility: &VisibilityMap,
) -> Result<()> {
    organisations::get(db, scope, organisation_id).await?;
    scope.require(scope.can_edit_organisation(organisation_id))?;
    let before = row(db, organisation_id).await?;
    let mut tx = db.begin().await?;
    let now = crate::now();
    let (p, v) = (profile.to_json(), visibility.to_json());
    if before.is_some() {
        q!(
            "UPDATE organisation_profiles SET profile = $1, visibility = $2, updated_at = $3 WHERE organisation_id = $4",
            &p, &v, &now, organisation_id
        )
        .run(&mut tx)
        .await?;
    } else {
        q!(
            "INSERT INTO organisation_profiles (organisation_id, profile, visibility, updated_at) VALUES ($1, $2, $3, $4)",
            organisation_id, &p, &v, &now
        )
        .run(&mut tx)
        .await?;
    }
    let old = before
        .map(|(p, v, _, _)| json!({"profile": serde_json::from_str::<serde_json::Value>(&p).unwrap_or_default(), "visibility": serde_json::from_str::<serde_json::Value>(&v).unwrap_or_default()}))
        .unwrap_or_else(|| json!({}));
    let new = json!({"profile": serde_json::to_value(profile).unwrap_or_default(), "visibility": serde_json::to_value(visibility).unwrap_or_default()});
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "organisation_profile",
        organisation_id,
        "update",
        audit::diff(&old, &new),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Largest logo accepted: a logo is shown small; a photo of the headquarters is not a logo.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;

/// The image type of a logo from its first bytes; SVG is refused because it can carry scripts.
pub fn sniff_logo(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

pub async fn set_logo(db: &Db, scope: &Scope, organisation_id: i64, bytes: &[u8]) -> Result<()> {
    organisations::get(db, scope, organisation_id).await?;
    scope.require(scope.can_edit_organisation(organisation_id))?;
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Error::Validation(vec![
            FieldError::new("logo", "too_large").detail(format!("{} KB", MAX_LOGO_BYTES / 1024)),
        ]));
    }
    let Some(kind) = sniff_logo(bytes) else {
        return Err(Error::Validation(vec![
            FieldError::new("logo", "wrong_type").detail("PNG, JPEG, WebP"),
        ]));
    };
    let mut tx = db.begin().await?;
    let now = crate::now();
    let n = q!(
        "UPDATE organisation_profiles SET logo = $1, logo_type = $2, updated_at = $3 WHERE organisation_id = $4",
        Some(bytes.to_vec()), kind, &now, organisation_id
    )
    .run(&mut tx)
    .await?;
    if n == 0 {
        q!(
            "INSERT INTO organisation_profiles (organisation_id, logo, logo_type, updated_at) VALUES ($1, $2, $3, $4)",
            organisation_id, Some(bytes.to_vec()), kind, &now
        )
        .run(&mut tx)
        .await?;
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "organisation_profile",
        organisation_id,
        "logo",
        json!({"type": kind, "bytes": bytes.len()}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The logo and its type, if this reader may see it.
pub async fn logo(db: &Db, scope: &Scope, organisation_id: i64) -> Result<(Vec<u8>, String)> {
    let v = view(db, scope, organisation_id).await?;
    if !v.logo {
        return Err(Error::NotFound);
    }
    let (bytes, kind): (Option<Vec<u8>>, Option<String>) = q!(
        "SELECT logo, logo_type FROM organisation_profiles WHERE organisation_id = $1",
        organisation_id
    )
    .one(db)
    .await?;
    match (bytes, kind) {
        (Some(b), Some(k)) => Ok((b, k)),
        _ => Err(Error::NotFound),
    }
}

/// One member's profile completeness, for the staff's list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Completeness {
    pub organisation_id: i64,
    pub name: String,
    pub entity_type: String,
    pub score: u8,
    pub missing: Vec<&'static str>,
}

type CompletenessRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Every active member of the cluster with its completeness, least complete first. Staff only.
pub async fn completeness(db: &Db, scope: &Scope) -> Result<Vec<Completeness>> {
    scope.require(scope.can_manage())?;
    let rows: Vec<CompletenessRow> = q!(
        "SELECT o.id, o.name, o.entity_type, o.description, o.website, p.profile, p.logo_type
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         LEFT JOIN organisation_profiles p ON p.organisation_id = o.id
         WHERE m.cluster_id = $1 AND m.status = 'active' ORDER BY m.name_key",
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let mut out: Vec<Completeness> = rows
        .into_iter()
        .map(|(id, name, et, desc, web, profile, logo)| {
            let p = profile.map(|p| Profile::from_json(&p)).unwrap_or_default();
            let et = clusterhub_core::model::EntityType::parse("entity_type", &et)
                .unwrap_or(clusterhub_core::model::EntityType::Company);
            let basics = clusterhub_core::profile::Basics {
                description: !clusterhub_core::MultiText::from_json(&desc).is_empty(),
                website: web.is_some(),
                logo: logo.is_some(),
            };
            let (score, missing) = p.completeness(et, &basics);
            Completeness {
                organisation_id: id,
                name,
                entity_type: et.as_str().to_string(),
                score,
                missing,
            }
        })
        .collect();
    out.sort_by_key(|c| c.score);
    Ok(out)
}
