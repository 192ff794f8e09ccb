//! `clusterhub resources …`: resource maps from the command line.

use anyhow::{Result, bail};
use clusterhub_core::access::Principal;
use clusterhub_db::{Db, resources};

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Import a notified-body list (CSV with columns nb_number,name,country,regulations; the
    /// regulations MDR and/or IVDR separated by `;`) into a cluster's resource map. Every row is
    /// checked first: one bad row and nothing is imported. Importing the same file again
    /// changes nothing.
    ImportNotifiedBodies {
        /// The cluster's slug.
        #[arg(long)]
        cluster: String,
        /// The CSV file.
        file: std::path::PathBuf,
        /// The list was checked against NANDO: do not label its entries "unverified seed list".
        #[arg(long)]
        verified: bool,
    },
}

pub async fn run(db: &Db, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::ImportNotifiedBodies {
            cluster,
            file,
            verified,
        } => {
            let c = clusterhub_db::clusters::by_slug(db, &cluster)
                .await
                .map_err(|_| anyhow::anyhow!("no cluster {cluster}"))?;
            let data =
                std::fs::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let scope = Principal {
                platform_admin: true,
                ..Default::default()
            }
            .scope(c.id);
            match resources::import_notified_bodies(db, &scope, &data, !verified).await {
                Ok(r) => {
                    println!(
                        "{cluster}: {} notified bodies read, {} created, {} updated, {} unchanged",
                        r.rows, r.created, r.updated, r.unchanged
                    );
                    Ok(())
                }
                Err(clusterhub_core::Error::Validation(errs)) => {
                    for e in &errs {
                        eprintln!(
                            "line {}: {}: {}{}",
                            e.line.map(|l| l.to_string()).unwrap_or_else(|| "-".into()),
                            e.field,
                            e.code,
                            e.detail
                                .as_ref()
                                .map(|d| format!(" ({d})"))
                                .unwrap_or_default()
                        );
                    }
                    bail!(
                        "import aborted: {} problem(s); nothing was imported",
                        errs.len()
                    )
                }
                Err(e) => bail!("{e}"),
            }
        }
    }
}
