use clusterhub_db::Db;
use clusterhub_i18n::I18n;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub i18n: Arc<I18n>,
    /// Failed logins per e-mail: count and start of the window.
    pub login_failures: Arc<Mutex<HashMap<String, (u32, Instant)>>>,
    /// CSV imports between upload and confirmation, and their progress, by id.
    pub imports: Arc<Mutex<HashMap<String, crate::html::import::Pending>>>,
    /// Send cookies with `Secure` (on when served behind HTTPS).
    pub secure_cookies: bool,
    /// Outgoing e-mail; `None` when no SMTP relay is configured (e-mail is off).
    pub mailer: Option<Arc<crate::mail::Mailer>>,
    /// In-memory indicator engines, one per cluster and plan.
    pub scorecards: Arc<crate::scorecard::Scorecards>,
    /// The directory's search index on this node.
    pub search: Arc<crate::search::Directory>,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            i18n: Arc::new(I18n::new()),
            login_failures: Arc::default(),
            imports: Arc::default(),
            secure_cookies: false,
            mailer: None,
            scorecards: Arc::default(),
            search: Arc::new(in_ram_index()),
        }
    }
}

/// An index in memory, filled from the database on first use: what tests and a fresh node get
/// until `serve` opens the one on disk.
#[allow(clippy::expect_used)]
fn in_ram_index() -> crate::search::Directory {
    crate::search::Directory::in_ram().expect("an in-memory index can always be created")
}
