//! Demo data: missions.

use clusterhub_core::Result;
use clusterhub_db::Db;

pub async fn seed(_db: &Db) -> Result<String> {
    Ok(String::new())
}
