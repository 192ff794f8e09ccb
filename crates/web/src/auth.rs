//! Passwords (Argon2id), opaque session and API tokens (stored hashed), CSRF double-submit
//! cookie, and the login rate limit.

use crate::state::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use clusterhub_core::{Error, Result};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "ch_session";
pub const CSRF_COOKIE: &str = "ch_csrf";
pub const LANG_COOKIE: &str = "ch_lang";
const SESSION_DAYS: i64 = 14;
const MAX_FAILURES: u32 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(e.to_string()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    if getrandom::fill(&mut b).is_err() {
        // Without an entropy source we must not hand out guessable tokens.
        panic!("no entropy source available");
    }
    hex(&b)
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_secs: i64,
    http_only: bool,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age_secs}");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if state.secure_cookies {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The CSRF token of this browser, from its cookie or freshly issued by `csrf_cookie`.
#[derive(Clone)]
pub struct CsrfToken(pub String);

/// Gives every browser a CSRF cookie. Forms echo it in a hidden field; a cross-site form cannot
/// read it, so a POST whose field differs from the cookie is refused.
pub async fn csrf_cookie(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE)
        .filter(|v| v.len() == 64)
        .map(str::to_string);
    let token = existing.clone().unwrap_or_else(random_token);
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if existing.is_none() {
        res.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&state, CSRF_COOKIE, &token, 60 * 60 * 24 * 365, true),
        );
    }
    res
}

/// Records a failed login and says whether the account is now locked for a while.
pub fn login_allowed(state: &AppState, email: &str) -> bool {
    let map = state
        .login_failures
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    match map.get(email) {
        Some((n, since)) => *n < MAX_FAILURES || since.elapsed() > FAILURE_WINDOW,
        None => true,
    }
}

pub fn record_failure(state: &AppState, email: &str) {
    let mut map = state
        .login_failures
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let e = map.entry(email.to_string()).or_insert((0, Instant::now()));
    if e.1.elapsed() > FAILURE_WINDOW {
        *e = (0, Instant::now());
    }
    e.0 += 1;
}

pub fn clear_failures(state: &AppState, email: &str) {
    state
        .login_failures
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(email);
}

/// Checks e-mail and password, with the rate limit; returns the user on success.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<clusterhub_db::users::User> {
    let email = email.trim().to_lowercase();
    if !login_allowed(state, &email) {
        return Err(Error::RateLimited);
    }
    let user = clusterhub_db::users::by_email(&state.db, &email).await?;
    match user {
        Some(u) if verify_password(password, &u.password_hash) => {
            clear_failures(state, &email);
            Ok(u)
        }
        _ => {
            record_failure(state, &email);
            Err(Error::Unauthorized)
        }
    }
}

/// Opens a session and returns the Set-Cookie header for it.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<HeaderValue> {
    let token = random_token();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::days(SESSION_DAYS);
    let expires = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        expires.year(),
        u8::from(expires.month()),
        expires.day(),
        expires.hour(),
        expires.minute(),
        expires.second()
    );
    clusterhub_db::users::create_session(
        &state.db,
        &sha256_hex(&token),
        user_id,
        &random_token(),
        &expires,
    )
    .await?;
    Ok(set_cookie(
        state,
        SESSION_COOKIE,
        &token,
        SESSION_DAYS * 86400,
        true,
    ))
}

/// Creates an API token for the user; only its hash is kept, so this is the one time it is seen.
pub async fn create_api_token(state: &AppState, user_id: i64, name: &str) -> Result<String> {
    let token = format!("cht_{}", random_token());
    clusterhub_db::users::create_token(&state.db, user_id, name, &sha256_hex(&token)).await?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
    }

    #[test]
    fn tokens_are_random_and_cookies_parse() {
        assert_ne!(random_token(), random_token());
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; ch_lang=eu; b=2"),
        );
        assert_eq!(cookie(&h, LANG_COOKIE), Some("eu"));
        assert_eq!(cookie(&h, "zz"), None);
    }
}
