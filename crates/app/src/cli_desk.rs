//! `clusterhub desk …`: the service desk from the command line.
//!
//! `desk intake --maildir DIR` hands every message in `DIR/new/` to the desk, exactly as the
//! `POST /api/v1/inbound/email` endpoint does, and moves each handled message to `DIR/cur/`.
//! Run it from cron or a systemd timer over the Maildir the mail server delivers the desk's
//! address to (see docs/service-desk.md).

use anyhow::{Context, Result};
use clusterhub_db::Db;
use clusterhub_web::mail::Mailer;
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum Cmd {
    /// Handle the e-mails waiting in a Maildir: open requests, add replies, refuse the rest
    /// (each refusal is logged with its reason); handled messages move from new/ to cur/.
    Intake {
        /// The Maildir (with new/ and cur/) the desk's address is delivered to.
        #[arg(long)]
        maildir: std::path::PathBuf,
        /// SMTP relay for the notifications (smtp://host:port); without it none are sent.
        #[arg(long, env = "CLUSTERHUB_SMTP_URL")]
        smtp_url: Option<String>,
        /// Sender of the notifications.
        #[arg(
            long,
            env = "CLUSTERHUB_MAIL_FROM",
            default_value = "ClusterHub <clusterhub@localhost>"
        )]
        mail_from: String,
        /// Where people reach the site, for links in the notifications.
        #[arg(
            long,
            env = "CLUSTERHUB_PUBLIC_URL",
            default_value = "http://localhost:8080"
        )]
        public_url: String,
    },
}

pub async fn run(db: &Db, cmd: Cmd) -> Result<()> {
    match cmd {
        Cmd::Intake {
            maildir,
            smtp_url,
            mail_from,
            public_url,
        } => {
            let mut state = clusterhub_web::AppState::new(db.clone());
            if let Some(url) = smtp_url {
                let m = Mailer::from_url(&url)
                    .and_then(|m| m.with_from(&mail_from))
                    .context("configuring e-mail")?
                    .with_public_url(&public_url);
                state.mailer = Some(Arc::new(m));
            }
            let report = clusterhub_web::notify::intake_maildir(&state, &maildir)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(|| format!("reading {}", maildir.display()))?;
            for line in &report.lines {
                println!("{line}");
            }
            eprintln!(
                "{} opened, {} replies, {} duplicates, {} refused, {} failed",
                report.opened, report.replied, report.duplicates, report.refused, report.failed
            );
            if report.failed > 0 {
                anyhow::bail!(
                    "{} message(s) could not be handled; they stay in new/",
                    report.failed
                );
            }
            Ok(())
        }
    }
}
