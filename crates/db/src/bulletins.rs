//! The surveillance bulletin: who receives it and how often, the staff's curated bulletins, and
//! the delivery ledger that makes sending idempotent.
//!
//! A run is planned in one transaction (one `pending` row per recipient, keyed by run and user),
//! then each row is claimed (`sending`, committed) before its SMTP call and marked `sent` after.
//! Running the same run again finds the rows already planned and sends only those still
//! `pending`: a crash mid-run sends no duplicates (a message caught between its send and its
//! mark stays `sending` and is reported, not resent).

use crate::{Db, Result, q};
use clusterhub_core::access::Scope;
use clusterhub_core::{Error, FieldError};
use serde::{Deserialize, Serialize};

/// How often a member user gets the digest of new matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Daily,
    Off,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Self::Weekly, Self::Daily, Self::Off];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Weekly => "weekly",
            Self::Daily => "daily",
            Self::Off => "off",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub user_id: i64,
    pub cluster_id: i64,
    pub frequency: Frequency,
    /// Signs the unsubscribe link and the feed URLs.
    pub token: String,
}

fn new_token() -> Result<String> {
    let mut b = [0u8; 24];
    getrandom::fill(&mut b).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// A user's subscription in a cluster, created weekly on first use.
pub async fn subscription(db: &Db, user_id: i64, cluster_id: i64) -> Result<Subscription> {
    let row: Option<(String, String)> = q!(
        "SELECT frequency, token FROM watch_subscriptions WHERE user_id = $1 AND cluster_id = $2",
        user_id,
        cluster_id
    )
    .optional(db)
    .await?;
    let (frequency, token) = match row {
        Some(r) => r,
        None => {
            let token = new_token()?;
            q!(
                "INSERT INTO watch_subscriptions (user_id, cluster_id, frequency, token, updated_at) VALUES ($1, $2, 'weekly', $3, $4)
                 ON CONFLICT (user_id, cluster_id) DO NOTHING",
                user_id, cluster_id, token.as_str(), crate::now()
            )
            .run(db)
            .await?;
            return Box::pin(subscription(db, user_id, cluster_id)).await;
        }
    };
    Ok(Subscription {
        user_id,
        cluster_id,
        frequency: Frequency::parse(&frequency).unwrap_or(Frequency::Weekly),
        token,
    })
}

/// The reader's own subscription in the scope's cluster.
pub async fn set_frequency(db: &Db, scope: &Scope, f: Frequency) -> Result<()> {
    let user = scope.user_id().ok_or(Error::Unauthorized)?;
    subscription(db, user, scope.cluster_id()).await?;
    q!(
        "UPDATE watch_subscriptions SET frequency = $1, updated_at = $2 WHERE user_id = $3 AND cluster_id = $4",
        f.as_str(),
        crate::now(),
        user,
        scope.cluster_id()
    )
    .run(db)
    .await?;
    Ok(())
}

/// Who a feed or unsubscribe token belongs to: (user, cluster, organisation the user acts for).
pub async fn by_token(db: &Db, token: &str) -> Result<(Subscription, Option<i64>)> {
    let r: (i64, i64, String, Option<i64>) = q!(
        "SELECT s.user_id, s.cluster_id, s.frequency, r.organisation_id FROM watch_subscriptions s
         LEFT JOIN user_roles r ON r.user_id = s.user_id AND r.cluster_id = s.cluster_id AND r.role = 'member'
         WHERE s.token = $1",
        token
    )
    .one(db)
    .await?;
    Ok((
        Subscription {
            user_id: r.0,
            cluster_id: r.1,
            frequency: Frequency::parse(&r.2).unwrap_or(Frequency::Weekly),
            token: token.to_string(),
        },
        r.3,
    ))
}

/// One-click unsubscribe (RFC 8058): the token is the proof.
pub async fn unsubscribe(db: &Db, token: &str) -> Result<Subscription> {
    let (s, _) = by_token(db, token).await?;
    q!(
        "UPDATE watch_subscriptions SET frequency = 'off', updated_at = $1 WHERE token = $2",
        crate::now(),
        token
    )
    .run(db)
    .await?;
    Ok(Subscription {
        frequency: Frequency::Off,
        ..s
    })
}

/// A member user a digest may go to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub cluster_id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
}

/// Member users (with an organisation) of every cluster, or of one, whose subscription has
/// this frequency; users without a subscription row count as weekly.
pub async fn recipients(db: &Db, cluster_id: Option<i64>, f: Frequency) -> Result<Vec<Recipient>> {
    let rows: Vec<Recipient> = q!(
        "SELECT u.id AS user_id, r.cluster_id, r.organisation_id, u.email, u.name, u.locale
         FROM user_roles r JOIN users u ON u.id = r.user_id
         LEFT JOIN watch_subscriptions s ON s.user_id = r.user_id AND s.cluster_id = r.cluster_id
         WHERE r.role = 'member' AND r.organisation_id IS NOT NULL AND COALESCE(s.frequency, 'weekly') = $1
           AND ($2 = 0 OR r.cluster_id = $2)
         ORDER BY r.cluster_id, u.id",
        f.as_str(),
        cluster_id.unwrap_or(0)
    )
    .all(db)
    .await?;
    Ok(rows)
}

/// One member user of a cluster, whatever their frequency (a planned delivery names them).
pub async fn recipient(db: &Db, user_id: i64, cluster_id: i64) -> Result<Option<Recipient>> {
    q!(
        "SELECT u.id AS user_id, r.cluster_id, r.organisation_id, u.email, u.name, u.locale
         FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE r.role = 'member' AND r.organisation_id IS NOT NULL AND r.user_id = $1 AND r.cluster_id = $2",
        user_id,
        cluster_id
    )
    .optional(db)
    .await
}

/// When this user's last digest in this cluster was planned (RFC 3339), if one went out: it
/// carried the matches up to then, so the next one starts there (not when it was sent, which
/// would skip what matched while the run was going out).
pub async fn last_sent(db: &Db, user_id: i64, cluster_id: i64) -> Result<Option<String>> {
    let r: Option<(Option<String>,)> = q!(
        "SELECT MAX(created_at) FROM bulletin_deliveries WHERE user_id = $1 AND cluster_id = $2 AND run_key LIKE 'digest:%' AND status = 'sent'",
        user_id,
        cluster_id
    )
    .optional(db)
    .await?;
    Ok(r.and_then(|r| r.0))
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Delivery {
    pub id: i64,
    pub run_key: String,
    pub cluster_id: i64,
    pub user_id: i64,
    pub organisation_id: Option<i64>,
    pub matches: String,
    pub status: String,
}

/// A delivery to plan: who, for which organisation, carrying which opportunities.
pub struct Planned {
    pub cluster_id: i64,
    pub user_id: i64,
    pub organisation_id: Option<i64>,
    pub opportunities: Vec<i64>,
}

/// Plans a run in one transaction. Rows already planned for this run stay as they are.
pub async fn plan(db: &Db, run_key: &str, planned: &[Planned]) -> Result<()> {
    let mut tx = db.begin().await?;
    let now = crate::now();
    for p in planned {
        let ids =
            serde_json::to_string(&p.opportunities).map_err(|e| Error::Internal(e.to_string()))?;
        q!(
            "INSERT INTO bulletin_deliveries (run_key, cluster_id, user_id, organisation_id, matches, status, created_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (run_key, cluster_id, user_id) DO NOTHING",
            run_key, p.cluster_id, p.user_id, p.organisation_id, ids, now.as_str()
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await
}

/// Whether a run has been planned already.
pub async fn planned(db: &Db, run_key: &str) -> Result<bool> {
    Ok(q!(
        "SELECT COUNT(*) FROM bulletin_deliveries WHERE run_key = $1",
        run_key
    )
    .int(db)
    .await?
        > 0)
}

pub async fn pending(db: &Db, run_key: &str) -> Result<Vec<Delivery>> {
    q!(
        "SELECT id, run_key, cluster_id, user_id, organisation_id, matches, status FROM bulletin_deliveries WHERE run_key = $1 AND status = 'pending' ORDER BY id",
        run_key
    )
    .all(db)
    .await
}

/// Every delivery of a run, for reports and tests.
pub async fn deliveries(db: &Db, run_key: &str) -> Result<Vec<Delivery>> {
    q!(
        "SELECT id, run_key, cluster_id, user_id, organisation_id, matches, status FROM bulletin_deliveries WHERE run_key = $1 ORDER BY id",
        run_key
    )
    .all(db)
    .await
}

/// Takes a pending delivery for sending; false when another worker (or an earlier attempt)
/// has it already.
pub async fn claim(db: &Db, id: i64) -> Result<bool> {
    Ok(q!(
        "UPDATE bulletin_deliveries SET status = 'sending' WHERE id = $1 AND status = 'pending'",
        id
    )
    .run(db)
    .await?
        == 1)
}

pub async fn mark(db: &Db, id: i64, ok: bool, error: Option<&str>) -> Result<()> {
    q!(
        "UPDATE bulletin_deliveries SET status = $1, error = $2, sent_at = $3 WHERE id = $4",
        if ok { "sent" } else { "failed" },
        error,
        crate::now(),
        id
    )
    .run(db)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Curated bulletins

/// An editorial item of a curated bulletin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bulletin {
    pub id: i64,
    pub cluster_id: i64,
    pub title: String,
    pub intro: String,
    pub items: Vec<Item>,
    pub status: String,
    pub created_at: String,
    pub sent_at: Option<String>,
}

type BulletinRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn bulletin(r: BulletinRow) -> Bulletin {
    Bulletin {
        id: r.0,
        cluster_id: r.1,
        title: r.2,
        intro: r.3,
        items: serde_json::from_str(&r.4).unwrap_or_default(),
        status: r.5,
        created_at: r.6,
        sent_at: r.7,
    }
}

const BULLETIN_COLS: &str = "id, cluster_id, title, intro, items, status, created_at, sent_at";

/// A draft as typed: title, intro, and items as blocks "title\nbody\nurl" separated by blank
/// lines.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BulletinForm {
    pub title: String,
    pub intro: String,
    pub items: String,
}

impl BulletinForm {
    pub fn parse(&self) -> std::result::Result<(String, String, Vec<Item>), Vec<FieldError>> {
        let mut errs = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            errs.push(FieldError::new("title", "required"));
        }
        let mut items = Vec::new();
        for (n, block) in self.items.replace("\r\n", "\n").split("\n\n").enumerate() {
            let lines: Vec<&str> = block
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let Some((first, rest)) = lines.split_first() else {
                continue;
            };
            let (url, body): (Vec<&str>, Vec<&str>) = rest
                .iter()
                .partition(|l| l.starts_with("http://") || l.starts_with("https://"));
            if url.len() > 1 {
                errs.push(
                    FieldError::new("items", "one_link_per_item").detail(format!("{}", n + 1)),
                );
            }
            items.push(Item {
                title: first.to_string(),
                body: body.join(" "),
                url: url.first().map(|u| u.to_string()).unwrap_or_default(),
            });
        }
        if errs.is_empty() {
            Ok((title.to_string(), self.intro.trim().to_string(), items))
        } else {
            Err(errs)
        }
    }

    pub fn of(b: &Bulletin) -> Self {
        BulletinForm {
            title: b.title.clone(),
            intro: b.intro.clone(),
            items: b
                .items
                .iter()
                .map(|i| {
                    [i.title.as_str(), i.body.as_str(), i.url.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect::<Vec<_>>()
                .join("\n\n"),
        }
    }
}

pub async fn bulletins(db: &Db, scope: &Scope) -> Result<Vec<Bulletin>> {
    scope.require(scope.can_manage())?;
    let rows: Vec<BulletinRow> = q!(
        format!("SELECT {BULLETIN_COLS} FROM bulletins WHERE cluster_id = $1 ORDER BY id DESC"),
        scope.cluster_id()
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(bulletin).collect())
}

pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Bulletin> {
    scope.require(scope.can_manage())?;
    let r: BulletinRow = q!(
        format!("SELECT {BULLETIN_COLS} FROM bulletins WHERE id = $1 AND cluster_id = $2"),
        id,
        scope.cluster_id()
    )
    .one(db)
    .await?;
    Ok(bulletin(r))
}

/// Creates (`id` None) or changes a draft.
pub async fn save(db: &Db, scope: &Scope, id: Option<i64>, f: &BulletinForm) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let (title, intro, items) = f.parse().map_err(Error::Validation)?;
    let items = serde_json::to_string(&items).map_err(|e| Error::Internal(e.to_string()))?;
    match id {
        Some(id) => {
            let b = get(db, scope, id).await?;
            if b.status != "draft" {
                return Err(Error::Conflict("bulletin_sent".into()));
            }
            q!("UPDATE bulletins SET title = $1, intro = $2, items = $3 WHERE id = $4", title, intro, items, id)
                .run(db)
                .await?;
            Ok(id)
        }
        None => {
            q!(
                "INSERT INTO bulletins (cluster_id, title, intro, items, status, created_by, created_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6) RETURNING id",
                scope.cluster_id(), title, intro, items, scope.user_id(), crate::now()
            )
            .int(db)
            .await
        }
    }
}

pub async fn mark_bulletin_sent(db: &Db, id: i64) -> Result<()> {
    q!(
        "UPDATE bulletins SET status = 'sent', sent_at = $1 WHERE id = $2",
        crate::now(),
        id
    )
    .run(db)
    .await?;
    Ok(())
}

/// A segment's code and its best (opportunity, best score, members reached).
pub type Segment = (String, Vec<(i64, i64, i64)>);

/// The best recent opportunities per segment (subsector) of the cluster's members: for each
/// subsector, the opportunities matched to its members in the last `days`, by best score and
/// then by how many members they reach.
pub async fn best_by_segment(
    db: &Db,
    scope: &Scope,
    days: i64,
    per_segment: usize,
) -> Result<Vec<Segment>> {
    scope.require(scope.can_manage())?;
    let since = clusterhub_core::parse::iso_date(
        time::OffsetDateTime::now_utc().date() - time::Duration::days(days),
    );
    let rows: Vec<(String, i64, i64, i64)> = q!(
        "SELECT sub.code, m.opportunity_id, CAST(MAX(m.score) AS BIGINT), COUNT(DISTINCT m.organisation_id)
         FROM matches m
         JOIN memberships ms ON ms.cluster_id = m.cluster_id AND ms.organisation_id = m.organisation_id
         JOIN membership_subsectors s ON s.membership_id = ms.id
         JOIN subsectors sub ON sub.id = s.subsector_id
         WHERE m.cluster_id = $1 AND m.created_at >= $2 AND m.state <> 'dismissed'
         GROUP BY sub.code, m.opportunity_id
         ORDER BY sub.code, MAX(m.score) DESC, COUNT(DISTINCT m.organisation_id) DESC, m.opportunity_id",
        scope.cluster_id(),
        since
    )
    .all(db)
    .await?;
    let mut out: Vec<Segment> = Vec::new();
    for (seg, opp, score, orgs) in rows {
        match out.last_mut() {
            Some((s, v)) if *s == seg => {
                if v.len() < per_segment {
                    v.push((opp, score, orgs));
                }
            }
            _ => out.push((seg, vec![(opp, score, orgs)])),
        }
    }
    Ok(out)
}

/// The vigilance activity already recorded for a run (its title names the run).
pub async fn activity_for_run(db: &Db, cluster_id: i64, title: &str) -> Result<Option<i64>> {
    let r: Option<(i64,)> = q!(
        "SELECT id FROM activities WHERE cluster_id = $1 AND kind = 'bulletin' AND subtype = 'vigilance' AND title = $2",
        cluster_id,
        title
    )
    .optional(db)
    .await?;
    Ok(r.map(|r| r.0))
}
