//! `clusterhub watch …`: the tender watch from the command line.
//!
//! `watch import PATH` reads one eForms notice, a folder of them or a daily package archive,
//! stores what parses (a notice already there changes nothing; a change notice updates its
//! opportunity), reports every rejected file with its reason, and matches what is new against
//! every alert profile. `watch digest` runs the bulletin job once (what the server's scheduler
//! does on its own); run again, it sends nothing twice.

use anyhow::{Context, Result};
use clusterhub_db::Db;
use clusterhub_db::bulletins::Frequency;
use clusterhub_web::mail::Mailer;
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Import eForms notices: one XML file, a folder, or a daily package (.tar.gz, .tgz, .zip).
    /// Bad files are reported and skipped; the rest are stored together.
    Import { path: std::path::PathBuf },
    /// Send the surveillance bulletin's digest of new matches to every member user with this
    /// frequency (keyed by period: this week's or today's run is sent once).
    Digest {
        /// weekly or daily.
        #[arg(long, default_value = "weekly")]
        frequency: String,
        /// SMTP relay (smtp://host:port).
        #[arg(long, env = "CLUSTERHUB_SMTP_URL")]
        smtp_url: String,
        #[arg(
            long,
            env = "CLUSTERHUB_MAIL_FROM",
            default_value = "ClusterHub <clusterhub@localhost>"
        )]
        mail_from: String,
        /// Where people reach the site, for the links in the bulletin.
        #[arg(
            long,
            env = "CLUSTERHUB_PUBLIC_URL",
            default_value = "http://localhost:8080"
        )]
        public_url: String,
    },
}

pub async fn run(db: &Db, cmd: Cmd) -> Result<()> {
    let mut state = clusterhub_web::AppState::new(db.clone());
    match cmd {
        Cmd::Import { path } => {
            let r = clusterhub_web::watch::import_path(&state, &path)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(|| format!("importing {}", path.display()))?;
            for f in r.files.iter().filter(|f| f.outcome == "rejected") {
                eprintln!("{}: rejected: {}", f.file, f.error.as_deref().unwrap_or(""));
            }
            println!(
                "{} created, {} updated, {} unchanged, {} rejected; {} matches",
                r.created, r.updated, r.unchanged, r.rejected, r.matched
            );
            Ok(())
        }
        Cmd::Digest {
            frequency,
            smtp_url,
            mail_from,
            public_url,
        } => {
            let f = Frequency::parse(&frequency)
                .filter(|f| *f != Frequency::Off)
                .ok_or_else(|| {
                    anyhow::anyhow!("--frequency must be weekly or daily, not {frequency}")
                })?;
            let m = Mailer::from_url(&smtp_url)
                .and_then(|m| m.with_from(&mail_from))
                .context("configuring e-mail")?
                .with_public_url(&public_url);
            state.mailer = Some(Arc::new(m));
            let r = clusterhub_web::watch::run_digest(
                &state,
                f,
                time::OffsetDateTime::now_utc(),
                Default::default(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{}: {} planned, {} sent, {} failed, {} interrupted earlier; {} organisations reached",
                r.run_key, r.planned, r.sent, r.failed, r.interrupted, r.organisations_reached
            );
            Ok(())
        }
    }
}
