//! Storage: one `Db` over SQLite (embedded default) or PostgreSQL (chosen by URL scheme), the
//! migrations, and one repository module per capability.
//!
//! SQL is written once with `$n` placeholders, which both backends accept; values are bound
//! through `Q` so no repository needs to know which database it talks to.

mod conn;
pub mod migrate;
pub mod query;

pub mod activities;
pub mod audit;
pub mod b2b;
pub mod bulletins;
pub mod clusters;
pub mod desk;
pub mod events;
pub mod governance;
pub mod import;
pub mod memberships;
pub mod missions;
pub mod notifications;
pub mod organisations;
pub mod partners;
pub mod people;
pub mod plans;
pub mod profiles;
pub mod resources;
pub mod search_docs;
pub mod survey;
pub mod users;
pub mod watch;

pub use conn::{Backend, Db, Tx};
pub use query::{Arg, Ex, Q};

/// Current time as stored: RFC 3339 UTC with seconds.
pub fn now() -> String {
    clusterhub_core::parse::stamp(time::OffsetDateTime::now_utc())
}

pub fn today() -> String {
    clusterhub_core::parse::iso_date(time::OffsetDateTime::now_utc().date())
}

pub type Result<T> = std::result::Result<T, clusterhub_core::Error>;

pub(crate) fn internal(e: sqlx::Error) -> clusterhub_core::Error {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            clusterhub_core::Error::Conflict(d.message().to_string())
        }
        _ => clusterhub_core::Error::Internal(e.to_string()),
    }
}
