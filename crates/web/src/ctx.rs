//! The request context: who is asking (session cookie or API token), in which language, with
//! which CSRF token. Every handler starts from it; it is the only producer of a `Scope`.

use crate::auth::{self, CsrfToken};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use clusterhub_core::access::{Principal, Scope};
use clusterhub_core::{Error, MultiText, Result};
use clusterhub_db::clusters::{self, Cluster};
use clusterhub_db::users::{self, User};
use clusterhub_i18n::{I18n, format, negotiate};
use std::sync::Arc;

pub struct Ctx {
    pub state: AppState,
    pub user: Option<User>,
    pub principal: Principal,
    pub csrf: String,
    pub lang: &'static str,
    /// The language came from the URL, the user, a cookie or the browser, not a default.
    lang_chosen: bool,
    pub via_token: bool,
    /// Path and query of this request, to come back to after changing language.
    pub here: String,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = crate::error::PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> std::result::Result<Self, Self::Rejection> {
        let mut user = None;
        let mut via_token = false;
        if let Some(bearer) = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            user = users::user_by_token(&state.db, &auth::sha256_hex(bearer.trim())).await?;
            if user.is_none() {
                return Err(Error::Unauthorized.into());
            }
            via_token = true;
        } else if let Some(tok) = auth::cookie(&parts.headers, auth::SESSION_COOKIE)
            && let Some(s) = users::session(&state.db, &auth::sha256_hex(tok)).await?
        {
            user = Some(users::by_id(&state.db, s.user_id).await?);
        }
        let principal = match &user {
            Some(u) => users::principal(&state.db, u).await?,
            None => Principal::anonymous(),
        };
        let query_lang = parts
            .uri
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")));
        let cookie_lang = auth::cookie(&parts.headers, auth::LANG_COOKIE);
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let user_lang = user.as_ref().and_then(|u| u.locale.as_deref());
        let picked = clusterhub_i18n::chosen(query_lang, user_lang, cookie_lang, accept);
        let lang_chosen = picked.is_some();
        let lang = picked.unwrap_or("en");
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Ctx {
            state: state.clone(),
            user,
            principal,
            csrf,
            lang,
            lang_chosen,
            via_token,
            here,
        })
    }
}

impl Ctx {
    pub fn db(&self) -> &clusterhub_db::Db {
        &self.state.db
    }

    /// The cluster by its slug and what this requester may do in it. Without an explicit
    /// language choice, pages speak the cluster's default language.
    pub async fn cluster(&mut self, slug: &str) -> Result<(Cluster, Scope)> {
        let c = clusters::by_slug(&self.state.db, slug).await?;
        if !self.lang_chosen {
            self.lang = negotiate(None, None, None, None, Some(&c.default_locale));
        }
        let scope = self.principal.scope(c.id);
        Ok((c, scope))
    }

    /// Refuses a form whose CSRF field does not match this browser's cookie. Requests
    /// authenticated by an API token carry no ambient credentials and need none.
    pub fn check_csrf(&self, sent: &str) -> Result<()> {
        if self.via_token || (!self.csrf.is_empty() && sent == self.csrf) {
            Ok(())
        } else {
            Err(Error::Csrf)
        }
    }

    pub fn tr(&self) -> Tr {
        Tr {
            i18n: self.state.i18n.clone(),
            lang: self.lang,
        }
    }

    pub fn require_user(&self) -> Result<&User> {
        self.user.as_ref().ok_or(Error::Unauthorized)
    }
}

/// Translation and formatting helpers handed to templates as `t`.
#[derive(Clone)]
pub struct Tr {
    pub i18n: Arc<I18n>,
    pub lang: &'static str,
}

impl Tr {
    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.lang, key)
    }
    /// A message with one numeric argument `count`.
    pub fn tn(&self, key: &str, count: impl std::borrow::Borrow<i64>) -> String {
        let count = *count.borrow();
        self.i18n.t_args(
            self.lang,
            key,
            &[
                ("count", count.into()),
                ("formatted", format::integer(self.lang, count).into()),
            ],
        )
    }
    /// A message with one text argument `name`.
    pub fn ts(&self, key: &str, name: &str) -> String {
        self.i18n
            .t_args(self.lang, key, &[("name", name.to_string().into())])
    }
    /// Translates a code of a closed vocabulary: `tc("entity-type", "hospital")`.
    pub fn tc(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{code}"))
    }
    pub fn n(&self, n: impl std::borrow::Borrow<i64>) -> String {
        format::integer(self.lang, *n.borrow())
    }
    /// Euros from cents.
    pub fn money(&self, cents: impl std::borrow::Borrow<i64>) -> String {
        format::money_eur(self.lang, *cents.borrow())
    }
    /// An amount in any currency: euros as `money`, others as a number and the ISO code.
    pub fn money_in(&self, cents: i64, currency: &str) -> String {
        if currency == "EUR" {
            format::money_eur(self.lang, cents)
        } else {
            format!(
                "{} {currency}",
                format::decimal(self.lang, cents as f64 / 100.0, 2)
            )
        }
    }
    pub fn d(&self, iso: &str) -> String {
        format::date(self.lang, iso)
    }
    pub fn dt(&self, iso: &str) -> String {
        format::datetime(self.lang, iso)
    }
    /// Multilingual JSON text in the reader's language, or the fallback.
    pub fn mt(&self, json: &str) -> String {
        MultiText::from_json(json)
            .pick(self.lang, &["es", "en", "eu", "fr"])
            .map(|p| p.text.to_string())
            .unwrap_or_default()
    }
    /// The language actually shown by `mt` when it is not the reader's ("" when it is).
    pub fn mt_lang(&self, json: &str) -> String {
        MultiText::from_json(json)
            .pick(self.lang, &["es", "en", "eu", "fr"])
            .and_then(|p| p.fallback.map(str::to_string))
            .unwrap_or_default()
    }
}
