//! Accounts, their roles per cluster, browser sessions and API tokens. Tokens are stored only as
//! SHA-256 hashes computed by the caller: a leaked table does not let anyone in.

use crate::{Db, Result, Tx, q};
use clusterhub_core::access::{ClusterRole, Principal};
use clusterhub_core::model::Role;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub locale: Option<String>,
    pub is_platform_admin: bool,
}

const COLS: &str = "id, email, name, password_hash, locale, is_platform_admin";

pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>> {
    q!(
        format!("SELECT {COLS} FROM users WHERE email = $1"),
        email.trim().to_lowercase()
    )
    .optional(db)
    .await
}

pub async fn by_id(db: &Db, id: i64) -> Result<User> {
    q!(format!("SELECT {COLS} FROM users WHERE id = $1"), id)
        .one(db)
        .await
}

/// Creates the user or updates name, hash and admin flag of the existing one with that e-mail.
pub async fn upsert(
    tx: &mut Tx,
    email: &str,
    name: &str,
    password_hash: &str,
    admin: bool,
) -> Result<i64> {
    let email = email.trim().to_lowercase();
    if let Some((id,)) = q!("SELECT id FROM users WHERE email = $1", email.as_str())
        .optional::<(i64,)>(&mut *tx)
        .await?
    {
        q!(
            "UPDATE users SET name = $1, password_hash = $2, is_platform_admin = $3 WHERE id = $4",
            name,
            password_hash,
            admin,
            id
        )
        .run(tx)
        .await?;
        return Ok(id);
    }
    q!(
        "INSERT INTO users (email, name, password_hash, is_platform_admin, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        email, name, password_hash, admin, crate::now()
    )
    .int(tx)
    .await
}

pub async fn set_role(
    tx: &mut Tx,
    user_id: i64,
    cluster_id: i64,
    role: Role,
    organisation_id: Option<i64>,
) -> Result<()> {
    q!(
        "DELETE FROM user_roles WHERE user_id = $1 AND cluster_id = $2",
        user_id,
        cluster_id
    )
    .run(&mut *tx)
    .await?;
    q!("INSERT INTO user_roles (user_id, cluster_id, role, organisation_id) VALUES ($1, $2, $3, $4)", user_id, cluster_id, role.as_str(), organisation_id)
        .run(tx)
        .await?;
    Ok(())
}

pub async fn set_locale(db: &Db, user_id: i64, locale: &str) -> Result<()> {
    q!(
        "UPDATE users SET locale = $1 WHERE id = $2",
        locale,
        user_id
    )
    .run(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    cluster_id: i64,
    role: String,
    organisation_id: Option<i64>,
}

pub async fn principal(db: &Db, user: &User) -> Result<Principal> {
    let rows: Vec<RoleRow> = q!("SELECT cluster_id, role, organisation_id FROM user_roles WHERE user_id = $1 ORDER BY cluster_id", user.id).all(db).await?;
    Ok(Principal {
        user_id: Some(user.id),
        platform_admin: user.is_platform_admin,
        roles: rows
            .into_iter()
            .filter_map(|r| {
                Role::parse("role", &r.role).ok().map(|role| ClusterRole {
                    cluster_id: r.cluster_id,
                    role,
                    organisation_id: r.organisation_id,
                })
            })
            .collect(),
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: String,
}

pub async fn create_session(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    csrf: &str,
    expires_at: &str,
) -> Result<()> {
    q!(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        token_hash, user_id, csrf, crate::now(), expires_at
    )
    .run(db)
    .await?;
    Ok(())
}

pub async fn session(db: &Db, token_hash: &str) -> Result<Option<Session>> {
    q!("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2", token_hash, crate::now()).optional(db).await
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<()> {
    q!("DELETE FROM sessions WHERE token_hash = $1", token_hash)
        .run(db)
        .await?;
    Ok(())
}

pub async fn create_token(db: &Db, user_id: i64, name: &str, token_hash: &str) -> Result<i64> {
    q!("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id", user_id, name, token_hash, crate::now())
        .int(db)
        .await
}

pub async fn user_by_token(db: &Db, token_hash: &str) -> Result<Option<User>> {
    q!(
        "SELECT u.id, u.email, u.name, u.password_hash, u.locale, u.is_platform_admin FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
        token_hash
    )
    .optional(db)
    .await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

pub async fn tokens(db: &Db, user_id: i64) -> Result<Vec<TokenInfo>> {
    q!(
        "SELECT id, name, created_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
        user_id
    )
    .all(db)
    .await
}

pub async fn revoke_token(db: &Db, user_id: i64, id: i64) -> Result<u64> {
    q!(
        "DELETE FROM api_tokens WHERE user_id = $1 AND id = $2",
        user_id,
        id
    )
    .run(db)
    .await
}
