//! Clusters (tenants) and their configurable vocabularies: typologies, subsectors, value chains.

use crate::{Db, Ex, Result, q};
use clusterhub_core::MultiText;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Cluster {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub default_locale: String,
    /// Comma-separated language codes the cluster works in.
    pub locales: String,
    /// Comma-separated NUTS codes of its territory.
    pub territories: String,
    pub description: String,
}

impl Cluster {
    pub fn description(&self) -> MultiText {
        MultiText::from_json(&self.description)
    }
    pub fn territory_list(&self) -> Vec<&str> {
        self.territories
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
    pub fn locale_list(&self) -> Vec<&str> {
        self.locales
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// A typology, subsector or value chain: a coded, translated entry of a cluster's vocabulary.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Term {
    pub id: i64,
    pub code: String,
    pub name: String,
}

impl Term {
    pub fn name(&self) -> MultiText {
        MultiText::from_json(&self.name)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Typology {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub has_vote: bool,
    pub fee_class: String,
}

impl Typology {
    pub fn name(&self) -> MultiText {
        MultiText::from_json(&self.name)
    }
}

const COLS: &str = "id, slug, name, short_name, default_locale, locales, territories, description";

pub async fn list(db: &Db) -> Result<Vec<Cluster>> {
    q!(format!("SELECT {COLS} FROM clusters ORDER BY id"))
        .all(db)
        .await
}

pub async fn by_slug<'a>(ex: impl Into<Ex<'a>>, slug: &str) -> Result<Cluster> {
    q!(format!("SELECT {COLS} FROM clusters WHERE slug = $1"), slug)
        .one(ex)
        .await
}

pub async fn by_id<'a>(ex: impl Into<Ex<'a>>, id: i64) -> Result<Cluster> {
    q!(format!("SELECT {COLS} FROM clusters WHERE id = $1"), id)
        .one(ex)
        .await
}

pub struct NewCluster<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub short_name: &'a str,
    pub default_locale: &'a str,
    pub locales: &'a str,
    pub territories: &'a str,
    pub description: MultiText,
}

/// Creates the cluster or returns the existing one with that slug (demo seeding is idempotent).
pub async fn ensure(tx: &mut crate::Tx, c: NewCluster<'_>) -> Result<i64> {
    if let Some((id,)) = q!("SELECT id FROM clusters WHERE slug = $1", c.slug)
        .optional::<(i64,)>(&mut *tx)
        .await?
    {
        return Ok(id);
    }
    q!(
        "INSERT INTO clusters (slug, name, short_name, default_locale, locales, territories, description, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        c.slug, c.name, c.short_name, c.default_locale, c.locales, c.territories, c.description.to_json(), crate::now()
    )
    .int(tx)
    .await
}

pub async fn typologies<'a>(ex: impl Into<Ex<'a>>, cluster_id: i64) -> Result<Vec<Typology>> {
    q!("SELECT id, code, name, has_vote, fee_class FROM typologies WHERE cluster_id = $1 ORDER BY position, id", cluster_id)
        .all(ex)
        .await
}

/// `table` is one of the fixed vocabulary tables, never user input.
async fn terms<'a>(
    ex: impl Into<Ex<'a>>,
    table: &'static str,
    cluster_id: i64,
) -> Result<Vec<Term>> {
    q!(
        format!("SELECT id, code, name FROM {table} WHERE cluster_id = $1 ORDER BY position, id"),
        cluster_id
    )
    .all(ex)
    .await
}

pub async fn subsectors<'a>(ex: impl Into<Ex<'a>>, cluster_id: i64) -> Result<Vec<Term>> {
    terms(ex, "subsectors", cluster_id).await
}

pub async fn value_chains<'a>(ex: impl Into<Ex<'a>>, cluster_id: i64) -> Result<Vec<Term>> {
    terms(ex, "value_chains", cluster_id).await
}

pub async fn ensure_typology(
    tx: &mut crate::Tx,
    cluster_id: i64,
    code: &str,
    name: &MultiText,
    has_vote: bool,
    fee_class: &str,
    position: i64,
) -> Result<i64> {
    if let Some((id,)) = q!(
        "SELECT id FROM typologies WHERE cluster_id = $1 AND code = $2",
        cluster_id,
        code
    )
    .optional::<(i64,)>(&mut *tx)
    .await?
    {
        return Ok(id);
    }
    q!(
        "INSERT INTO typologies (cluster_id, code, name, has_vote, fee_class, position) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        cluster_id, code, name.to_json(), has_vote, fee_class, position
    )
    .int(tx)
    .await
}

/// `table` is "subsectors" or "value_chains".
pub async fn ensure_term(
    tx: &mut crate::Tx,
    table: &'static str,
    cluster_id: i64,
    code: &str,
    name: &MultiText,
    position: i64,
) -> Result<i64> {
    if let Some((id,)) = q!(
        format!("SELECT id FROM {table} WHERE cluster_id = $1 AND code = $2"),
        cluster_id,
        code
    )
    .optional::<(i64,)>(&mut *tx)
    .await?
    {
        return Ok(id);
    }
    q!(
        format!("INSERT INTO {table} (cluster_id, code, name, position) VALUES ($1, $2, $3, $4) RETURNING id"),
        cluster_id, code, name.to_json(), position
    )
    .int(tx)
    .await
}
