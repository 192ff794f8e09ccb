//! The tender watch beyond its tables: imports (files, folders, daily packages, feeds), the
//! surveillance bulletin (digest of new matches per member user, and the staff's curated
//! bulletin), its e-mails, the Atom and iCalendar feeds, and the reasons in words.
//!
//! Sending is a background job made idempotent by the delivery ledger of
//! `clusterhub_db::bulletins`: a run is keyed by its period ("digest:weekly:2026-W48"), planned
//! once, and each message is claimed before it is sent, so running the job again (after a crash,
//! or on a second node) never sends a message twice. Every member organisation reached counts
//! for the vigilance indicator (a `bulletin`/`vigilance` activity per run and cluster).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::Tr;
use crate::mail::Email;
use crate::state::AppState;
use askama::Template;
use clusterhub_core::access::{Principal, Scope};
use clusterhub_core::parse::{parse_stamp, stamp};
use clusterhub_core::{Error, Result};
use clusterhub_db::bulletins::{self, Frequency, Planned};
use clusterhub_db::clusters::{self, Cluster};
use clusterhub_db::watch::{self, FeedFilter, FeedItem, NewOpportunity, Stored};
use clusterhub_watch::alert::OpportunityKind;
use clusterhub_watch::matching::Reason;
use serde::Serialize;
use time::OffsetDateTime;

/// What a job does as a platform administrator would (no user behind it).
pub fn system_scope(cluster_id: i64) -> Scope {
    Principal {
        user_id: None,
        platform_admin: true,
        roles: Vec::new(),
    }
    .scope(cluster_id)
}

// ---------------------------------------------------------------------------------------------
// Imports

/// One file of an import and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutcome {
    pub file: String,
    /// "created", "updated", "unchanged" or "rejected".
    pub outcome: String,
    pub opportunity: Option<i64>,
    /// Why it was rejected.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub files: Vec<FileOutcome>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// (profile, opportunity) pairs that matched.
    pub matched: usize,
}

impl ImportReport {
    fn add(&mut self, file: String, r: std::result::Result<Stored, String>) {
        let (outcome, opportunity, error) = match r {
            Ok(Stored::Created(id)) => {
                self.created += 1;
                ("created", Some(id), None)
            }
            Ok(Stored::Updated(id)) => {
                self.updated += 1;
                ("updated", Some(id), None)
            }
            Ok(Stored::Unchanged(id)) => {
                self.unchanged += 1;
                ("unchanged", Some(id), None)
            }
            Err(e) => {
                self.rejected += 1;
                ("rejected", None, Some(e))
            }
        };
        self.files.push(FileOutcome {
            file,
            outcome: outcome.into(),
            opportunity,
            error,
        });
    }
}

/// Stores the notices that parsed (all together, all or nothing) and reports every file,
/// bad ones with their reason.
async fn store_parsed(
    state: &AppState,
    parsed: Vec<(
        String,
        std::result::Result<clusterhub_watch::notice::Notice, String>,
    )>,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut good = Vec::new();
    let mut names = Vec::new();
    let mut bad = Vec::new();
    let mut skipped = Vec::new();
    for (name, r) in parsed {
        match r {
            Ok(n) if !watch::is_opportunity(&n) => skipped.push(name),
            Ok(n) => {
                names.push(name);
                good.push(n);
            }
            Err(e) => bad.push((name, e)),
        }
    }
    let (stored, matched) = watch::import_notices(&state.db, &good).await?;
    report.matched = matched;
    for (name, s) in names.into_iter().zip(stored) {
        report.add(name, Ok(s));
    }
    for (name, e) in bad {
        report.add(name, Err(e));
    }
    for name in skipped {
        report.files.push(FileOutcome {
            file: name,
            outcome: "skipped".into(),
            opportunity: None,
            error: Some("business registration notice: not an opportunity".into()),
        });
    }
    Ok(report)
}

/// What a folder or archive import found, stored: notices that parsed, files refused (with
/// their reason), files skipped, and the point where a broken archive stopped.
async fn store_import(
    state: &AppState,
    import: clusterhub_watch::archive::Import,
) -> Result<ImportReport> {
    let parsed = import
        .notices
        .into_iter()
        .map(|(name, r)| (name, r.map_err(|e| e.to_string())))
        .collect();
    let mut report = store_parsed(state, parsed).await?;
    for (name, why) in import.skipped {
        report.files.push(FileOutcome {
            file: name,
            outcome: "skipped".into(),
            opportunity: None,
            error: Some(why),
        });
    }
    if let Some(why) = import.broken {
        report.rejected += 1;
        report.files.push(FileOutcome {
            file: String::new(),
            outcome: "rejected".into(),
            opportunity: None,
            error: Some(why),
        });
    }
    Ok(report)
}

/// `clusterhub watch import PATH`: one notice, a folder of them, or a daily package archive.
pub async fn import_path(state: &AppState, path: &Path) -> Result<ImportReport> {
    let import = clusterhub_watch::archive::read_path(path).map_err(|e| {
        Error::Validation(vec![
            clusterhub_core::FieldError::new("path", "unreadable").detail(e.to_string()),
        ])
    })?;
    store_import(state, import).await
}

/// An uploaded file: an eForms notice, a daily package, or an RSS/Atom feed of opportunities
/// of `kind` (feeds belong to the cluster; notices are public).
pub async fn import_upload(
    state: &AppState,
    scope: &Scope,
    name: &str,
    bytes: &[u8],
    kind: OpportunityKind,
    shared: bool,
) -> Result<ImportReport> {
    scope.require(scope.can_manage())?;
    if is_feed(bytes) {
        let items = clusterhub_watch::feed::parse_feed(bytes).map_err(|e| {
            Error::Validation(vec![
                clusterhub_core::FieldError::new("file", "bad_feed").detail(format!("{name}: {e}")),
            ])
        })?;
        let news: Vec<NewOpportunity> = items
            .iter()
            .map(|i| {
                let lang = i.language.clone().unwrap_or_default();
                NewOpportunity {
                    source: watch::SOURCE_FEED.into(),
                    source_key: i.guid.clone(),
                    kind: Some(kind),
                    title: clusterhub_core::MultiText::new().with(&lang, &i.title),
                    summary: clusterhub_core::MultiText::new().with(&lang, &i.summary),
                    url: i.link.clone(),
                    published_on: i
                        .published
                        .map(|d| clusterhub_core::parse::iso_date(d.date())),
                    shared,
                    ..Default::default()
                }
            })
            .collect();
        let stored = watch::save_own_many(&state.db, scope, &news).await?;
        let mut report = ImportReport::default();
        for (i, s) in items.iter().zip(stored) {
            report.add(i.title.clone(), Ok(s));
        }
        return Ok(report);
    }
    if bytes.trim_ascii_start().starts_with(b"<") {
        let r = clusterhub_watch::eforms::parse(bytes).map_err(|e| e.to_string());
        return store_parsed(state, vec![(name.to_string(), r)]).await;
    }
    // An archive: the reader works on files, so it goes through a private temporary one.
    let unreadable = |e: String| {
        Error::Validation(vec![
            clusterhub_core::FieldError::new("file", "unreadable").detail(format!("{name}: {e}")),
        ])
    };
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| Error::Internal(e.to_string()))?;
    let ext = if name.ends_with(".zip") {
        "zip"
    } else if name.ends_with(".tar") {
        "tar"
    } else {
        "tar.gz"
    };
    let tmp = std::env::temp_dir().join(format!(
        "clusterhub-upload-{}.{ext}",
        suffix
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ));
    std::fs::write(&tmp, bytes).map_err(|e| unreadable(e.to_string()))?;
    let read = clusterhub_watch::archive::read_archive(&tmp);
    let _ = std::fs::remove_file(&tmp);
    store_import(state, read.map_err(|e| unreadable(e.to_string()))?).await
}

// ---------------------------------------------------------------------------------------------
// Reasons in words

/// One reason in the reader's language: "CPV 33140000 (Medical consumables) under your 3314".
pub fn reason_text(t: &Tr, r: &Reason) -> String {
    let lists = clusterhub_watch::codelist::get();
    let args = |pairs: &[(&str, String)]| -> String {
        let a: Vec<_> = pairs.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        let key = match r {
            Reason::Cpv { .. } => "watch-reason-cpv",
            Reason::Nuts { .. } => "watch-reason-nuts",
            Reason::Keyword { .. } => "watch-reason-keyword",
            Reason::Innovation => "watch-reason-innovation",
        };
        t.i18n.t_args(t.lang, key, &a)
    };
    match r {
        Reason::Cpv { code, prefix } => args(&[
            ("code", code.clone()),
            (
                "label",
                lists.cpv_label(code).unwrap_or_default().to_string(),
            ),
            ("prefix", prefix.clone()),
        ]),
        Reason::Nuts { code, prefix } => args(&[
            ("code", code.clone()),
            (
                "label",
                lists
                    .nuts_label(code, t.lang)
                    .unwrap_or_default()
                    .to_string(),
            ),
            ("prefix", prefix.clone()),
        ]),
        Reason::Keyword { keyword, lang } => {
            args(&[("keyword", keyword.clone()), ("lang", lang.clone())])
        }
        Reason::Innovation => args(&[]),
    }
}

pub fn reason_texts(t: &Tr, rs: &[Reason]) -> Vec<String> {
    rs.iter().map(|r| reason_text(t, r)).collect()
}

/// The opportunity's title in the reader's language (else English, else any).
pub fn title(t: &Tr, o: &watch::Opportunity) -> String {
    let pick = o.title.pick(t.lang, &["en", "es", "fr", "eu"]);
    pick.map(|p| p.text.to_string())
        .unwrap_or_else(|| o.source_key.clone())
}

// ---------------------------------------------------------------------------------------------
// A cluster's own opportunity, typed by staff

/// What staff type for an opportunity of their own: the page's form and the API's body.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct OpportunityForm {
    pub kind: String,
    pub title: String,
    /// The language of title and summary; any other than the platform's languages is stored
    /// as unknown.
    pub lang: String,
    pub summary: String,
    pub buyer: String,
    /// CPV codes separated by spaces or commas (a check digit is dropped).
    pub cpv: String,
    /// NUTS codes separated the same way.
    pub nuts: String,
    /// A day (YYYY-MM-DD or DD/MM/YYYY): open until its end, UTC.
    pub deadline: String,
    pub url: String,
    /// Other clusters' insiders see it (and their members' profiles match it).
    pub shared: bool,
}

/// Checks the form, every problem at once, each naming its field.
pub fn parse_opportunity(f: &OpportunityForm) -> Result<NewOpportunity> {
    use clusterhub_core::FieldError;
    let mut errs = Vec::new();
    let kind = OpportunityKind::parse(&f.kind);
    if kind.is_none() {
        errs.push(FieldError::new("kind", "unknown_value").detail(f.kind.clone()));
    }
    if f.title.trim().is_empty() {
        errs.push(FieldError::new("title", "required"));
    }
    let codes = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut cpv = Vec::new();
    for code in codes(&f.cpv) {
        let c8 = code.split('-').next().unwrap_or(&code);
        if clusterhub_watch::codelist::get().cpv_label(c8).is_some() {
            cpv.push(c8.to_string());
        } else {
            errs.push(FieldError::new("cpv", "unknown_cpv").detail(code.as_str()));
        }
    }
    let mut nuts = Vec::new();
    for code in codes(&f.nuts) {
        let up = code.to_ascii_uppercase();
        if clusterhub_watch::codes::is_region(&up) {
            nuts.push(up);
        } else {
            errs.push(FieldError::new("nuts", "unknown_nuts").detail(code.as_str()));
        }
    }
    let deadline = match f.deadline.trim() {
        "" => None,
        d => match clusterhub_core::parse::parse_date("deadline", d) {
            Ok(day) => Some(format!(
                "{}T23:59:59Z",
                clusterhub_core::parse::iso_date(day)
            )),
            Err(e) => {
                errs.push(e);
                None
            }
        },
    };
    let url = match f.url.trim() {
        "" => None,
        u if u.starts_with("https://") || u.starts_with("http://") => Some(u.to_string()),
        u => {
            errs.push(FieldError::new("url", "invalid_url").detail(u));
            None
        }
    };
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let lang = if ["es", "eu", "en", "fr", "gl", "pt"].contains(&f.lang.as_str()) {
        f.lang.as_str()
    } else {
        ""
    };
    let mut key = [0u8; 8];
    getrandom::fill(&mut key).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(NewOpportunity {
        source: watch::SOURCE_MANUAL.into(),
        source_key: key.iter().map(|b| format!("{b:02x}")).collect(),
        kind,
        title: clusterhub_core::MultiText::new().with(lang, &f.title),
        summary: clusterhub_core::MultiText::new().with(lang, &f.summary),
        buyer: Some(f.buyer.trim().to_string()).filter(|b| !b.is_empty()),
        cpv,
        nuts,
        deadline,
        published_on: Some(clusterhub_db::today()),
        url,
        shared: f.shared,
        ..Default::default()
    })
}

// ---------------------------------------------------------------------------------------------
// The bulletin

/// When a run happens and what it is called.
pub fn run_key(f: Frequency, at: OffsetDateTime) -> String {
    let d = at.date();
    match f {
        Frequency::Daily => format!("digest:daily:{}", clusterhub_core::parse::iso_date(d)),
        _ => {
            let (year, week, _) = d.to_iso_week_date();
            format!("digest:weekly:{year}-W{week:02}")
        }
    }
}

#[derive(Template)]
#[template(path = "watch_mail.html")]
struct MailHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    intro: &'a str,
    editorial: &'a [bulletins::Item],
    sections: &'a [MailSection],
    feed_label: &'a str,
    feed_link: &'a str,
    footer: &'a str,
    unsubscribe_label: &'a str,
    unsubscribe: &'a str,
}

pub struct MailSection {
    pub heading: String,
    pub items: Vec<MailItem>,
}

pub struct MailItem {
    pub title: String,
    pub link: String,
    pub meta: String,
    pub reasons: String,
}

pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn item_meta(t: &Tr, o: &watch::Opportunity) -> String {
    let mut parts = vec![t.tc("opportunity-kind", o.kind.as_str())];
    if let Some(b) = &o.buyer {
        parts.push(b.clone());
    }
    if let (Some(v), Some(c)) = (o.value_cents, &o.currency) {
        parts.push(t.money_in(v, c));
    }
    if let Some(d) = &o.deadline {
        parts.push(format!("{} {}", t.t("opportunity-deadline"), t.dt(d)));
    }
    parts.join(" · ")
}

fn mail_item(t: &Tr, base: &str, slug: &str, i: &FeedItem) -> MailItem {
    MailItem {
        title: title(t, &i.opportunity),
        link: format!("{base}/c/{slug}/opportunities/{}", i.opportunity.id),
        meta: item_meta(t, &i.opportunity),
        reasons: reason_texts(t, &i.reasons).join("; "),
    }
}

/// A bulletin e-mail: optional editorial part, then sections of opportunities.
#[allow(clippy::too_many_arguments)]
pub fn compose(
    t: &Tr,
    c: &Cluster,
    name: &str,
    subject: &str,
    intro: &str,
    editorial: &[bulletins::Item],
    sections: &[MailSection],
    feed_link: &str,
    unsubscribe: &str,
) -> Result<Composed> {
    let greeting = t.i18n.t_args(
        t.lang,
        "mail-watch-greeting",
        &[("name", name.to_string().into())],
    );
    let feed_label = t.t("mail-watch-feed");
    let unsubscribe_label = t.t("mail-watch-unsubscribe");
    let footer = t.i18n.t_args(
        t.lang,
        "mail-watch-footer",
        &[("cluster", c.name.clone().into())],
    );
    let mut text = format!("{greeting}\n\n");
    if !intro.is_empty() {
        text += &format!("{intro}\n\n");
    }
    for e in editorial {
        text += &format!("* {}\n", e.title);
        if !e.body.is_empty() {
            text += &format!("  {}\n", e.body);
        }
        if !e.url.is_empty() {
            text += &format!("  {}\n", e.url);
        }
        text += "\n";
    }
    for s in sections {
        text += &format!("== {} ==\n\n", s.heading);
        for i in &s.items {
            text += &format!(
                "* {}\n  {}\n  {}\n  {}\n\n",
                i.title, i.meta, i.reasons, i.link
            );
        }
    }
    text += &format!(
        "{feed_label}: {feed_link}\n\n-- \n{footer}\n{unsubscribe_label}: {unsubscribe}\n"
    );
    let html = MailHtml {
        lang: t.lang,
        subject,
        greeting: &greeting,
        intro,
        editorial,
        sections,
        feed_label: &feed_label,
        feed_link,
        footer: &footer,
        unsubscribe_label: &unsubscribe_label,
        unsubscribe,
    }
    .render()
    .map_err(|e| Error::Internal(format!("template: {e}")))?;
    Ok(Composed {
        subject: subject.to_string(),
        text,
        html,
    })
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    pub run_key: String,
    pub planned: usize,
    pub sent: usize,
    pub failed: usize,
    /// Left `sending` by an earlier, interrupted attempt: not resent.
    pub interrupted: usize,
    pub organisations_reached: usize,
}

/// Test hook: stop after this many messages, as a crash would.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunLimits {
    pub stop_after: Option<usize>,
}

fn tr_for(state: &AppState, c: &Cluster, locale: Option<&str>) -> Tr {
    Tr {
        i18n: state.i18n.clone(),
        lang: clusterhub_i18n::negotiate(None, locale, None, None, Some(&c.default_locale)),
    }
}

/// Plans (once) and sends the digest of new matches for every member user with this
/// frequency: matches created since that user's previous digest (or the last period).
pub async fn run_digest(
    state: &AppState,
    f: Frequency,
    at: OffsetDateTime,
    limits: RunLimits,
) -> Result<RunReport> {
    digest_run(state, &run_key(f, at), None, f, at, limits).await
}

/// Staff's "send now": a digest run of its own for one cluster's member users with this
/// frequency, keyed by the minute (a second click in the same minute sends nothing twice).
/// Like every digest it carries the matches new since each user's previous digest, so the
/// scheduled run that follows sends only what came after.
pub async fn run_digest_now(
    state: &AppState,
    cluster_id: i64,
    f: Frequency,
    at: OffsetDateTime,
) -> Result<RunReport> {
    let minute = stamp(at);
    let key = format!("digest:now:{}:{cluster_id}:{}", f.as_str(), &minute[..16]);
    digest_run(state, &key, Some(cluster_id), f, at, RunLimits::default()).await
}

async fn digest_run(
    state: &AppState,
    key: &str,
    cluster_id: Option<i64>,
    f: Frequency,
    at: OffsetDateTime,
    limits: RunLimits,
) -> Result<RunReport> {
    if !bulletins::planned(&state.db, key).await? {
        let period = if f == Frequency::Daily {
            time::Duration::days(1)
        } else {
            time::Duration::days(7)
        };
        let floor = stamp(at - period);
        let mut plan = Vec::new();
        for r in bulletins::recipients(&state.db, cluster_id, f).await? {
            let since = bulletins::last_sent(&state.db, r.user_id, r.cluster_id)
                .await?
                .map_or(floor.clone(), |s| s.max(floor.clone()));
            let filter = FeedFilter {
                state: "new".into(),
                since: Some(since),
                limit: Some(20),
            };
            let items = watch::feed_of(
                &state.db,
                r.cluster_id,
                r.organisation_id,
                Some(r.user_id),
                &filter,
            )
            .await?;
            if !items.is_empty() {
                plan.push(Planned {
                    cluster_id: r.cluster_id,
                    user_id: r.user_id,
                    organisation_id: Some(r.organisation_id),
                    opportunities: items.iter().map(|i| i.opportunity.id).collect(),
                });
            }
        }
        bulletins::plan(&state.db, key, &plan).await?;
    }
    send_run(state, key, None, limits).await
}

/// Sends a staff bulletin to every member user of the cluster who has not turned the bulletin
/// off: the editorial items, then the best matches per segment.
pub async fn send_bulletin(
    state: &AppState,
    scope: &Scope,
    id: i64,
    limits: RunLimits,
) -> Result<RunReport> {
    let b = bulletins::get(&state.db, scope, id).await?;
    let key = format!("bulletin:{id}");
    if !bulletins::planned(&state.db, &key).await? {
        let mut plan = Vec::new();
        for f in [Frequency::Weekly, Frequency::Daily] {
            for r in bulletins::recipients(&state.db, Some(scope.cluster_id()), f).await? {
                plan.push(Planned {
                    cluster_id: r.cluster_id,
                    user_id: r.user_id,
                    organisation_id: Some(r.organisation_id),
                    opportunities: Vec::new(),
                });
            }
        }
        bulletins::plan(&state.db, &key, &plan).await?;
    }
    let report = send_run(state, &key, Some((scope, &b)), limits).await?;
    if report.interrupted == 0 && bulletins::pending(&state.db, &key).await?.is_empty() {
        bulletins::mark_bulletin_sent(&state.db, id).await?;
    }
    Ok(report)
}

async fn send_run(
    state: &AppState,
    key: &str,
    curated: Option<(&Scope, &bulletins::Bulletin)>,
    limits: RunLimits,
) -> Result<RunReport> {
    let mut report = RunReport {
        run_key: key.to_string(),
        ..Default::default()
    };
    let all = bulletins::deliveries(&state.db, key).await?;
    report.planned = all.len();
    report.interrupted = all.iter().filter(|d| d.status == "sending").count();
    let Some(mailer) = state.mailer.clone() else {
        return Err(Error::Conflict("mail_off".into()));
    };
    let mut clusters_cache: HashMap<i64, Cluster> = HashMap::new();
    let mut segments_cache: HashMap<(i64, &'static str), Vec<MailSection>> = HashMap::new();
    for d in bulletins::pending(&state.db, key).await? {
        if limits.stop_after.is_some_and(|n| report.sent >= n) {
            break;
        }
        if !bulletins::claim(&state.db, d.id).await? {
            continue;
        }
        let c = match clusters_cache.get(&d.cluster_id) {
            Some(c) => c.clone(),
            None => {
                let c = clusters::by_id(&state.db, d.cluster_id).await?;
                clusters_cache.insert(d.cluster_id, c.clone());
                c
            }
        };
        let Some(r) = bulletins::recipient(&state.db, d.user_id, d.cluster_id).await? else {
            bulletins::mark(&state.db, d.id, false, Some("no longer a member user")).await?;
            report.failed += 1;
            continue;
        };
        let t = tr_for(state, &c, r.locale.as_deref());
        let sub = bulletins::subscription(&state.db, r.user_id, r.cluster_id).await?;
        let unsubscribe = mailer.link(&format!("/watch/unsubscribe/{}", sub.token));
        let feed_link = mailer.link(&format!("/c/{}/watch", c.slug));
        let base = mailer.link("");
        let composed = match curated {
            None => {
                let ids: Vec<i64> = serde_json::from_str(&d.matches).unwrap_or_default();
                let items = watch::feed_of(
                    &state.db,
                    r.cluster_id,
                    r.organisation_id,
                    None,
                    &FeedFilter {
                        state: "all".into(),
                        ..Default::default()
                    },
                )
                .await?;
                let mut mine: Vec<&FeedItem> = items
                    .iter()
                    .filter(|i| ids.contains(&i.opportunity.id))
                    .collect();
                mine.sort_by_key(|i| ids.iter().position(|x| *x == i.opportunity.id));
                let section = MailSection {
                    heading: t.tn("mail-watch-new-matches", mine.len() as i64),
                    items: mine
                        .iter()
                        .map(|i| mail_item(&t, &base, &c.slug, i))
                        .collect(),
                };
                let subject = t.i18n.t_args(
                    t.lang,
                    "mail-watch-subject",
                    &[
                        ("cluster", c.name.clone().into()),
                        ("count", (mine.len() as i64).into()),
                    ],
                );
                compose(
                    &t,
                    &c,
                    &r.name,
                    &subject,
                    "",
                    &[],
                    &[section],
                    &feed_link,
                    &unsubscribe,
                )?
            }
            Some((scope, b)) => {
                let sections = match segments_cache.get(&(c.id, t.lang)) {
                    Some(s) => s,
                    None => {
                        let s = segment_sections(state, scope, &c, &t, &base).await?;
                        segments_cache.insert((c.id, t.lang), s);
                        segments_cache
                            .get(&(c.id, t.lang))
                            .map_or(&[][..], |v| v.as_slice())
                    }
                };
                let sections: Vec<MailSection> = sections
                    .iter()
                    .map(|s| MailSection {
                        heading: s.heading.clone(),
                        items: s
                            .items
                            .iter()
                            .map(|i| MailItem {
                                title: i.title.clone(),
                                link: i.link.clone(),
                                meta: i.meta.clone(),
                                reasons: i.reasons.clone(),
                            })
                            .collect(),
                    })
                    .collect();
                compose(
                    &t,
                    &c,
                    &r.name,
                    &b.title,
                    &b.intro,
                    &b.items,
                    &sections,
                    &feed_link,
                    &unsubscribe,
                )?
            }
        };
        let email = Email {
            to: &r.email,
            subject: &composed.subject,
            text: &composed.text,
            html: &composed.html,
        };
        let message_id = format!("<{}.{}@clusterhub>", key.replace(':', "."), d.id);
        match mailer.send_list(&email, &unsubscribe, &message_id).await {
            Ok(()) => {
                bulletins::mark(&state.db, d.id, true, None).await?;
                report.sent += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, user = r.user_id, run = key, "bulletin not sent");
                bulletins::mark(&state.db, d.id, false, Some(&e.to_string())).await?;
                report.failed += 1;
            }
        }
    }
    report.organisations_reached =
        record_vigilance(state, key, curated.map(|(_, b)| b.title.as_str())).await?;
    Ok(report)
}

/// The best opportunities per segment, in one reader language.
async fn segment_sections(
    state: &AppState,
    scope: &Scope,
    c: &Cluster,
    t: &Tr,
    base: &str,
) -> Result<Vec<MailSection>> {
    let subsectors = clusters::subsectors(&state.db, c.id).await?;
    let best = bulletins::best_by_segment(&state.db, scope, 31, 3).await?;
    let mut out = Vec::new();
    for (seg, rows) in best {
        let heading = subsectors
            .iter()
            .find(|s| s.code == seg)
            .map(|s| t.mt(&s.name))
            .unwrap_or(seg);
        let mut items = Vec::new();
        for (opp, _score, orgs) in rows {
            if let Ok((o, _)) = watch::get(&state.db, scope, opp).await {
                items.push(MailItem {
                    title: title(t, &o),
                    link: format!("{base}/c/{}/opportunities/{}", c.slug, o.id),
                    meta: item_meta(t, &o),
                    reasons: t.tn("mail-watch-members-reached", orgs),
                });
            }
        }
        out.push(MailSection { heading, items });
    }
    Ok(out)
}

/// Records (or updates) one `bulletin`/`vigilance` activity per cluster for this run, listing
/// every organisation a message reached: the scorecard counts them.
async fn record_vigilance(state: &AppState, key: &str, title: Option<&str>) -> Result<usize> {
    let sent = bulletins::deliveries(&state.db, key).await?;
    let mut per_cluster: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    for d in sent.iter().filter(|d| d.status == "sent") {
        if let Some(o) = d.organisation_id {
            per_cluster.entry(d.cluster_id).or_default().insert(o);
        }
    }
    let mut reached = 0;
    for (cluster, orgs) in per_cluster {
        reached += orgs.len();
        let scope = system_scope(cluster);
        let title = format!("{} ({key})", title.unwrap_or("Surveillance bulletin"));
        let existing = bulletins::activity_for_run(&state.db, cluster, &title).await?;
        let input = clusterhub_plan::activity::ActivityInput {
            kind: "bulletin".into(),
            subtype: "vigilance".into(),
            title: title.clone(),
            starts_on: clusterhub_db::today(),
            organisations: orgs.into_iter().collect(),
            ..Default::default()
        };
        crate::scorecard::save_activity(state, &scope, existing, &input).await?;
    }
    Ok(reached)
}

/// The background job: every few minutes, run today's daily digest and this week's weekly one
/// once their hour has come (07:00 UTC; the weekly one on Mondays). Runs are keyed by period,
/// so running again, or on several nodes, sends nothing twice.
pub fn spawn_scheduler(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            if state.mailer.is_none() {
                continue;
            }
            let now = OffsetDateTime::now_utc();
            if now.hour() < 7 {
                continue;
            }
            let mut due = vec![Frequency::Daily];
            if now.weekday() == time::Weekday::Monday {
                due.push(Frequency::Weekly);
            }
            for f in due {
                if let Err(e) = run_digest(&state, f, now, RunLimits::default()).await {
                    tracing::warn!(error = %e, frequency = f.as_str(), "bulletin run");
                }
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Feeds for readers and calendars

/// Whose feed a token opens: the subscription, the member organisation, the cluster, and the
/// reader's language.
async fn token_reader(
    state: &AppState,
    token: &str,
) -> Result<(bulletins::Subscription, i64, Cluster, Tr)> {
    let (sub, org) = bulletins::by_token(&state.db, token).await?;
    let org = org.ok_or(Error::NotFound)?;
    let c = clusters::by_id(&state.db, sub.cluster_id).await?;
    let locale = clusterhub_db::users::by_id(&state.db, sub.user_id)
        .await?
        .locale;
    let t = tr_for(state, &c, locale.as_deref());
    Ok((sub, org, c, t))
}

/// The Atom feed of a member user's matches (token from their subscription).
pub async fn atom(state: &AppState, token: &str, base: &str) -> Result<String> {
    use clusterhub_watch::feed::{AtomEntry, AtomFeed};
    let (sub, org, c, t) = token_reader(state, token).await?;
    let items = watch::feed_of(
        &state.db,
        sub.cluster_id,
        org,
        Some(sub.user_id),
        &FeedFilter {
            limit: Some(100),
            ..Default::default()
        },
    )
    .await?;
    let now = OffsetDateTime::now_utc();
    let entries = items
        .iter()
        .map(|i| AtomEntry {
            id: format!("{base}/c/{}/opportunities/{}", c.slug, i.opportunity.id),
            title: title(&t, &i.opportunity),
            summary: format!(
                "{} — {}",
                item_meta(&t, &i.opportunity),
                reason_texts(&t, &i.reasons).join("; ")
            ),
            link: Some(format!(
                "{base}/c/{}/opportunities/{}",
                c.slug, i.opportunity.id
            )),
            updated: parse_stamp(&i.matched_at).unwrap_or(now),
            categories: vec![i.opportunity.kind.as_str().to_string()],
        })
        .collect();
    Ok(clusterhub_watch::feed::atom(&AtomFeed {
        id: format!("{base}/watch/feed/{token}.atom"),
        title: t.i18n.t_args(
            t.lang,
            "watch-feed-title",
            &[("cluster", c.name.clone().into())],
        ),
        updated: now,
        self_link: Some(format!("{base}/watch/feed/{token}.atom")),
        alternate_link: Some(format!("{base}/c/{}/watch", c.slug)),
        entries,
    }))
}

/// The iCalendar feed of the deadlines of a member's saved and new matches.
pub async fn ical(state: &AppState, token: &str, base: &str) -> Result<String> {
    use clusterhub_watch::feed::{CalEvent, Calendar};
    let (sub, org, c, t) = token_reader(state, token).await?;
    let items = watch::feed_of(
        &state.db,
        sub.cluster_id,
        org,
        Some(sub.user_id),
        &FeedFilter::default(),
    )
    .await?;
    let now = OffsetDateTime::now_utc();
    let events = items
        .iter()
        .filter_map(|i| {
            let start = parse_stamp(i.opportunity.deadline.as_deref()?)?;
            Some(CalEvent {
                uid: format!("opportunity-{}-{}@clusterhub", c.slug, i.opportunity.id),
                summary: format!(
                    "{}: {}",
                    t.t("opportunity-deadline"),
                    title(&t, &i.opportunity)
                ),
                description: reason_texts(&t, &i.reasons).join("; "),
                url: Some(format!(
                    "{base}/c/{}/opportunities/{}",
                    c.slug, i.opportunity.id
                )),
                start,
                end: None,
                all_day: false,
                location: None,
                stamp: now,
                alarm_before: Some(time::Duration::days(2)),
                cancelled: false,
            })
        })
        .collect();
    Ok(clusterhub_watch::feed::icalendar(&Calendar {
        name: t.i18n.t_args(
            t.lang,
            "watch-calendar-title",
            &[("cluster", c.name.clone().into())],
        ),
        events,
    }))
}

/// Whether an upload is an RSS or Atom feed (by its root element) rather than a notice.
fn is_feed(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(|b| *b == b'<') {
        rest = &rest[i + 1..];
        if rest.starts_with(b"?") || rest.starts_with(b"!") {
            continue;
        }
        let name: Vec<u8> = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b':' || **b == b'_' || **b == b'-')
            .copied()
            .collect();
        return matches!(name.as_slice(), b"rss" | b"feed" | b"rdf:RDF");
    }
    false
}
