//! (being written)
use anyhow::Result;
use clusterhub_db::Db;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Placeholder.
    Todo,
}

pub async fn run(_db: &Db, _cmd: Cmd) -> Result<()> {
    Ok(())
}
