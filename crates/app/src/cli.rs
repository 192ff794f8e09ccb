//! Command line. Configuration comes from defaults, then `CLUSTERHUB_*` environment variables,
//! then flags; with none of them the app runs on an embedded SQLite file under ./data.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use clusterhub_core::access::Principal;
use clusterhub_core::model::Role;
use clusterhub_db::{Db, import};
use clusterhub_web::mail::Mailer;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "clusterhub",
    version,
    about = "The operating platform of industry clusters"
)]
struct Cli {
    /// sqlite://path/to/file.db (default ./data/clusterhub.db) or postgres://user@host:port/db
    #[arg(
        long,
        env = "CLUSTERHUB_DATABASE_URL",
        default_value = "sqlite://data/clusterhub.db",
        global = true
    )]
    database_url: String,
    /// Folder of the directory's search index (default: beside the SQLite file, or ./data/search).
    #[arg(long, env = "CLUSTERHUB_INDEX_DIR", global = true)]
    index_dir: Option<std::path::PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

impl Cli {
    /// Each node keeps its own index; beside an SQLite file it travels with the data.
    fn index_dir(&self) -> std::path::PathBuf {
        if let Some(d) = &self.index_dir {
            return d.clone();
        }
        match self.database_url.strip_prefix("sqlite://") {
            Some(path) => {
                let path = path.split('?').next().unwrap_or(path);
                std::path::Path::new(path).with_extension("search")
            }
            None => std::path::PathBuf::from("data/search"),
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the web UI and the API.
    Serve {
        #[arg(long, env = "CLUSTERHUB_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Mark cookies Secure (when served behind HTTPS).
        #[arg(long, env = "CLUSTERHUB_SECURE_COOKIES")]
        secure_cookies: bool,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Create the three demo clusters (idempotent), print the demo logins, then serve.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Only seed; do not start the server.
        #[arg(long)]
        no_serve: bool,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// Import a CSV file (all rows or none).
    Import {
        /// organisations or people
        kind: String,
        #[arg(long)]
        cluster: String,
        file: std::path::PathBuf,
        /// For people rows without an organisation: the organisation id to attach them to.
        #[arg(long)]
        organisation: Option<i64>,
        /// Typology of new memberships when the file has none.
        #[arg(long, default_value = "ordinary")]
        typology: String,
    },
    /// Export a cluster's organisations as CSV (the import format).
    Export {
        /// organisations
        kind: String,
        #[arg(long)]
        cluster: String,
        /// Output file; standard output when absent.
        file: Option<std::path::PathBuf>,
    },
    /// Online copy of the SQLite database (for PostgreSQL use pg_dump).
    Backup { dest: std::path::PathBuf },
    /// Strategic plans (TOML files, see docs/plan-format.md).
    Plan {
        #[command(subcommand)]
        cmd: PlanCmd,
    },
    /// Reports generated from the platform's records.
    Report {
        #[command(subcommand)]
        cmd: ReportCmd,
    },
    /// Resource maps: funding, notified bodies, service providers…
    Resources {
        #[command(subcommand)]
        cmd: crate::cli_resources::Cmd,
    },
    /// The service desk (one-stop shop).
    Desk {
        #[command(subcommand)]
        cmd: crate::cli_desk::Cmd,
    },
    /// The tender watch: eForms imports and the surveillance bulletin.
    Watch {
        #[command(subcommand)]
        cmd: crate::cli_watch::Cmd,
    },
    /// Rebuild the directory's search index from the database (a running server picks the
    /// rebuilt index up when restarted; it also keeps its own index current by itself).
    Reindex,
}

/// Outgoing e-mail (survey reminders); off unless an SMTP relay is given.
#[derive(clap::Args)]
struct MailArgs {
    /// SMTP relay as smtp://host:port. Plain SMTP only: a relay on this host or network
    /// (Postfix, OpenSMTPD…) does TLS, authentication and delivery onwards.
    #[arg(long, env = "CLUSTERHUB_SMTP_URL")]
    smtp_url: Option<String>,
    /// Sender of outgoing e-mail: an address or "Name <address>".
    #[arg(
        long,
        env = "CLUSTERHUB_MAIL_FROM",
        default_value = "ClusterHub <clusterhub@localhost>"
    )]
    mail_from: String,
    /// Where people reach this site, for links in e-mails (default: http:// and the bind address).
    #[arg(long, env = "CLUSTERHUB_PUBLIC_URL")]
    public_url: Option<String>,
}

impl MailArgs {
    fn mailer(&self, bind: &str) -> Result<Option<Arc<Mailer>>> {
        let Some(url) = &self.smtp_url else {
            return Ok(None);
        };
        let public_url = self
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bind}"));
        let mailer = Mailer::from_url(url)
            .and_then(|m| m.with_from(&self.mail_from))
            .context("configuring e-mail")?
            .with_public_url(&public_url);
        Ok(Some(Arc::new(mailer)))
    }
}

#[derive(Subcommand)]
enum PlanCmd {
    /// Check a plan file and report every problem with its line; stores nothing.
    Check { file: std::path::PathBuf },
    /// Check a plan file and store it as the next revision of its plan (all or nothing).
    Import {
        file: std::path::PathBuf,
        /// Cluster slug; defaults to the file's `plan.cluster`.
        #[arg(long)]
        cluster: Option<String>,
    },
}

#[derive(Subcommand)]
enum ReportCmd {
    /// The annual report of a plan: an XLSX workbook and a PDF.
    Annual {
        #[arg(long)]
        cluster: String,
        #[arg(long)]
        year: i32,
        /// es or en (any catalogue language works).
        #[arg(long, default_value = "es")]
        lang: String,
        /// Plan code when the cluster has several.
        #[arg(long)]
        plan: Option<String>,
        /// Folder the two files are written to.
        #[arg(long, default_value = ".")]
        out: std::path::PathBuf,
    },
    /// The figures the platform holds for each area of the cluster-excellence benchmarking
    /// (structure, governance, financing, services, interaction, achievements), as CSV.
    Evidence {
        #[arg(long)]
        cluster: String,
        #[arg(long)]
        year: i32,
        #[arg(long, default_value = "en")]
        lang: String,
        /// Output file; standard output when absent.
        file: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// Create or update a user, optionally with a role in one cluster.
    Add {
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        cluster: Option<String>,
        /// staff, board, member or partner
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        organisation: Option<i64>,
    },
    /// Create an API token and print it.
    Token {
        email: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn connect(url: &str) -> Result<Db> {
    Db::connect(url)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("opening database {}", redact(url)))
}

/// Passwords in database URLs never reach logs or error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn serve(
    db: Db,
    bind: &str,
    secure: bool,
    mail: &MailArgs,
    index_dir: &std::path::Path,
) -> Result<()> {
    let mailer = mail.mailer(bind)?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("binding {bind}"))?;
    let mut state = clusterhub_web::AppState::new(db.clone());
    let search = clusterhub_web::search::Directory::open(index_dir)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("opening the search index in {}", index_dir.display()))?;
    let search = Arc::new(search);
    // Brings the index up to date (a full build the first time) before the first request.
    search
        .open_for(&db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    search.clone().spawn_tailer(db);
    state.search = search;
    state.secure_cookies = secure;
    if mailer.is_none() {
        eprintln!("e-mail is off (no --smtp-url)");
    }
    state.mailer = mailer;
    clusterhub_web::watch::spawn_scheduler(state.clone());
    clusterhub_web::events::spawn_scheduler(state.clone());
    eprintln!("ClusterHub listening on http://{}", listener.local_addr()?);
    clusterhub_web::serve(state, listener).await?;
    Ok(())
}

fn admin_scope(cluster_id: i64) -> clusterhub_core::access::Scope {
    Principal {
        user_id: None,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

/// Reads and checks a plan file, printing each problem as `FILE:LINE: field: reason`.
fn read_plan(file: &std::path::Path) -> Result<(clusterhub_plan::Plan, String)> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    match clusterhub_plan::Plan::parse(&text) {
        Ok(p) => Ok((p, text)),
        Err(errs) => {
            for e in &errs {
                eprintln!(
                    "{}:{}: {}: {}{}",
                    file.display(),
                    e.line.unwrap_or(1),
                    e.field,
                    e.code,
                    e.detail
                        .as_ref()
                        .filter(|d| !d.is_empty())
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default()
                );
            }
            bail!(
                "{} problem(s) in {}; nothing was imported",
                errs.len(),
                file.display()
            )
        }
    }
}

fn describe(p: &clusterhub_plan::Plan) -> String {
    let lines: usize = p.pillars.iter().map(|x| x.lines.len()).sum();
    let strategic = p
        .indicators
        .iter()
        .filter(|i| i.level == clusterhub_core::model::IndicatorLevel::Strategic)
        .count();
    format!(
        "plan {} {}-{}: {} objectives, {} pillars, {} lines, {} actions, {} indicators ({} strategic, {} operational)",
        p.code,
        p.from,
        p.to,
        p.objectives.len(),
        p.pillars.len(),
        lines,
        p.actions().count(),
        p.indicators.len(),
        strategic,
        p.indicators.len() - strategic
    )
}

async fn run(cli: Cli) -> Result<()> {
    if let Cmd::Plan {
        cmd: PlanCmd::Check { file },
    } = &cli.cmd
    {
        let (p, _) = read_plan(file)?;
        println!("{}", describe(&p));
        return Ok(());
    }
    let db = connect(&cli.database_url).await?;
    let index_dir = cli.index_dir();
    match cli.cmd {
        Cmd::Resources { cmd } => crate::cli_resources::run(&db, cmd).await,
        Cmd::Desk { cmd } => crate::cli_desk::run(&db, cmd).await,
        Cmd::Watch { cmd } => crate::cli_watch::run(&db, cmd).await,
        Cmd::Reindex => {
            let dir = index_dir;
            let d = clusterhub_web::search::Directory::open(&dir)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let t = std::time::Instant::now();
            let n = d.rebuild(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "indexed {n} organisations into {} in {:.1} s",
                dir.display(),
                t.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Cmd::Plan { cmd } => match cmd {
            PlanCmd::Check { .. } => Ok(()),
            PlanCmd::Import { file, cluster } => {
                let (p, text) = read_plan(&file)?;
                let slug = cluster
                    .or(p.cluster.clone())
                    .context("the file names no cluster: pass --cluster")?;
                let c = clusterhub_db::clusters::by_slug(&db, &slug)
                    .await
                    .map_err(|_| anyhow::anyhow!("no cluster {slug}"))?;
                let (_, rev) = clusterhub_db::plans::import(&db, &admin_scope(c.id), &p, &text)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{} (revision {rev}, cluster {slug})", describe(&p));
                Ok(())
            }
        },
        Cmd::Report { cmd } => report(&db, cmd).await,
        Cmd::Serve {
            bind,
            secure_cookies,
            mail,
        } => serve(db, &bind, secure_cookies, &mail, &index_dir).await,
        Cmd::Demo {
            bind,
            no_serve,
            mail,
        } => {
            let summary = crate::demo::seed(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("{summary}");
            eprintln!("Demo logins (password: {}):", crate::demo::PASSWORD);
            for (email, what) in crate::demo::LOGINS {
                eprintln!("  {email:<24} {what}");
            }
            if no_serve {
                Ok(())
            } else {
                serve(db, &bind, false, &mail, &index_dir).await
            }
        }
        Cmd::Migrate => {
            eprintln!("database is up to date");
            Ok(())
        }
        Cmd::User { cmd } => user(&db, cmd).await,
        Cmd::Import {
            kind,
            cluster,
            file,
            organisation,
            typology,
        } => {
            let kind =
                import::Kind::parse(&kind).context("kind must be organisations or people")?;
            let c = clusterhub_db::clusters::by_slug(&db, &cluster)
                .await
                .map_err(|_| anyhow::anyhow!("no cluster {cluster}"))?;
            let data =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let headers = import::read_headers(&data).map_err(|e| anyhow::anyhow!("{e}"))?;
            let mapping = import::guess_mapping(kind, &headers);
            eprintln!("column mapping:");
            for (h, m) in headers.iter().zip(&mapping) {
                eprintln!("  {h:<28} -> {}", m.unwrap_or("(ignored)"));
            }
            let opts = import::Options {
                default_organisation: organisation,
                default_typology: typology,
            };
            let result = import::run(
                &db,
                &admin_scope(c.id),
                kind,
                &data,
                &mapping,
                &opts,
                |done, total| {
                    let pct = (done * 100).checked_div(total).unwrap_or(100);
                    let bar = "#".repeat(pct / 4);
                    eprint!("\r[{bar:<25}] {done}/{total} ({pct}%)");
                    let _ = std::io::stderr().flush();
                },
            )
            .await;
            eprintln!();
            match result {
                Ok(r) => {
                    println!("{}", serde_json::to_string(&r)?);
                    Ok(())
                }
                Err(clusterhub_core::Error::Validation(errs)) => {
                    for e in &errs {
                        eprintln!(
                            "line {}: column {}: {}{}",
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
        Cmd::Export {
            kind,
            cluster,
            file,
        } => {
            if kind != "organisations" {
                bail!("only organisations can be exported for now");
            }
            let c = clusterhub_db::clusters::by_slug(&db, &cluster)
                .await
                .map_err(|_| anyhow::anyhow!("no cluster {cluster}"))?;
            let out: Box<dyn Write> = match &file {
                Some(p) => Box::new(
                    std::fs::File::create(p)
                        .with_context(|| format!("creating {}", p.display()))?,
                ),
                None => Box::new(std::io::stdout()),
            };
            let n = export_organisations(&db, c.id, out).await?;
            eprintln!("exported {n} organisations");
            Ok(())
        }
        Cmd::Backup { dest } => match &db {
            Db::Sqlite(_) => {
                if dest.exists() {
                    bail!("{} already exists", dest.display());
                }
                let path = dest
                    .to_str()
                    .context("destination path is not UTF-8")?
                    .replace('\'', "''");
                clusterhub_db::q!(format!("VACUUM INTO '{path}'"))
                    .run(&db)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                eprintln!("backup written to {}", dest.display());
                Ok(())
            }
            Db::Postgres(_) => bail!(
                "for PostgreSQL use: pg_dump --format=custom --file={} \"$CLUSTERHUB_DATABASE_URL\"",
                dest.display()
            ),
        },
    }
}

async fn report(db: &Db, cmd: ReportCmd) -> Result<()> {
    let state = clusterhub_web::AppState::new(db.clone());
    let cluster_scope = |slug: String| async move {
        let c = clusterhub_db::clusters::by_slug(db, &slug)
            .await
            .map_err(|_| anyhow::anyhow!("no cluster {slug}"))?;
        anyhow::Ok((c.slug.clone(), admin_scope(c.id)))
    };
    match cmd {
        ReportCmd::Annual {
            cluster,
            year,
            lang,
            plan,
            out,
        } => {
            let (slug, scope) = cluster_scope(cluster).await?;
            let r = clusterhub_web::reports::annual(&state, &scope, plan.as_deref(), year, &lang)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            std::fs::create_dir_all(&out)?;
            let base = out.join(format!("{slug}-{year}-{}", r.lang));
            let xlsx = base.with_extension("xlsx");
            std::fs::write(
                &xlsx,
                clusterhub_report::xlsx(&r).map_err(anyhow::Error::msg)?,
            )?;
            let pdf = base.with_extension("pdf");
            std::fs::write(
                &pdf,
                clusterhub_report::pdf(&r).map_err(anyhow::Error::msg)?,
            )?;
            println!("{}\n{}", xlsx.display(), pdf.display());
            Ok(())
        }
        ReportCmd::Evidence {
            cluster,
            year,
            lang,
            file,
        } => {
            let (_, scope) = cluster_scope(cluster).await?;
            let rows = clusterhub_web::reports::evidence(&state, &scope, year, &lang)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let csv = clusterhub_web::reports::evidence_csv(
                &clusterhub_web::reports::tr(&state, &lang),
                &rows,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            match file {
                Some(p) => std::fs::write(&p, csv)?,
                None => print!("{csv}"),
            }
            Ok(())
        }
    }
}

async fn user(db: &Db, cmd: UserCmd) -> Result<()> {
    match cmd {
        UserCmd::Add {
            email,
            password,
            name,
            admin,
            cluster,
            role,
            organisation,
        } => {
            let email = clusterhub_core::parse::Email::parse("email", &email)
                .map_err(|e| anyhow::anyhow!("email: {}", e.code))?;
            if password.chars().count() < 10 {
                bail!("password: at least 10 characters");
            }
            let hash = clusterhub_web::auth::hash_password(&password)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let name =
                name.unwrap_or_else(|| email.as_str().split('@').next().unwrap_or("").to_string());
            let id = clusterhub_db::users::upsert(&mut tx, email.as_str(), &name, &hash, admin)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if let Some(slug) = cluster {
                let role = Role::parse("role", role.as_deref().unwrap_or("")).map_err(|e| {
                    anyhow::anyhow!("role: {} (staff, board, member, partner)", e.code)
                })?;
                let c = clusterhub_db::clusters::by_slug(&mut tx, &slug)
                    .await
                    .map_err(|_| anyhow::anyhow!("no cluster {slug}"))?;
                clusterhub_db::users::set_role(&mut tx, id, c.id, role, organisation)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            }
            tx.commit().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!("user {email} saved (id {id})");
            Ok(())
        }
        UserCmd::Token { email, name } => {
            let u = clusterhub_db::users::by_email(db, &email)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .context("no such user")?;
            let state = clusterhub_web::AppState::new(db.clone());
            let token = clusterhub_web::auth::create_api_token(&state, u.id, &name)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{token}");
            Ok(())
        }
    }
}

/// Writes the cluster's organisations in the import format, so an export imports back.
pub async fn export_organisations(db: &Db, cluster_id: i64, out: impl Write) -> Result<usize> {
    let scope = admin_scope(cluster_id);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(import::Kind::Organisations.fields())?;
    let mut page = 1;
    let mut n = 0;
    loop {
        let f = clusterhub_db::organisations::DirectoryFilter {
            page,
            per_page: 200,
            ..Default::default()
        };
        let rows = clusterhub_db::organisations::directory(db, &scope, &f)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for r in &rows.items {
            let o = clusterhub_db::organisations::by_id(db, r.id)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let d = o.description();
            let s = |v: &Option<String>| v.clone().unwrap_or_default();
            w.write_record([
                o.name.clone(),
                s(&o.legal_id),
                o.entity_type.clone(),
                s(&o.size),
                s(&o.territory),
                s(&o.country),
                s(&o.city),
                s(&o.website),
                s(&o.email),
                s(&o.phone),
                d.get("es").into(),
                d.get("eu").into(),
                d.get("en").into(),
                d.get("fr").into(),
                r.typology.clone(),
                r.subsectors.join(";"),
                r.status.clone(),
            ])?;
            n += 1;
        }
        if page >= rows.pages() {
            break;
        }
        page += 1;
    }
    w.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://app:s3cret@127.0.0.1:5432/ch"),
            "postgres://app:***@127.0.0.1:5432/ch"
        );
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
