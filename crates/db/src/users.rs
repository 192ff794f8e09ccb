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

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
}

/// The accounts with a role in the scope's cluster (staff and admins only).
pub async fn of_cluster(db: &Db, scope: &clusterhub_core::access::Scope) -> Result<Vec<Member>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT u.id, u.email, u.name, r.role, r.organisation_id, o.name AS organisation FROM user_roles r JOIN users u ON u.id = r.user_id
         LEFT JOIN organisations o ON o.id = r.organisation_id WHERE r.cluster_id = $1 ORDER BY r.role, u.name",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// Gives an account (new or existing, by e-mail) a role in the scope's cluster. A member user
/// must act for an organisation of this cluster; `password_hash` is used only for a new account.
pub async fn grant(
    db: &Db,
    scope: &clusterhub_core::access::Scope,
    email: &str,
    name: &str,
    role: &str,
    organisation_id: Option<i64>,
    password_hash: impl FnOnce() -> Result<String>,
) -> Result<i64> {
    use clusterhub_core::{Error, FieldError};
    scope.require(scope.can_manage())?;
    let mut errs = Vec::new();
    let email = clusterhub_core::parse::Email::parse("email", email)
        .map_err(|e| errs.push(e))
        .ok();
    let name = clusterhub_core::parse::Name::parse("name", name)
        .map_err(|e| errs.push(e))
        .ok();
    let role = Role::parse("role", role).map_err(|e| errs.push(e)).ok();
    let org = match (role, organisation_id) {
        (Some(Role::Member), None) => {
            errs.push(FieldError::new("organisation", "required"));
            None
        }
        // A partner (technology centre, consultant) may act for an organisation too: the
        // service desk hands requests to it.
        (Some(Role::Member | Role::Partner), Some(o)) => {
            match crate::organisations::get(db, scope, o).await {
                Ok(_) => Some(o),
                Err(_) => {
                    errs.push(FieldError::new("organisation", "not_found"));
                    None
                }
            }
        }
        _ => None,
    };
    let (Some(email), Some(name), Some(role)) = (email, name, role) else {
        return Err(Error::Validation(errs));
    };
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let mut tx = db.begin().await?;
    let existing: Option<(i64,)> = q!("SELECT id FROM users WHERE email = $1", email.as_str())
        .optional(&mut tx)
        .await?;
    let id = match existing {
        Some((id,)) => id,
        None => {
            upsert(
                &mut tx,
                email.as_str(),
                name.as_str(),
                &password_hash()?,
                false,
            )
            .await?
        }
    };
    set_role(&mut tx, id, scope.cluster_id(), role, org).await?;
    crate::audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "user",
        id,
        "role",
        serde_json::json!({"email": email, "role": role.as_str(), "organisation_id": org}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn revoke(db: &Db, scope: &clusterhub_core::access::Scope, user_id: i64) -> Result<()> {
    scope.require(scope.can_manage())?;
    if scope.user_id() == Some(user_id) {
        return Err(clusterhub_core::Error::invalid(
            "user",
            "cannot_revoke_self",
        ));
    }
    let mut tx = db.begin().await?;
    let n = q!(
        "DELETE FROM user_roles WHERE user_id = $1 AND cluster_id = $2",
        user_id,
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    if n == 0 {
        return Err(clusterhub_core::Error::NotFound);
    }
    crate::audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "user",
        user_id,
        "revoke",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await
}
