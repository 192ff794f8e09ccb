//! The service desk beyond its tables: every write that pages, the API and the command line
//! share goes through here, stores through `clusterhub_db::desk`, then moves the in-memory
//! scorecards (a closed request is a `support` activity) and tells the people concerned by
//! e-mail, each in their language, unless they turned that e-mail off.
//!
//! E-mail is sent after the write has committed, one message after the other while the caller
//! waits (as survey reminders are): a request concerns a handful of people, and a relay on the
//! same host answers in milliseconds. A refused or failed message is logged and never undoes or
//! fails the write it reports.
//!
//! The e-mail intake also lives here: `POST /api/v1/inbound/email` and `clusterhub desk intake
//! --maildir` both hand raw messages to [`intake`].

use crate::mail::Email;
use crate::scorecard::Change;
use crate::state::AppState;
use crate::{Ctx, Tr};
use askama::Template;
use clusterhub_core::access::{Principal, Scope};
use clusterhub_core::desk::{self as rules, CheckedFile, CloseDraft, Event, RequestDraft};
use clusterhub_core::{Error, Result};
use clusterhub_db::clusters::{self, Cluster};
use clusterhub_db::desk::{
    self, ActivityChange, Closed, Intake, Opened, Origin, Posted, RequestRow, TriageDraft, Triaged,
};
use clusterhub_db::notifications::{self, Recipient};
use time::OffsetDateTime;

/// The desk's clock.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Moves the cluster's scorecard engines after the activity log changed.
fn scorecards(state: &AppState, cluster_id: i64, change: Option<(i64, ActivityChange)>) {
    if let Some((version, change)) = change {
        let change = match change {
            ActivityChange::Upsert(a) => Change::Upsert(a),
            ActivityChange::Remove(id) => Change::Remove(id),
        };
        state
            .scorecards
            .activity_written(cluster_id, version, change);
    }
}

// ---------------------------------------------------------------------------------------------
// Writes

pub async fn open(
    state: &AppState,
    scope: &Scope,
    d: &RequestDraft,
    files: &[CheckedFile],
    origin: &Origin,
) -> Result<Opened> {
    let o = desk::open(&state.db, scope, d, files, origin, now()).await?;
    opened(state, scope, o.number).await;
    Ok(o)
}

#[allow(clippy::too_many_arguments)]
pub async fn post(
    state: &AppState,
    scope: &Scope,
    number: i64,
    body: &str,
    internal: bool,
    files: &[CheckedFile],
    origin: &Origin,
) -> Result<Posted> {
    let p = desk::post(
        &state.db,
        scope,
        number,
        body,
        internal,
        files,
        origin,
        now(),
    )
    .await?;
    posted(state, scope, number, p.message_id, internal).await;
    Ok(p)
}

pub async fn triage(
    state: &AppState,
    scope: &Scope,
    number: i64,
    d: &TriageDraft,
) -> Result<Triaged> {
    let t = desk::triage(&state.db, scope, number, d).await?;
    let actor = scope.user_id();
    if let Some(a) = t.newly_assigned() {
        let to = notifications::user(&state.db, scope, Event::Assigned, a, actor).await;
        tell(state, scope, Event::Assigned, &t.after, None, to).await;
    }
    if let Some(p) = t.newly_handed() {
        let to = notifications::partners(&state.db, scope, Event::Partner, p, actor).await;
        tell(state, scope, Event::Partner, &t.after, None, to).await;
    }
    Ok(t)
}

pub async fn close(state: &AppState, scope: &Scope, number: i64, d: &CloseDraft) -> Result<Closed> {
    let mut c = desk::close(&state.db, scope, number, d, now()).await?;
    scorecards(state, scope.cluster_id(), c.change.take());
    if let Some(u) = c.row.requester_user_id {
        let to = notifications::user(&state.db, scope, Event::Closed, u, scope.user_id()).await;
        tell(state, scope, Event::Closed, &c.row, None, to).await;
    }
    Ok(c)
}

pub async fn delete(state: &AppState, scope: &Scope, number: i64) -> Result<()> {
    let change = desk::delete(&state.db, scope, number).await?;
    scorecards(state, scope.cluster_id(), change);
    Ok(())
}

/// Tells the cluster's staff of a new request.
async fn opened(state: &AppState, scope: &Scope, number: i64) {
    let Ok(row) = desk::row(&state.db, scope, number).await else {
        return;
    };
    let to = notifications::staff(&state.db, scope, Event::Opened, scope.user_id()).await;
    let first = desk::get(&state.db, scope, number)
        .await
        .ok()
        .and_then(|d| d.messages.into_iter().next())
        .map(|m| m.body);
    tell(state, scope, Event::Opened, &row, first.as_deref(), to).await;
}

/// Tells the other side of a new message: what the member or the partner writes goes to the
/// colleague in charge (or all staff when nobody is), what staff write goes to the requester
/// and, once handed, to the partner; internal notes reach staff only.
async fn posted(state: &AppState, scope: &Scope, number: i64, message_id: i64, internal: bool) {
    let db = &state.db;
    let Ok(d) = desk::get(db, scope, number).await else {
        return;
    };
    let body = d
        .messages
        .iter()
        .find(|m| m.id == message_id)
        .map(|m| m.body.clone());
    let r = &d.row;
    let actor = scope.user_id();
    let ev = Event::Message;
    let staff_side = async {
        match r.assignee_user_id {
            Some(a) if Some(a) != actor => notifications::user(db, scope, ev, a, actor).await,
            _ => notifications::staff(db, scope, ev, actor).await,
        }
    };
    let mut to: Vec<Recipient> = Vec::new();
    let mut add = |list: clusterhub_core::Result<Vec<Recipient>>| match list {
        Ok(l) => to.extend(l),
        Err(e) => tracing::warn!(error = %e, "desk notification recipients"),
    };
    if internal {
        add(staff_side.await);
    } else if scope.can_manage() {
        if let Some(u) = r.requester_user_id {
            add(notifications::user(db, scope, ev, u, actor).await);
        }
        if let Some(p) = r.partner_organisation_id {
            add(notifications::partners(db, scope, ev, p, actor).await);
        }
    } else {
        add(staff_side.await);
        if scope.partner_organisation().is_some()
            && let Some(u) = r.requester_user_id
        {
            add(notifications::user(db, scope, ev, u, actor).await);
        }
        if scope.own_organisation().is_some()
            && let Some(p) = r.partner_organisation_id
        {
            add(notifications::partners(db, scope, ev, p, actor).await);
        }
    }
    to.sort_by_key(|x| x.user_id);
    to.dedup_by_key(|x| x.user_id);
    tell(state, scope, ev, r, body.as_deref(), Ok(to)).await;
}

// ---------------------------------------------------------------------------------------------
// E-mail intake

/// Hands one raw message to the desk (see `clusterhub_db::desk::intake`), then tells the people
/// concerned of the request it opened or the reply it added. `courier`: the API user who
/// delivered it (must be staff of the addressed cluster), `None` for the command line.
pub async fn intake(state: &AppState, raw: &[u8], courier: Option<&Principal>) -> Result<Intake> {
    let r = desk::intake(&state.db, raw, courier, now()).await?;
    match &r {
        Intake::Opened {
            cluster_id,
            number,
            author,
        } => {
            if let Some(scope) = author_scope(state, *author, *cluster_id).await {
                opened(state, &scope, *number).await;
            }
        }
        Intake::Replied {
            cluster_id,
            number,
            author,
            message_id,
        } => {
            if let Some(scope) = author_scope(state, *author, *cluster_id).await {
                posted(state, &scope, *number, *message_id, false).await;
            }
        }
        Intake::Refused { reasons, .. } => {
            tracing::info!(reasons = ?reasons, "desk e-mail refused");
        }
        Intake::Duplicate { .. } => {}
    }
    Ok(r)
}

async fn author_scope(state: &AppState, user_id: i64, cluster_id: i64) -> Option<Scope> {
    let u = clusterhub_db::users::by_id(&state.db, user_id).await.ok()?;
    let p = clusterhub_db::users::principal(&state.db, &u).await.ok()?;
    Some(p.scope(cluster_id))
}

/// What a run over a Maildir did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MaildirReport {
    pub opened: usize,
    pub replied: usize,
    pub duplicates: usize,
    pub refused: usize,
    /// Messages left in `new/` because handling them failed (the database was unreachable…):
    /// the next run tries them again.
    pub failed: usize,
    /// One line per message: file name and what became of it.
    pub lines: Vec<String>,
}

/// Handles every message in `dir/new/` (oldest name first) and moves each handled one to
/// `dir/cur/` marked as seen, as a mail reader would; refused and duplicate messages move too,
/// since the log in `inbound_emails` keeps their fate.
pub async fn intake_maildir(state: &AppState, dir: &std::path::Path) -> Result<MaildirReport> {
    let io =
        |e: std::io::Error, p: &std::path::Path| Error::Internal(format!("{}: {e}", p.display()));
    let new = dir.join("new");
    let cur = dir.join("cur");
    std::fs::create_dir_all(&cur).map_err(|e| io(e, &cur))?;
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(&new)
        .map_err(|e| io(e, &new))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    let mut report = MaildirReport::default();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw = match std::fs::read(&path) {
            Ok(r) => r,
            Err(e) => {
                report.failed += 1;
                report.lines.push(format!("{name}: not read ({e})"));
                continue;
            }
        };
        let what = match intake(state, &raw, None).await {
            Ok(Intake::Opened {
                cluster_id, number, ..
            }) => {
                report.opened += 1;
                format!("opened {}", reference(state, cluster_id, number).await)
            }
            Ok(Intake::Replied {
                cluster_id, number, ..
            }) => {
                report.replied += 1;
                format!("reply to {}", reference(state, cluster_id, number).await)
            }
            Ok(Intake::Duplicate { previous, .. }) => {
                report.duplicates += 1;
                format!("duplicate (already {previous})")
            }
            Ok(Intake::Refused { reasons, .. }) => {
                report.refused += 1;
                let why: Vec<String> = reasons
                    .iter()
                    .map(|r| match &r.detail {
                        Some(d) => format!("{}: {} ({d})", r.field, r.code),
                        None => format!("{}: {}", r.field, r.code),
                    })
                    .collect();
                format!("refused: {}", why.join("; "))
            }
            Err(e) => {
                report.failed += 1;
                report
                    .lines
                    .push(format!("{name}: failed ({e}); left in new/"));
                continue;
            }
        };
        let base = name.split(":2,").next().unwrap_or(&name);
        let target = cur.join(format!("{base}:2,S"));
        std::fs::rename(&path, &target).map_err(|e| io(e, &target))?;
        report.lines.push(format!("{name}: {what}"));
    }
    Ok(report)
}

async fn reference(state: &AppState, cluster_id: i64, number: i64) -> String {
    match clusters::by_id(&state.db, cluster_id).await {
        Ok(c) => rules::reference(&c.slug, number),
        Err(_) => number.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The e-mails

/// The HTML part of a desk e-mail; the plain-text part says the same.
#[derive(Template)]
#[template(path = "notification_mail.html")]
struct MailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    lines: &'a [String],
    quote: Option<&'a str>,
    action: &'a str,
    link: &'a str,
    footer: &'a str,
    signature: &'a str,
}

/// A desk e-mail in one reader's language.
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Composes the e-mail of `event` about request `r` for a reader in `t.lang`.
#[allow(clippy::too_many_arguments)]
pub fn compose(
    t: &Tr,
    event: Event,
    c: &Cluster,
    r: &RequestRow,
    name: &str,
    quote: Option<&str>,
    link: &str,
    prefs_link: &str,
) -> Result<Composed> {
    let service = t.mt(&r.service_name);
    let args = [
        ("name", name.to_string()),
        ("cluster", c.name.clone()),
        ("reference", rules::reference(&c.slug, r.number)),
        ("subject", r.subject.clone()),
        ("service", service),
        ("organisation", r.organisation.clone()),
        ("due", t.dt(&r.due_at)),
        (
            "outcome",
            t.tc(
                "request-outcome",
                r.outcome.as_deref().unwrap_or("resolved"),
            ),
        ),
        ("partner", r.partner.clone().unwrap_or_default()),
    ];
    let msg = |key: &str| {
        let a: Vec<_> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        t.i18n.t_args(t.lang, key, &a)
    };
    let ev = event.as_str();
    let subject = format!(
        "[{}] {}",
        rules::reference(&c.slug, r.number),
        msg(&format!("mail-desk-{ev}-subject"))
    );
    let greeting = msg("mail-desk-greeting");
    let mut lines = vec![msg(&format!("mail-desk-{ev}-body"))];
    if event == Event::Closed {
        if let Some(n) = r.outcome_note.as_deref().filter(|n| !n.is_empty()) {
            lines.push(n.to_string());
        }
        lines.push(msg("mail-desk-rate"));
    }
    let action = msg(if event == Event::Closed {
        "mail-desk-action-rate"
    } else {
        "mail-desk-action"
    });
    let footer = msg("mail-desk-footer");
    let signature = msg("mail-desk-signature");
    let quoted = quote
        .filter(|q| !q.trim().is_empty())
        .map(|q| {
            q.lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .map(|q| format!("{q}\n\n"))
        .unwrap_or_default();
    let text = format!(
        "{greeting}\n\n{}\n\n{quoted}{action}:\n{link}\n\n-- \n{signature}\n{footer}: {prefs_link}\n",
        lines.join("\n\n")
    );
    let html = MailHtml {
        lang: t.lang,
        subject: &subject,
        greeting: &greeting,
        lines: &lines,
        quote,
        action: &action,
        link,
        footer: &format!("{footer}: {prefs_link}"),
        signature: &signature,
    }
    .render()
    .map_err(|e| Error::Internal(format!("template: {e}")))?;
    Ok(Composed {
        subject,
        text,
        html,
    })
}

/// Sends the e-mail of `event` about `r` to each recipient, in each one's language (their own
/// choice, else the cluster's). Failures are logged, never returned.
async fn tell(
    state: &AppState,
    scope: &Scope,
    event: Event,
    r: &RequestRow,
    quote: Option<&str>,
    to: Result<Vec<Recipient>>,
) {
    let Some(mailer) = state.mailer.clone() else {
        return;
    };
    let to = match to {
        Ok(to) if !to.is_empty() => to,
        Ok(_) => return,
        Err(e) => {
            tracing::warn!(error = %e, "desk notification recipients");
            return;
        }
    };
    let c = match clusters::by_id(&state.db, scope.cluster_id()).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "desk notification cluster");
            return;
        }
    };
    let anchor = if event == Event::Closed {
        "#rating"
    } else {
        ""
    };
    let link = mailer.link(&format!("/c/{}/desk/requests/{}{anchor}", c.slug, r.number));
    let prefs = mailer.link("/account/notifications");
    for rcpt in to {
        let lang = clusterhub_i18n::negotiate(
            None,
            rcpt.locale.as_deref(),
            None,
            None,
            Some(&c.default_locale),
        );
        let t = Tr {
            i18n: state.i18n.clone(),
            lang,
        };
        let m = match compose(&t, event, &c, r, &rcpt.name, quote, &link, &prefs) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "desk notification not composed");
                continue;
            }
        };
        let email = Email {
            to: &rcpt.email,
            subject: &m.subject,
            text: &m.text,
            html: &m.html,
        };
        if let Err(e) = mailer.send(&email).await {
            // The address stays out of the log; the user id says whom to check.
            tracing::warn!(error = %e, user = rcpt.user_id, event = event.as_str(), "desk notification not sent");
        }
    }
}

/// The preferences page and the API share this: every event and whether `ctx`'s user wants it.
pub async fn preferences(ctx: &Ctx) -> Result<Vec<(Event, bool)>> {
    let u = ctx.require_user()?;
    notifications::preferences(ctx.db(), u.id).await
}
