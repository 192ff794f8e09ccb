//! Organisations exist once across clusters (deduplicated by legal id); what a cluster knows of
//! them privately lives in its membership. Every read here goes through a `Scope`.

use crate::{Db, Ex, Q, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::error::Errors;
use clusterhub_core::model::{EntityType, MembershipStatus, OrgSize};
use clusterhub_core::parse::{Email, LegalId, Name, NutsCode, Phone, Website, optional};
use clusterhub_core::{Error, MultiText, fold};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub legal_id: Option<String>,
    pub entity_type: String,
    pub size: Option<String>,
    pub territory: Option<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub description: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Organisation {
    pub fn description(&self) -> MultiText {
        MultiText::from_json(&self.description)
    }
    fn snapshot(&self) -> serde_json::Value {
        json!({"name": self.name, "legal_id": self.legal_id, "entity_type": self.entity_type, "size": self.size,
               "territory": self.territory, "country": self.country, "city": self.city, "website": self.website,
               "email": self.email, "phone": self.phone, "description": self.description().0})
    }
}

const COLS: &str = "o.id, o.name, o.legal_id, o.entity_type, o.size, o.territory, o.country, o.city, o.website, o.email, o.phone, o.description, o.created_at, o.updated_at";

/// Raw form or API fields, as typed. Kept as strings so a form can be shown again unchanged.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationForm {
    pub name: String,
    pub legal_id: String,
    pub entity_type: String,
    pub size: String,
    pub territory: String,
    pub country: String,
    pub city: String,
    pub website: String,
    pub email: String,
    pub phone: String,
    pub description: MultiText,
}

/// A valid organisation profile.
#[derive(Debug, Clone)]
pub struct OrganisationInput {
    pub name: Name,
    pub legal_id: Option<LegalId>,
    pub entity_type: EntityType,
    pub size: Option<OrgSize>,
    pub territory: Option<NutsCode>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub website: Option<Website>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub description: MultiText,
}

impl OrganisationForm {
    pub fn from_organisation(o: &Organisation) -> Self {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        Self {
            name: o.name.clone(),
            legal_id: s(&o.legal_id),
            entity_type: o.entity_type.clone(),
            size: s(&o.size),
            territory: s(&o.territory),
            country: s(&o.country),
            city: s(&o.city),
            website: s(&o.website),
            email: s(&o.email),
            phone: s(&o.phone),
            description: o.description(),
        }
    }

    /// Every problem at once, each naming its field.
    pub fn parse(&self) -> Result<OrganisationInput> {
        let mut e = Errors::new();
        let name = e.take(Name::parse("name", &self.name));
        let legal_id =
            optional(Some(&self.legal_id)).and_then(|v| e.take(LegalId::parse("legal_id", v)));
        let entity_type = e.take(EntityType::parse("entity_type", &self.entity_type));
        let size = optional(Some(&self.size)).and_then(|v| e.take(OrgSize::parse("size", v)));
        let territory =
            optional(Some(&self.territory)).and_then(|v| e.take(NutsCode::parse("territory", v)));
        let country = optional(Some(&self.country)).and_then(|v| {
            e.take(
                clusterhub_core::country::lookup(v)
                    .map(str::to_string)
                    .ok_or_else(|| {
                        clusterhub_core::FieldError::new("country", "unknown_country")
                            .detail(v.to_string())
                    }),
            )
        });
        let website =
            optional(Some(&self.website)).and_then(|v| e.take(Website::parse("website", v)));
        let email = optional(Some(&self.email)).and_then(|v| e.take(Email::parse("email", v)));
        let phone = optional(Some(&self.phone)).and_then(|v| e.take(Phone::parse("phone", v)));
        let mut description = MultiText::new();
        for (lang, text) in &self.description.0 {
            if text.chars().count() > 5000 {
                e.push(
                    clusterhub_core::FieldError::new(format!("description_{lang}"), "too_long")
                        .detail("5000"),
                );
            }
            description.set(lang, text);
        }
        e.into_result()?;
        match (name, entity_type) {
            (Some(name), Some(entity_type)) => Ok(OrganisationInput {
                country: country.or_else(|| territory.as_ref().map(|t| t.country().to_string())),
                name,
                legal_id,
                entity_type,
                size,
                territory,
                city: optional(Some(&self.city)).map(str::to_string),
                website,
                email,
                phone,
                description,
            }),
            _ => Err(Error::Internal(
                "unreachable: errors without field errors".into(),
            )),
        }
    }
}

/// A row of the directory: the organisation as seen through its membership of this cluster.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DirectoryRow {
    pub id: i64,
    pub membership_id: i64,
    pub name: String,
    pub entity_type: String,
    pub size: Option<String>,
    pub territory: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub status: String,
    pub typology: String,
    pub fee_class: String,
    pub since: Option<String>,
    #[sqlx(skip)]
    pub subsectors: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    pub q: String,
    pub typology: String,
    pub subsector: String,
    pub entity_type: String,
    pub territory: String,
    pub status: String,
    pub sort: String,
    pub page: i64,
    pub per_page: i64,
}

pub const SORTS: &[&str] = &["name", "-name", "since", "-since", "territory"];

pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// The directory with filters, sorting and pagination. People without private access see active
/// members only, whatever status they ask for.
pub async fn directory(db: &Db, scope: &Scope, f: &DirectoryFilter) -> Result<Page<DirectoryRow>> {
    let mut q = Q::new("");
    let c = q.arg(scope.cluster_id());
    // Conditions on the membership alone keep the count on one index; the organisation is
    // joined only when a filter needs it.
    let mut wh = format!(" WHERE m.cluster_id = {c}");
    let mut needs_org = false;
    if !scope.can_see_private() {
        let p = q.arg(MembershipStatus::Active.as_str());
        wh += &format!(" AND m.status = {p}");
    } else if let Some(s) = optional(Some(&f.status)) {
        let s = MembershipStatus::parse("status", s).map_err(|e| Error::Validation(vec![e]))?;
        let p = q.arg(s.as_str());
        wh += &format!(" AND m.status = {p}");
    }
    if let Some(v) = optional(Some(&f.typology)) {
        let p = q.arg(v);
        wh += &format!(
            " AND m.typology_id IN (SELECT id FROM typologies WHERE cluster_id = {c} AND code = {p})"
        );
    }
    if let Some(v) = optional(Some(&f.entity_type)) {
        let v = EntityType::parse("entity_type", v).map_err(|e| Error::Validation(vec![e]))?;
        let p = q.arg(v.as_str());
        wh += &format!(" AND o.entity_type = {p}");
        needs_org = true;
    }
    if let Some(v) = optional(Some(&f.territory)) {
        let p = q.arg(format!("{}%", v.to_uppercase()));
        wh += &format!(" AND o.territory LIKE {p}");
        needs_org = true;
    }
    if let Some(v) = optional(Some(&f.subsector)) {
        let p = q.arg(v);
        wh += &format!(
            " AND EXISTS (SELECT 1 FROM membership_subsectors ms JOIN subsectors s ON s.id = ms.subsector_id WHERE ms.membership_id = m.id AND s.code = {p})"
        );
    }
    if let Some(v) = optional(Some(&f.q)) {
        let p = q.arg(format!("%{}%", fold(v).replace(['%', '_'], "")));
        let p2 = q.arg(v.to_uppercase().replace(['%', '_', ' ', '.', '-'], ""));
        wh += &format!(" AND (m.name_key LIKE {p} OR o.legal_id = {p2})");
        needs_org = true;
    }
    let order = match f.sort.as_str() {
        "-name" => "m.name_key DESC, m.organisation_id DESC",
        "since" => "m.since, m.name_key, m.organisation_id",
        "-since" => "m.since DESC, m.name_key, m.organisation_id",
        "territory" => "o.territory, m.name_key, m.organisation_id",
        _ => "m.name_key, m.organisation_id",
    };
    let per_page = if f.per_page <= 0 {
        50
    } else {
        f.per_page.min(200)
    };
    let page = f.page.max(1);
    let org_join = " JOIN organisations o ON o.id = m.organisation_id";
    let total = Q {
        sql: format!(
            "SELECT COUNT(*) FROM memberships m{}{wh}",
            if needs_org { org_join } else { "" }
        ),
        args: q.args.clone(),
    }
    .int(db)
    .await?;
    let lim = q.arg(per_page);
    let off = q.arg((page - 1) * per_page);
    // Deferred join: the page's ids come from the membership index alone (deep pages skip index
    // entries, not joined rows); only those fifty rows are then joined.
    let inner_join = if needs_org || f.sort == "territory" {
        org_join
    } else {
        ""
    };
    q.sql = format!(
        "SELECT o.id, m.id AS membership_id, o.name, o.entity_type, o.size, o.territory, o.country, o.website, m.status, t.code AS typology, m.fee_class, m.since
         FROM memberships m{org_join} JOIN typologies t ON t.id = m.typology_id
         WHERE m.id IN (SELECT m.id FROM memberships m{inner_join}{wh} ORDER BY {order} LIMIT {lim} OFFSET {off})
         ORDER BY {order}"
    );
    let mut items: Vec<DirectoryRow> = q.all(db).await?;
    attach_subsectors(db, &mut items).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

async fn attach_subsectors(db: &Db, rows: &mut [DirectoryRow]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut q = Q::new("");
    let ids: Vec<String> = rows.iter().map(|r| q.arg(r.membership_id)).collect();
    q.sql = format!(
        "SELECT ms.membership_id, s.code FROM membership_subsectors ms JOIN subsectors s ON s.id = ms.subsector_id WHERE ms.membership_id IN ({}) ORDER BY s.position",
        ids.join(",")
    );
    let pairs: Vec<(i64, String)> = q.all(db).await?;
    let mut by: HashMap<i64, Vec<String>> = HashMap::new();
    for (m, code) in pairs {
        by.entry(m).or_default().push(code);
    }
    for r in rows {
        r.subsectors = by.remove(&r.membership_id).unwrap_or_default();
    }
    Ok(())
}

/// The organisation if this scope may see it in its cluster: staff and board see every member,
/// a member user sees its own organisation whatever its status, everyone else active members only.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Organisation> {
    let row: Option<(String,)> = q!(
        "SELECT status FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        id
    )
    .optional(db)
    .await?;
    let Some((status,)) = row else {
        return Err(Error::NotFound);
    };
    if status != MembershipStatus::Active.as_str()
        && !scope.can_see_private()
        && scope.own_organisation() != Some(id)
    {
        return Err(Error::NotFound);
    }
    by_id(db, id).await
}

pub async fn by_id<'a>(ex: impl Into<Ex<'a>>, id: i64) -> Result<Organisation> {
    q!(
        format!("SELECT {COLS} FROM organisations o WHERE o.id = $1"),
        id
    )
    .one(ex)
    .await
}

pub async fn by_legal_id<'a>(
    ex: impl Into<Ex<'a>>,
    legal_id: &LegalId,
) -> Result<Option<Organisation>> {
    q!(
        format!("SELECT {COLS} FROM organisations o WHERE o.legal_id = $1"),
        legal_id.as_str()
    )
    .optional(ex)
    .await
}

/// Inserts a new organisation. Callers deduplicate by legal id first (see `find_or_create`).
pub async fn insert(
    tx: &mut Tx,
    cluster_id: Option<i64>,
    user_id: Option<i64>,
    i: &OrganisationInput,
) -> Result<i64> {
    let now = crate::now();
    let id = q!(
        "INSERT INTO organisations (name, name_key, legal_id, entity_type, size, territory, country, city, website, email, phone, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
        i.name.as_str(), fold(i.name.as_str()), i.legal_id.as_ref().map(|l| l.to_string()), i.entity_type.as_str(),
        i.size.map(|s| s.as_str()), i.territory.as_ref().map(|t| t.to_string()), i.country.clone(), i.city.clone(),
        i.website.as_ref().map(|w| w.to_string()), i.email.as_ref().map(|e| e.to_string()), i.phone.as_ref().map(|p| p.to_string()),
        i.description.to_json(), now
    )
    .int(&mut *tx)
    .await?;
    let snap = by_id(&mut *tx, id).await?.snapshot();
    audit::record(tx, cluster_id, user_id, "organisation", id, "create", snap).await?;
    Ok(id)
}

/// The existing organisation with this legal id, or a new one: organisations exist once.
pub async fn find_or_create(
    tx: &mut Tx,
    cluster_id: Option<i64>,
    user_id: Option<i64>,
    i: &OrganisationInput,
) -> Result<(i64, bool)> {
    if let Some(l) = &i.legal_id
        && let Some(o) = by_legal_id(&mut *tx, l).await?
    {
        return Ok((o.id, false));
    }
    Ok((insert(tx, cluster_id, user_id, i).await?, true))
}

/// Updates the shared profile. The scope must be allowed to edit it and see it in its cluster.
pub async fn update(
    db: &Db,
    scope: &Scope,
    id: i64,
    i: &OrganisationInput,
) -> Result<Organisation> {
    let before = get(db, scope, id).await?;
    scope.require(scope.can_edit_organisation(id))?;
    let mut tx = db.begin().await?;
    if let Some(l) = &i.legal_id
        && let Some(other) = by_legal_id(&mut tx, l).await?
        && other.id != id
    {
        return Err(Error::Validation(vec![
            clusterhub_core::FieldError::new("legal_id", "duplicate_legal_id")
                .detail(l.to_string()),
        ]));
    }
    q!(
        "UPDATE organisations SET name = $1, name_key = $2, legal_id = $3, entity_type = $4, size = $5, territory = $6, country = $7,
         city = $8, website = $9, email = $10, phone = $11, description = $12, updated_at = $13 WHERE id = $14",
        i.name.as_str(), fold(i.name.as_str()), i.legal_id.as_ref().map(|l| l.to_string()), i.entity_type.as_str(),
        i.size.map(|s| s.as_str()), i.territory.as_ref().map(|t| t.to_string()), i.country.clone(), i.city.clone(),
        i.website.as_ref().map(|w| w.to_string()), i.email.as_ref().map(|e| e.to_string()), i.phone.as_ref().map(|p| p.to_string()),
        i.description.to_json(), crate::now(), id
    )
    .run(&mut tx)
    .await?;
    q!(
        "UPDATE memberships SET name_key = $1 WHERE organisation_id = $2",
        fold(i.name.as_str()),
        id
    )
    .run(&mut tx)
    .await?;
    let after = by_id(&mut tx, id).await?;
    let changes = audit::diff(&before.snapshot(), &after.snapshot());
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "organisation",
        id,
        "update",
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Merges a duplicate into the organisation kept: memberships, affiliations and roles move over
/// (a membership in a cluster where the kept one is already a member is dropped), then the
/// duplicate is deleted. Staff may merge two organisations that are both members of their cluster.
pub async fn merge(db: &Db, scope: &Scope, keep: i64, duplicate: i64) -> Result<()> {
    scope.require(scope.can_manage())?;
    if keep == duplicate {
        return Err(Error::invalid("duplicate", "same_organisation"));
    }
    get(db, scope, keep).await?;
    let dup = get(db, scope, duplicate).await?;
    let mut tx = db.begin().await?;
    let drop_ms: Vec<(i64,)> = q!(
        "SELECT d.id FROM memberships d JOIN memberships k ON k.cluster_id = d.cluster_id AND k.organisation_id = $1 WHERE d.organisation_id = $2",
        keep, duplicate
    )
    .all(&mut tx)
    .await?;
    for (mid,) in drop_ms {
        for t in [
            "membership_subsectors",
            "membership_value_chains",
            "representatives",
        ] {
            q!(format!("DELETE FROM {t} WHERE membership_id = $1"), mid)
                .run(&mut tx)
                .await?;
        }
        q!("DELETE FROM memberships WHERE id = $1", mid)
            .run(&mut tx)
            .await?;
    }
    q!(
        "UPDATE memberships SET organisation_id = $1, name_key = (SELECT name_key FROM organisations WHERE id = $1) WHERE organisation_id = $2",
        keep,
        duplicate
    )
    .run(&mut tx)
    .await?;
    q!(
        "DELETE FROM affiliations WHERE organisation_id = $2 AND person_id IN (SELECT person_id FROM affiliations WHERE organisation_id = $1)",
        keep, duplicate
    )
    .run(&mut tx)
    .await?;
    q!(
        "UPDATE affiliations SET organisation_id = $1 WHERE organisation_id = $2",
        keep,
        duplicate
    )
    .run(&mut tx)
    .await?;
    q!(
        "UPDATE user_roles SET organisation_id = $1 WHERE organisation_id = $2",
        keep,
        duplicate
    )
    .run(&mut tx)
    .await?;
    q!("DELETE FROM organisations WHERE id = $1", duplicate)
        .run(&mut tx)
        .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "organisation",
        keep,
        "merge",
        json!({"merged": dup.snapshot(), "merged_id": duplicate}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Id and name of every member organisation of the cluster, by name, in one query (for pickers).
pub async fn member_names(db: &Db, scope: &Scope) -> Result<Vec<(i64, String)>> {
    scope.require(scope.can_see_private())?;
    q!(
        "SELECT o.id, o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.cluster_id = $1 ORDER BY m.name_key, m.organisation_id",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// Counts for the dashboard, by membership status.
pub async fn status_counts(db: &Db, scope: &Scope) -> Result<Vec<(String, i64)>> {
    q!("SELECT status, COUNT(*) FROM memberships WHERE cluster_id = $1 GROUP BY status ORDER BY status", scope.cluster_id()).all(db).await
}
