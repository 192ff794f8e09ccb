//! Opportunity and tender watch: opportunities, alert profiles and their matches.
//!
//! Who sees what:
//! - eForms notices are public procurement data: every insider of any cluster sees them.
//! - An opportunity staff entered or imported belongs to its cluster: its insiders see it; the
//!   insiders of other clusters see it only once it is `shared`.
//! - Alert profiles and matches belong to one member organisation in one cluster: that
//!   organisation's users and the cluster's staff see them, nobody else.

use std::collections::{BTreeMap, HashMap};

use crate::{Db, Q, Result, Tx, q};
use clusterhub_core::access::Scope;
use clusterhub_core::{Error, FieldError, MultiText};
use clusterhub_watch::alert::{AlertInput, AlertProfile, OpportunityKind, Target};
use clusterhub_watch::matching::{Match, Matcher, Reason};
use clusterhub_watch::notice::{Notice, NoticeForm};
use serde::Serialize;

/// Where an opportunity came from.
pub const SOURCE_EFORMS: &str = "eforms";
pub const SOURCE_MANUAL: &str = "manual";
pub const SOURCE_FEED: &str = "feed";

#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    cluster_id: Option<i64>,
    shared: bool,
    source: String,
    source_key: String,
    kind: String,
    title: String,
    summary: String,
    buyer: Option<String>,
    buyer_country: Option<String>,
    cpv: String,
    nuts: String,
    value_cents: Option<i64>,
    currency: Option<String>,
    deadline: Option<String>,
    published_on: Option<String>,
    innovation: bool,
    url: Option<String>,
    updated_at: String,
}

const COLS: &str = "id, cluster_id, shared, source, source_key, kind, title, summary, buyer, buyer_country, cpv, nuts, value_cents, currency, deadline, published_on, innovation, url, updated_at";

fn prefixed(alias: &str) -> String {
    COLS.split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, Serialize)]
pub struct Opportunity {
    pub id: i64,
    pub cluster_id: Option<i64>,
    pub shared: bool,
    pub source: String,
    pub source_key: String,
    pub kind: OpportunityKind,
    pub title: MultiText,
    pub summary: MultiText,
    pub buyer: Option<String>,
    pub buyer_country: Option<String>,
    pub cpv: Vec<String>,
    pub nuts: Vec<String>,
    pub value_cents: Option<i64>,
    pub currency: Option<String>,
    /// RFC 3339 UTC.
    pub deadline: Option<String>,
    pub published_on: Option<String>,
    pub innovation: bool,
    pub url: Option<String>,
    pub updated_at: String,
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

impl From<Row> for Opportunity {
    fn from(r: Row) -> Self {
        Opportunity {
            id: r.id,
            cluster_id: r.cluster_id,
            shared: r.shared,
            source: r.source,
            source_key: r.source_key,
            kind: OpportunityKind::parse(&r.kind).unwrap_or(OpportunityKind::Tender),
            title: MultiText::from_json(&r.title),
            summary: MultiText::from_json(&r.summary),
            buyer: r.buyer,
            buyer_country: r.buyer_country,
            cpv: words(&r.cpv),
            nuts: words(&r.nuts),
            value_cents: r.value_cents,
            currency: r.currency,
            deadline: r.deadline,
            published_on: r.published_on,
            innovation: r.innovation,
            url: r.url,
            updated_at: r.updated_at,
        }
    }
}

impl Opportunity {
    /// What the matching engine reads.
    pub fn target(&self) -> Target {
        let mut texts: Vec<(String, String)> = Vec::new();
        for (lang, t) in self.title.0.iter().chain(self.summary.0.iter()) {
            texts.push((lang.clone(), t.clone()));
        }
        Target {
            id: self.id,
            kind: Some(self.kind),
            cpv: self.cpv.clone(),
            nuts: self.nuts.clone(),
            texts,
            value_eur_cents: self
                .value_cents
                .filter(|_| self.currency.as_deref() == Some("EUR")),
            innovation: self.innovation,
        }
    }

    pub fn is_public_notice(&self) -> bool {
        self.cluster_id.is_none()
    }
}

/// An opportunity ready to store, from a notice, a feed or a form.
#[derive(Debug, Clone, Default)]
pub struct NewOpportunity {
    pub source: String,
    pub source_key: String,
    pub revision: Option<String>,
    pub kind: Option<OpportunityKind>,
    pub title: MultiText,
    pub summary: MultiText,
    pub buyer: Option<String>,
    pub buyer_country: Option<String>,
    pub cpv: Vec<String>,
    pub nuts: Vec<String>,
    pub value_cents: Option<i64>,
    pub currency: Option<String>,
    pub deadline: Option<String>,
    pub published_on: Option<String>,
    pub innovation: bool,
    pub url: Option<String>,
    pub notice: Option<String>,
    pub shared: bool,
}

fn texts(t: &clusterhub_watch::notice::Texts) -> MultiText {
    let mut m = MultiText::new();
    for (lang, text) in &t.0 {
        if m.get(lang).is_empty() {
            m.set(lang, text);
        }
    }
    m
}

/// The notice id in `efbc:ChangedNoticeIdentifier`, which names a notice version: the id
/// followed by "-" and the two-digit version.
fn changed_notice_id(s: &str) -> &str {
    match s.rsplit_once('-') {
        Some((id, v)) if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) => id,
        _ => s,
    }
}

/// Whether a notice announces something a member could bid for or learn from (every form but
/// the registration of a European grouping).
pub fn is_opportunity(n: &Notice) -> bool {
    n.form != NoticeForm::BusinessRegistration
}

impl NewOpportunity {
    /// A notice as an opportunity. A change notice is stored under the notice it changes, so it
    /// updates that opportunity instead of adding another.
    pub fn from_notice(n: &Notice) -> Self {
        let buyer = n.buyer();
        let mut title = texts(&n.title);
        let mut summary = texts(&n.description);
        if title.is_empty()
            && let Some(l) = n.lots.first()
        {
            title = texts(&l.title);
        }
        if summary.is_empty()
            && let Some(l) = n.lots.first()
        {
            summary = texts(&l.description);
        }
        let mut nuts = n.all_places();
        if let Some(b) = buyer.and_then(|b| b.nuts.clone())
            && !nuts.contains(&b)
        {
            nuts.push(b);
        }
        let kind = match n.form {
            NoticeForm::PriorInformation => OpportunityKind::Planning,
            NoticeForm::Contract => OpportunityKind::Tender,
            NoticeForm::ContractAward => OpportunityKind::Award,
            // Registrations of European groupings are no opportunity; importers skip them
            // (`is_opportunity`), and a stray one reads as market news.
            NoticeForm::BusinessRegistration => OpportunityKind::Market,
        };
        let value = if n.form == NoticeForm::ContractAward {
            n.awarded_value.clone().or_else(|| n.value())
        } else {
            n.value()
        };
        let issued = n
            .issue_date
            .map(clusterhub_core::parse::iso_date)
            .unwrap_or_default();
        // A change notice names the notice version it changes ("<notice id>-01"): it is stored
        // under that notice's id, and ranks after it (and after another change of the same day
        // by its own id) so re-importing both changes nothing.
        let (source_key, revision) = match &n.changes {
            Some(c) => (
                changed_notice_id(c).to_string(),
                format!("{issued}/{}/{}", n.version, n.id),
            ),
            None => (n.id.clone(), format!("{issued}/{}", n.version)),
        };
        NewOpportunity {
            source: SOURCE_EFORMS.into(),
            source_key,
            revision: Some(revision),
            kind: Some(kind),
            title,
            summary,
            buyer: buyer.and_then(|b| b.name.best("en").map(str::to_string)),
            buyer_country: buyer.and_then(|b| b.country.clone()),
            cpv: n.all_cpv(),
            nuts,
            value_cents: value.as_ref().map(|v| v.cents),
            currency: value.map(|v| v.currency),
            deadline: n.deadline().map(clusterhub_core::parse::stamp),
            published_on: n
                .publication_date
                .or(n.issue_date)
                .map(clusterhub_core::parse::iso_date),
            innovation: n.innovation(),
            url: n.links.first().cloned(),
            notice: serde_json::to_string(n).ok(),
            shared: false,
        }
    }
}

/// What storing an opportunity did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "id", rename_all = "snake_case")]
pub enum Stored {
    Created(i64),
    Updated(i64),
    /// Already there in this or a newer revision.
    Unchanged(i64),
}

impl Stored {
    pub fn id(self) -> i64 {
        match self {
            Stored::Created(i) | Stored::Updated(i) | Stored::Unchanged(i) => i,
        }
    }
    /// Created or updated: worth matching again.
    pub fn changed(self) -> bool {
        !matches!(self, Stored::Unchanged(_))
    }
}

/// Inserts or updates by (cluster, source, key). `cluster_id` None is the public notice pool.
pub async fn store(
    tx: &mut Tx,
    cluster_id: Option<i64>,
    o: &NewOpportunity,
    by: Option<i64>,
) -> Result<Stored> {
    let kind = o.kind.unwrap_or(OpportunityKind::Tender);
    let existing: Option<(i64, Option<String>, Option<String>)> = q!(
        "SELECT id, revision, notice FROM opportunities WHERE COALESCE(cluster_id, 0) = $1 AND source = $2 AND source_key = $3",
        cluster_id.unwrap_or(0),
        o.source.as_str(),
        o.source_key.as_str()
    )
    .optional(&mut *tx)
    .await?;
    let now = crate::now();
    if let Some((id, revision, notice)) = existing {
        // Same revision and same content, or an older revision arriving late: nothing to do.
        let older = matches!((&o.revision, &revision), (Some(new), Some(old)) if new < old);
        let same = o.revision == revision && o.notice == notice && o.source == SOURCE_EFORMS;
        if older || same {
            return Ok(Stored::Unchanged(id));
        }
        q!(
            "UPDATE opportunities SET revision = $1, kind = $2, title = $3, summary = $4, buyer = $5, buyer_country = $6, cpv = $7, nuts = $8,
             value_cents = $9, currency = $10, deadline = $11, published_on = $12, innovation = $13, url = $14, notice = $15, shared = $16, updated_at = $17
             WHERE id = $18",
            o.revision.clone(), kind.as_str(), o.title.to_json(), o.summary.to_json(), o.buyer.clone(), o.buyer_country.clone(),
            o.cpv.join(" "), o.nuts.join(" "), o.value_cents, o.currency.clone(), o.deadline.clone(), o.published_on.clone(),
            o.innovation, o.url.clone(), o.notice.clone(), o.shared, now, id
        )
        .run(&mut *tx)
        .await?;
        return Ok(Stored::Updated(id));
    }
    let id = q!(
        "INSERT INTO opportunities (cluster_id, shared, source, source_key, revision, kind, title, summary, buyer, buyer_country, cpv, nuts,
         value_cents, currency, deadline, published_on, innovation, url, notice, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id",
        cluster_id, o.shared, o.source.as_str(), o.source_key.as_str(), o.revision.clone(), kind.as_str(), o.title.to_json(),
        o.summary.to_json(), o.buyer.clone(), o.buyer_country.clone(), o.cpv.join(" "), o.nuts.join(" "), o.value_cents,
        o.currency.clone(), o.deadline.clone(), o.published_on.clone(), o.innovation, o.url.clone(), o.notice.clone(), by, now
    )
    .int(&mut *tx)
    .await?;
    Ok(Stored::Created(id))
}

/// Stores parsed eForms notices, all or nothing, and matches what changed against every
/// profile; returns what became of each notice and how many (profile, notice) pairs matched.
/// Notices are public data: no scope needed beyond the caller's (CLI or staff).
pub async fn import_notices(db: &Db, notices: &[Notice]) -> Result<(Vec<Stored>, usize)> {
    let mut tx = db.begin().await?;
    let mut out = Vec::with_capacity(notices.len());
    for n in notices {
        out.push(store(&mut tx, None, &NewOpportunity::from_notice(n), None).await?);
    }
    tx.commit().await?;
    let changed: Vec<i64> = out.iter().filter(|s| s.changed()).map(|s| s.id()).collect();
    let matched = match_opportunities(db, &changed).await?;
    Ok((out, matched))
}

/// A cluster's own opportunity (staff form or feed import), matched at once.
pub async fn save_own(db: &Db, scope: &Scope, o: &NewOpportunity) -> Result<Stored> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let stored = store(&mut tx, Some(scope.cluster_id()), o, scope.user_id()).await?;
    crate::audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "opportunity",
        stored.id(),
        "save",
        serde_json::json!({"source": o.source, "key": o.source_key, "title": o.title.0, "shared": o.shared}),
    )
    .await?;
    tx.commit().await?;
    if stored.changed() {
        match_opportunities(db, &[stored.id()]).await?;
    }
    Ok(stored)
}

/// Many of a cluster's own opportunities at once (a feed), all or nothing.
pub async fn save_own_many(
    db: &Db,
    scope: &Scope,
    items: &[NewOpportunity],
) -> Result<Vec<Stored>> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let mut out = Vec::with_capacity(items.len());
    for o in items {
        out.push(store(&mut tx, Some(scope.cluster_id()), o, scope.user_id()).await?);
    }
    tx.commit().await?;
    let changed: Vec<i64> = out.iter().filter(|s| s.changed()).map(|s| s.id()).collect();
    match_opportunities(db, &changed).await?;
    Ok(out)
}

/// The visibility rule of the module comment, as SQL on alias `o`.
fn visible(q: &mut Q, scope: &Scope) -> String {
    let c = q.arg(scope.cluster_id());
    format!("(o.cluster_id IS NULL OR o.cluster_id = {c} OR o.shared)")
}

/// Filters of the opportunities list.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    pub q: String,
    pub kind: String,
    /// "eforms", "cluster" (this cluster's own), "shared" (other clusters')
    pub origin: String,
    /// Only those whose deadline has not passed.
    pub open: bool,
    pub page: u32,
}

pub const PAGE: i64 = 50;

/// Opportunities this scope may see, newest first, a page at a time; also the total.
pub async fn list(db: &Db, scope: &Scope, f: &Filter) -> Result<(Vec<Opportunity>, i64)> {
    scope.require(scope.is_insider())?;
    let mut q = Q::new("");
    let mut wh = format!(" WHERE {}", visible(&mut q, scope));
    if let Some(k) = clusterhub_core::parse::optional(Some(&f.kind)) {
        let Some(k) = OpportunityKind::parse(k) else {
            return Err(Error::Validation(vec![
                FieldError::new("kind", "unknown_kind").detail(k),
            ]));
        };
        wh += &format!(" AND o.kind = {}", q.arg(k.as_str()));
    }
    match f.origin.as_str() {
        "" => {}
        "eforms" => wh += " AND o.cluster_id IS NULL",
        "cluster" => wh += &format!(" AND o.cluster_id = {}", q.arg(scope.cluster_id())),
        "shared" => {
            wh += &format!(
                " AND o.cluster_id <> {} AND o.shared",
                q.arg(scope.cluster_id())
            )
        }
        other => {
            return Err(Error::Validation(vec![
                FieldError::new("origin", "unknown_origin").detail(other),
            ]));
        }
    }
    if f.open {
        wh += &format!(
            " AND (o.deadline IS NULL OR o.deadline >= {})",
            q.arg(crate::now())
        );
    }
    if let Some(text) = clusterhub_core::parse::optional(Some(&f.q)) {
        // Titles, buyers and codes; case-insensitive on both backends through lower().
        let like = format!("%{}%", text.to_lowercase());
        let p = q.arg(like);
        wh += &format!(
            " AND (lower(o.title) LIKE {p} OR lower(COALESCE(o.buyer, '')) LIKE {p} OR o.cpv LIKE {p})"
        );
    }
    let count_q = Q {
        sql: format!("SELECT COUNT(*) FROM opportunities o{wh}"),
        args: q.args.clone(),
    };
    let total = count_q.int(db).await?;
    let off = i64::from(f.page) * PAGE;
    q.sql = format!(
        "SELECT {} FROM opportunities o{wh} ORDER BY COALESCE(o.published_on, substr(o.updated_at, 1, 10)) DESC, o.id DESC LIMIT {PAGE} OFFSET {off}",
        prefixed("o")
    );
    let rows: Vec<Row> = q.all(db).await?;
    Ok((rows.into_iter().map(Opportunity::from).collect(), total))
}

/// One opportunity, if this scope may see it, with its parsed notice when it is one.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<(Opportunity, Option<Notice>)> {
    scope.require(scope.is_insider())?;
    let mut q = Q::new("");
    let vis = visible(&mut q, scope);
    let p = q.arg(id);
    q.sql = format!(
        "SELECT {}, o.notice FROM opportunities o WHERE o.id = {p} AND {vis}",
        prefixed("o")
    );
    #[derive(sqlx::FromRow)]
    struct WithNotice {
        #[sqlx(flatten)]
        row: Row,
        notice: Option<String>,
    }
    let r: WithNotice = q.one(db).await?;
    let notice = r
        .notice
        .as_deref()
        .and_then(|n| serde_json::from_str(n).ok());
    Ok((r.row.into(), notice))
}

async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Opportunity>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let mut q = Q::new("");
        let list: Vec<String> = chunk.iter().map(|i| q.arg(*i)).collect();
        q.sql = format!(
            "SELECT {COLS} FROM opportunities WHERE id IN ({})",
            list.join(", ")
        );
        let rows: Vec<Row> = q.all(db).await?;
        out.extend(rows.into_iter().map(Opportunity::from));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Alert profiles

#[derive(Debug, Clone, sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    cluster_id: i64,
    organisation_id: i64,
    name: String,
    cpv: String,
    nuts: String,
    keywords: String,
    min_value: Option<i64>,
    max_value: Option<i64>,
    kinds: String,
    innovation_only: bool,
    updated_at: String,
}

const PROFILE_COLS: &str = "id, cluster_id, organisation_id, name, cpv, nuts, keywords, min_value, max_value, kinds, innovation_only, updated_at";

#[derive(Debug, Clone, Serialize)]
pub struct StoredProfile {
    pub id: i64,
    pub cluster_id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub profile: AlertProfile,
    pub updated_at: String,
}

impl From<ProfileRow> for StoredProfile {
    fn from(r: ProfileRow) -> Self {
        StoredProfile {
            id: r.id,
            cluster_id: r.cluster_id,
            organisation_id: r.organisation_id,
            name: r.name,
            profile: AlertProfile {
                id: r.id,
                cpv: words(&r.cpv),
                nuts: words(&r.nuts),
                keywords: serde_json::from_str(&r.keywords).unwrap_or_default(),
                min_value: r.min_value,
                max_value: r.max_value,
                kinds: r
                    .kinds
                    .split_whitespace()
                    .filter_map(OpportunityKind::parse)
                    .collect(),
                innovation_only: r.innovation_only,
            },
            updated_at: r.updated_at,
        }
    }
}

/// Staff of the cluster, or a user of the organisation itself.
fn may_watch_for(scope: &Scope, organisation_id: i64) -> Result<()> {
    scope.require(scope.can_manage() || scope.own_organisation() == Some(organisation_id))
}

/// The organisation must be a member of the scope's cluster.
async fn require_member(
    ex: impl Into<crate::Ex<'_>>,
    scope: &Scope,
    organisation_id: i64,
) -> Result<()> {
    let n = q!(
        "SELECT COUNT(*) FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        organisation_id
    )
    .int(ex)
    .await?;
    if n == 0 { Err(Error::NotFound) } else { Ok(()) }
}

/// A member's alert profiles in this cluster.
pub async fn profiles(db: &Db, scope: &Scope, organisation_id: i64) -> Result<Vec<StoredProfile>> {
    may_watch_for(scope, organisation_id)?;
    let rows: Vec<ProfileRow> = q!(
        format!("SELECT {PROFILE_COLS} FROM alert_profiles WHERE cluster_id = $1 AND organisation_id = $2 AND archived_at IS NULL ORDER BY id"),
        scope.cluster_id(),
        organisation_id
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(StoredProfile::from).collect())
}

pub async fn profile(db: &Db, scope: &Scope, id: i64) -> Result<StoredProfile> {
    let r: ProfileRow = q!(
        format!("SELECT {PROFILE_COLS} FROM alert_profiles WHERE id = $1 AND cluster_id = $2 AND archived_at IS NULL"),
        id,
        scope.cluster_id()
    )
    .one(db)
    .await?;
    // Someone else's profile reads as absent, not forbidden: its existence is private too.
    if !(scope.can_manage() || scope.own_organisation() == Some(r.organisation_id)) {
        return Err(if scope.user_id().is_none() {
            Error::Unauthorized
        } else {
            Error::NotFound
        });
    }
    Ok(r.into())
}

/// Creates (`id` None) or replaces a profile, then matches it against the open opportunities
/// so the member sees what it catches at once.
pub async fn save_profile(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    id: Option<i64>,
    input: &AlertInput,
) -> Result<i64> {
    may_watch_for(scope, organisation_id)?;
    let mut tx = db.begin().await?;
    require_member(&mut tx, scope, organisation_id).await?;
    let p = &input.profile;
    let kinds: Vec<&str> = p.kinds.iter().map(|k| k.as_str()).collect();
    let keywords =
        serde_json::to_string(&p.keywords).map_err(|e| Error::Internal(e.to_string()))?;
    let now = crate::now();
    let id = match id {
        Some(id) => {
            let n = q!(
                "UPDATE alert_profiles SET name = $1, cpv = $2, nuts = $3, keywords = $4, min_value = $5, max_value = $6, kinds = $7, innovation_only = $8, updated_at = $9
                 WHERE id = $10 AND cluster_id = $11 AND organisation_id = $12 AND archived_at IS NULL",
                input.name.as_str(), p.cpv.join(" "), p.nuts.join(" "), keywords, p.min_value, p.max_value, kinds.join(" "),
                p.innovation_only, now, id, scope.cluster_id(), organisation_id
            )
            .run(&mut tx)
            .await?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            id
        }
        None => {
            q!(
                "INSERT INTO alert_profiles (cluster_id, organisation_id, name, cpv, nuts, keywords, min_value, max_value, kinds, innovation_only, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                scope.cluster_id(), organisation_id, input.name.as_str(), p.cpv.join(" "), p.nuts.join(" "), keywords,
                p.min_value, p.max_value, kinds.join(" "), p.innovation_only, now
            )
            .int(&mut tx)
            .await?
        }
    };
    crate::audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "alert_profile",
        id,
        "save",
        serde_json::json!({"organisation": organisation_id, "name": input.name, "profile": p}),
    )
    .await?;
    tx.commit().await?;
    rematch_profile(db, id).await?;
    Ok(id)
}

/// Archives a profile: it stops matching; its matches and the feedback on them stay.
pub async fn archive_profile(db: &Db, scope: &Scope, id: i64) -> Result<()> {
    let p = profile(db, scope, id).await?;
    let mut tx = db.begin().await?;
    q!(
        "UPDATE alert_profiles SET archived_at = $1 WHERE id = $2",
        crate::now(),
        id
    )
    .run(&mut tx)
    .await?;
    // Unread matches of a removed profile would only be noise in the feed.
    q!("DELETE FROM matches WHERE profile_id = $1 AND state = 'new' AND id NOT IN (SELECT match_id FROM match_shares) AND id NOT IN (SELECT match_id FROM match_feedback)", id)
        .run(&mut tx)
        .await?;
    crate::audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "alert_profile",
        id,
        "archive",
        serde_json::json!({"organisation": p.organisation_id, "name": p.name}),
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Matching

/// Every active profile with its owner, for the matching engine.
async fn active_profiles(db: &Db, only: Option<i64>) -> Result<Vec<StoredProfile>> {
    let rows: Vec<ProfileRow> = match only {
        Some(id) => q!(
            format!(
                "SELECT {PROFILE_COLS} FROM alert_profiles WHERE id = $1 AND archived_at IS NULL"
            ),
            id
        ),
        None => q!(format!(
            "SELECT {PROFILE_COLS} FROM alert_profiles WHERE archived_at IS NULL"
        )),
    }
    .all(db)
    .await?;
    Ok(rows.into_iter().map(StoredProfile::from).collect())
}

/// A cluster's private opportunity matches only its own members' profiles until it is shared.
fn may_match(o: &Opportunity, p: &StoredProfile) -> bool {
    match o.cluster_id {
        None => true,
        Some(c) => c == p.cluster_id || o.shared,
    }
}

async fn store_matches(db: &Db, found: &[(i64, &StoredProfile, Match)]) -> Result<usize> {
    let mut tx = db.begin().await?;
    let now = crate::now();
    for (opportunity, p, m) in found {
        let reasons =
            serde_json::to_string(&m.reasons).map_err(|e| Error::Internal(e.to_string()))?;
        q!(
            "INSERT INTO matches (cluster_id, organisation_id, profile_id, opportunity_id, score, reasons, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'new', $7)
             ON CONFLICT (profile_id, opportunity_id) DO UPDATE SET score = excluded.score, reasons = excluded.reasons",
            p.cluster_id, p.organisation_id, p.id, *opportunity, i64::from(m.score), reasons, now.as_str()
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(found.len())
}

/// Matches these opportunities against every active profile at once (one reverse index over
/// the profiles) and stores the matches. Returns how many (profile, opportunity) pairs matched.
pub async fn match_opportunities(db: &Db, ids: &[i64]) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let profiles = active_profiles(db, None).await?;
    if profiles.is_empty() {
        return Ok(0);
    }
    let by_id: HashMap<i64, &StoredProfile> = profiles.iter().map(|p| (p.id, p)).collect();
    let matcher = Matcher::new(profiles.iter().map(|p| p.profile.clone()).collect());
    let mut found = Vec::new();
    for o in by_ids(db, ids).await? {
        for m in matcher.matches(&o.target()) {
            if let Some(p) = by_id.get(&m.profile).filter(|p| may_match(&o, p)) {
                found.push((o.id, *p, m));
            }
        }
    }
    store_matches(db, &found).await
}

/// How far back a new or changed profile looks for opportunities without a deadline.
const REMATCH_DAYS: i64 = 180;

/// Matches one profile against the opportunities still open (deadline ahead, or none and
/// recent), and drops its unread matches that no longer hold.
pub async fn rematch_profile(db: &Db, profile_id: i64) -> Result<usize> {
    let Some(p) = active_profiles(db, Some(profile_id))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(0);
    };
    let since = clusterhub_core::parse::iso_date(
        time::OffsetDateTime::now_utc().date() - time::Duration::days(REMATCH_DAYS),
    );
    let rows: Vec<Row> = q!(
        format!("SELECT {COLS} FROM opportunities WHERE (deadline IS NOT NULL AND deadline >= $1) OR (deadline IS NULL AND updated_at >= $2)"),
        crate::now(),
        since
    )
    .all(db)
    .await?;
    let matcher = Matcher::new(vec![p.profile.clone()]);
    let mut found = Vec::new();
    let mut hit = Vec::new();
    for o in rows.into_iter().map(Opportunity::from) {
        if !may_match(&o, &p) {
            continue;
        }
        if let Some(m) = matcher.matches(&o.target()).into_iter().next() {
            hit.push(o.id);
            found.push((o.id, &p, m));
        }
    }
    let mut q = Q::new("");
    let pid = q.arg(profile_id);
    let keep = if hit.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = hit.iter().map(|i| q.arg(*i)).collect();
        format!(" AND opportunity_id NOT IN ({})", list.join(", "))
    };
    q.sql = format!(
        "DELETE FROM matches WHERE profile_id = {pid} AND state = 'new'{keep} AND id NOT IN (SELECT match_id FROM match_shares) AND id NOT IN (SELECT match_id FROM match_feedback)"
    );
    q.run(db).await?;
    store_matches(db, &found).await
}

// ---------------------------------------------------------------------------------------------
// The member's feed

/// What a member does with a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchState {
    New,
    Saved,
    Dismissed,
}

impl MatchState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Saved => "saved",
            Self::Dismissed => "dismissed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::New, Self::Saved, Self::Dismissed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// One opportunity in a member's feed: the best score over its profiles and every reason.
#[derive(Debug, Clone, Serialize)]
pub struct FeedItem {
    pub opportunity: Opportunity,
    pub score: u32,
    pub reasons: Vec<Reason>,
    pub profiles: Vec<String>,
    pub state: MatchState,
    pub matched_at: String,
    /// Colleagues who passed it on to the reader, with their note.
    pub shared_by: Vec<(String, String)>,
}

/// Per opportunity: best score, reasons, profile names, state, latest match time.
type Group = (u32, Vec<Reason>, Vec<String>, MatchState, String);

#[derive(sqlx::FromRow)]
struct MatchRow {
    opportunity_id: i64,
    score: i64,
    reasons: String,
    state: String,
    created_at: String,
    profile_name: String,
}

/// Filter of the feed: "new" and "saved" (the default shows both), "dismissed", "all",
/// "shared" (passed on to me).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct FeedFilter {
    pub state: String,
    /// Only matches created after this instant (RFC 3339), for bulletins and feeds.
    #[serde(skip)]
    pub since: Option<String>,
    #[serde(skip)]
    pub limit: Option<usize>,
}

/// A member's matches in this cluster, grouped by opportunity, best first (then newest).
pub async fn feed(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    f: &FeedFilter,
) -> Result<Vec<FeedItem>> {
    may_watch_for(scope, organisation_id)?;
    feed_of(db, scope.cluster_id(), organisation_id, scope.user_id(), f).await
}

/// [`feed`] without the permission check, for the bulletin job and the token feeds, which
/// have already established whose feed it is.
pub async fn feed_of(
    db: &Db,
    cluster_id: i64,
    organisation_id: i64,
    reader: Option<i64>,
    f: &FeedFilter,
) -> Result<Vec<FeedItem>> {
    let mut q = Q::new("");
    let c = q.arg(cluster_id);
    let o = q.arg(organisation_id);
    let mut wh = format!(" WHERE m.cluster_id = {c} AND m.organisation_id = {o}");
    if let Some(since) = &f.since {
        wh += &format!(" AND m.created_at > {}", q.arg(since.as_str()));
    }
    q.sql = format!(
        "SELECT m.opportunity_id, CAST(m.score AS BIGINT) AS score, m.reasons, m.state, m.created_at, p.name AS profile_name
         FROM matches m JOIN alert_profiles p ON p.id = m.profile_id{wh} ORDER BY m.id"
    );
    let rows: Vec<MatchRow> = q.all(db).await?;
    let mut shared: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    if let Some(me) = reader {
        let s: Vec<(i64, String, String)> = q!(
            "SELECT m.opportunity_id, u.name, s.note FROM match_shares s JOIN matches m ON m.id = s.match_id JOIN users u ON u.id = s.from_user
             WHERE s.to_user = $1 AND m.cluster_id = $2 AND m.organisation_id = $3 ORDER BY s.id",
            me, cluster_id, organisation_id
        )
        .all(db)
        .await?;
        for (opp, from, note) in s {
            shared.entry(opp).or_default().push((from, note));
        }
    }
    // Group per opportunity: best score, union of reasons, "strongest" state (saved beats new
    // beats dismissed, so saving under one profile keeps it).
    let mut groups: BTreeMap<i64, Group> = BTreeMap::new();
    for r in rows {
        let reasons: Vec<Reason> = serde_json::from_str(&r.reasons).unwrap_or_default();
        let state = MatchState::parse(&r.state).unwrap_or(MatchState::New);
        let g = groups.entry(r.opportunity_id).or_insert((
            0,
            Vec::new(),
            Vec::new(),
            MatchState::Dismissed,
            r.created_at.clone(),
        ));
        g.0 = g.0.max(u32::try_from(r.score).unwrap_or(0));
        for x in reasons {
            if !g.1.contains(&x) {
                g.1.push(x);
            }
        }
        if !g.2.contains(&r.profile_name) {
            g.2.push(r.profile_name);
        }
        g.3 = match (g.3, state) {
            (MatchState::Saved, _) | (_, MatchState::Saved) => MatchState::Saved,
            (MatchState::New, _) | (_, MatchState::New) => MatchState::New,
            _ => MatchState::Dismissed,
        };
        if r.created_at > g.4 {
            g.4 = r.created_at;
        }
    }
    let wanted = |s: MatchState, opp: i64| match f.state.as_str() {
        "" | "active" => s != MatchState::Dismissed,
        "all" => true,
        "shared" => shared.contains_key(&opp),
        other => MatchState::parse(other) == Some(s),
    };
    let ids: Vec<i64> = groups
        .iter()
        .filter(|(id, g)| wanted(g.3, **id))
        .map(|(id, _)| *id)
        .collect();
    let opps: HashMap<i64, Opportunity> = by_ids(db, &ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut items: Vec<FeedItem> = ids
        .into_iter()
        .filter_map(|id| {
            let (score, reasons, profiles, state, at) = groups.remove(&id)?;
            Some(FeedItem {
                opportunity: opps.get(&id)?.clone(),
                score,
                reasons,
                profiles,
                state,
                matched_at: at,
                shared_by: shared.remove(&id).unwrap_or_default(),
            })
        })
        .collect();
    items.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.matched_at.cmp(&a.matched_at))
            .then(b.opportunity.id.cmp(&a.opportunity.id))
    });
    if let Some(n) = f.limit {
        items.truncate(n);
    }
    Ok(items)
}

async fn match_ids(
    tx: &mut Tx,
    scope: &Scope,
    organisation_id: i64,
    opportunity_id: i64,
) -> Result<Vec<i64>> {
    let ids: Vec<(i64,)> = q!(
        "SELECT id FROM matches WHERE cluster_id = $1 AND organisation_id = $2 AND opportunity_id = $3",
        scope.cluster_id(),
        organisation_id,
        opportunity_id
    )
    .all(&mut *tx)
    .await?;
    if ids.is_empty() {
        return Err(Error::NotFound);
    }
    Ok(ids.into_iter().map(|(i,)| i).collect())
}

/// Save, dismiss or restore an opportunity in a member's feed. Dismissing records a verdict
/// ("not_relevant", or "expired", "not_for_us"…) with an optional note, kept for tuning.
pub async fn set_state(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    opportunity_id: i64,
    state: MatchState,
    verdict: Option<&str>,
    note: &str,
) -> Result<()> {
    may_watch_for(scope, organisation_id)?;
    let user = scope.user_id().ok_or(Error::Unauthorized)?;
    let mut tx = db.begin().await?;
    let ids = match_ids(&mut tx, scope, organisation_id, opportunity_id).await?;
    let now = crate::now();
    for id in &ids {
        q!(
            "UPDATE matches SET state = $1, state_by = $2, state_at = $3 WHERE id = $4",
            state.as_str(),
            user,
            now.as_str(),
            *id
        )
        .run(&mut tx)
        .await?;
    }
    if let Some(v) = verdict.filter(|_| state == MatchState::Dismissed) {
        q!(
            "INSERT INTO match_feedback (match_id, user_id, verdict, note, created_at) VALUES ($1, $2, $3, $4, $5)",
            ids[0], user, v, note.trim(), now
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await
}

/// A colleague of the same organisation (a user with a role in this cluster for it).
pub async fn colleagues(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
) -> Result<Vec<(i64, String)>> {
    may_watch_for(scope, organisation_id)?;
    let rows: Vec<(i64, String)> = q!(
        "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.cluster_id = $1 AND r.organisation_id = $2 ORDER BY u.name",
        scope.cluster_id(),
        organisation_id
    )
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(id, _)| Some(*id) != scope.user_id())
        .collect())
}

/// Passes a match to a colleague of the same organisation; returns the colleague's e-mail.
pub async fn share(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    opportunity_id: i64,
    to_user: i64,
    note: &str,
) -> Result<String> {
    may_watch_for(scope, organisation_id)?;
    let user = scope.user_id().ok_or(Error::Unauthorized)?;
    let mut tx = db.begin().await?;
    let ids = match_ids(&mut tx, scope, organisation_id, opportunity_id).await?;
    let to: Option<(String,)> = q!(
        "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.id = $1 AND r.cluster_id = $2 AND r.organisation_id = $3",
        to_user,
        scope.cluster_id(),
        organisation_id
    )
    .optional(&mut tx)
    .await?;
    let Some((email,)) = to else {
        return Err(Error::Validation(vec![
            FieldError::new("to", "not_a_colleague").detail(to_user.to_string()),
        ]));
    };
    q!(
        "INSERT INTO match_shares (match_id, from_user, to_user, note, created_at) VALUES ($1, $2, $3, $4, $5)",
        ids[0], user, to_user, note.trim(), crate::now()
    )
    .run(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(email)
}

/// How many members have a profile and how many matches the cluster's watch produced, for the
/// staff overview: (organisations with a profile, profiles, matches, dismissed as not relevant).
pub async fn overview(db: &Db, scope: &Scope) -> Result<(i64, i64, i64, i64)> {
    scope.require(scope.can_manage())?;
    let c = scope.cluster_id();
    let orgs = q!("SELECT COUNT(DISTINCT organisation_id) FROM alert_profiles WHERE cluster_id = $1 AND archived_at IS NULL", c).int(db).await?;
    let profiles = q!(
        "SELECT COUNT(*) FROM alert_profiles WHERE cluster_id = $1 AND archived_at IS NULL",
        c
    )
    .int(db)
    .await?;
    let matches = q!("SELECT COUNT(*) FROM matches WHERE cluster_id = $1", c)
        .int(db)
        .await?;
    let dismissed = q!("SELECT COUNT(*) FROM match_feedback f JOIN matches m ON m.id = f.match_id WHERE m.cluster_id = $1", c).int(db).await?;
    Ok((orgs, profiles, matches, dismissed))
}

/// A first profile for a member, from its subsectors, capability and product tags and place.
pub async fn propose(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    name: &str,
) -> Result<clusterhub_watch::alert::AlertForm> {
    may_watch_for(scope, organisation_id)?;
    let (o, subsectors, p) = crate::resources::member_record(db, scope, organisation_id).await?;
    let tags: Vec<String> = p
        .capability_tags
        .iter()
        .chain(&p.technologies)
        .cloned()
        .collect();
    let place = o.territory.or(o.country);
    Ok(clusterhub_watch::proposal::propose(
        name,
        &subsectors,
        &tags,
        place.as_deref(),
    ))
}
