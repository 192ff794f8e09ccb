//! Resource maps: what the cluster curates (funding, notified bodies, service providers,
//! training, technology capabilities, living labs, biobanks), what members suggest, and which of
//! them fit one member (`for_you`).
//!
//! Anyone sees the published resources of a cluster (they are its public map); staff also see
//! suggestions and rejected ones; a member sees its own suggestions.

use crate::{Db, Q, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::model::{EntityType, OrgSize};
use clusterhub_core::profile::Profile;
use clusterhub_core::resource::{
    Fit, Kind, MemberFacts, NotifiedBody, Offer, Reason, ResourceInput, Status, score,
};
use clusterhub_core::{Error, FieldError, MultiText, fold};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    code: Option<String>,
    name: String,
    description: String,
    provider: Option<String>,
    url: Option<String>,
    email: Option<String>,
    country: Option<String>,
    fit: String,
    opens_on: Option<String>,
    closes_on: Option<String>,
    status: String,
    suggested_by: Option<i64>,
    suggested_by_organisation: Option<i64>,
    created_at: String,
    updated_at: String,
}

const COLS: &str = "id, kind, code, name, description, provider, url, email, country, fit, opens_on, closes_on, status, suggested_by, suggested_by_organisation, created_at, updated_at";

/// A resource of a cluster's map.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub id: i64,
    pub kind: String,
    pub code: Option<String>,
    pub name: String,
    pub description: MultiText,
    pub provider: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub country: Option<String>,
    pub fit: Fit,
    pub opens_on: Option<String>,
    pub closes_on: Option<String>,
    pub status: String,
    #[serde(skip)]
    pub suggested_by: Option<i64>,
    pub suggested_by_organisation: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Row> for Resource {
    fn from(r: Row) -> Self {
        Resource {
            id: r.id,
            kind: r.kind,
            code: r.code,
            name: r.name,
            description: MultiText::from_json(&r.description),
            provider: r.provider,
            url: r.url,
            email: r.email,
            country: r.country,
            fit: Fit::from_json(&r.fit),
            opens_on: r.opens_on,
            closes_on: r.closes_on,
            status: r.status,
            suggested_by: r.suggested_by,
            suggested_by_organisation: r.suggested_by_organisation,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

impl Resource {
    /// The notified body's number (0459) when this is one imported from a list.
    pub fn nb_number(&self) -> Option<&str> {
        self.code.as_deref().and_then(|c| c.strip_prefix("nb-"))
    }
    /// A call whose closing date has passed.
    pub fn is_closed(&self, today: &str) -> bool {
        self.closes_on.as_deref().is_some_and(|c| c < today)
    }
    /// A call that opens later.
    pub fn is_upcoming(&self, today: &str) -> bool {
        self.opens_on.as_deref().is_some_and(|o| o > today)
    }
    /// Everything a text search is matched against, folded: also what the kind is called in
    /// our languages, so "biobanco" finds the biobanks.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.name];
        parts.extend(Kind::parse("kind", &self.kind).ok().map(Kind::words));
        parts.extend(self.provider.as_deref());
        parts.extend(self.description.0.values().map(String::as_str));
        parts.extend(self.fit.tags.iter().map(String::as_str));
        fold(&parts.join(" "))
    }

    /// What a member's needs are matched against: [`Resource::text`] without the name of a
    /// notified body, which is a company's name and says nothing of what it does.
    pub fn need_text(&self) -> String {
        if self.kind == Kind::NotifiedBody.as_str() {
            let mut parts: Vec<&str> = vec![Kind::NotifiedBody.words()];
            parts.extend(self.description.0.values().map(String::as_str));
            parts.extend(self.fit.tags.iter().map(String::as_str));
            fold(&parts.join(" "))
        } else {
            self.text()
        }
    }
    fn snapshot(&self) -> serde_json::Value {
        json!({"kind": self.kind, "code": self.code, "name": self.name, "description": self.description.0,
               "provider": self.provider, "url": self.url, "email": self.email, "country": self.country,
               "fit": self.fit, "opens_on": self.opens_on, "closes_on": self.closes_on, "status": self.status})
    }
}

/// Filters of the list, as typed in the query string.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub kind: String,
    pub q: String,
    pub country: String,
    /// Staff only; others always see published resources.
    pub status: String,
}

/// The cluster's resources matching the filter, by kind and name.
pub async fn list(db: &Db, scope: &Scope, f: &Filter) -> Result<Vec<Resource>> {
    let mut q = Q::new("");
    let c = q.arg(scope.cluster_id());
    let mut wh = format!(" WHERE cluster_id = {c}");
    let mut errs = Vec::new();
    if scope.can_manage() {
        if let Some(s) = clusterhub_core::parse::optional(Some(&f.status)) {
            match Status::parse("status", s) {
                Ok(s) => wh += &format!(" AND status = {}", q.arg(s.as_str())),
                Err(e) => errs.push(e),
            }
        }
    } else {
        wh += &format!(" AND status = {}", q.arg(Status::Published.as_str()));
    }
    if let Some(k) = clusterhub_core::parse::optional(Some(&f.kind)) {
        match Kind::parse("kind", k) {
            Ok(k) => wh += &format!(" AND kind = {}", q.arg(k.as_str())),
            Err(e) => errs.push(e),
        }
    }
    if let Some(v) = clusterhub_core::parse::optional(Some(&f.country)) {
        match clusterhub_core::country::lookup(v) {
            Some(code) => wh += &format!(" AND country = {}", q.arg(code)),
            None => errs.push(FieldError::new("country", "unknown_country").detail(v)),
        }
    }
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    q.sql = format!("SELECT {COLS} FROM resources{wh}");
    let rows: Vec<Row> = q.all(db).await?;
    let needle = fold(f.q.trim());
    let mut out: Vec<Resource> = rows
        .into_iter()
        .map(Resource::from)
        .filter(|r| needle.is_empty() || r.text().contains(&needle))
        .collect();
    out.sort_by_cached_key(|r| (kind_rank(&r.kind), fold(&r.name), r.id));
    Ok(out)
}

/// Kinds in the order of [`Kind::ALL`], so lists group the same way everywhere.
fn kind_rank(kind: &str) -> usize {
    Kind::ALL
        .iter()
        .position(|k| k.as_str() == kind)
        .unwrap_or(usize::MAX)
}

async fn row<'a>(ex: impl Into<crate::Ex<'a>>, scope: &Scope, id: i64) -> Result<Resource> {
    let r: Row = q!(
        format!("SELECT {COLS} FROM resources WHERE id = $1 AND cluster_id = $2"),
        id,
        scope.cluster_id()
    )
    .one(ex)
    .await?;
    Ok(r.into())
}

/// One resource, if this scope may see it.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Resource> {
    let r = row(db, scope, id).await?;
    let own_suggestion = r.status == Status::Suggested.as_str()
        && r.suggested_by_organisation.is_some()
        && scope.own_organisation() == r.suggested_by_organisation;
    if r.status == Status::Published.as_str() || scope.can_manage() || own_suggestion {
        Ok(r)
    } else {
        Err(Error::NotFound)
    }
}

/// A code is unique inside a cluster; another resource holding it is a field error.
async fn check_code(tx: &mut Tx, scope: &Scope, code: Option<&str>, id: Option<i64>) -> Result<()> {
    let Some(code) = code else { return Ok(()) };
    let other: Option<(i64,)> = q!(
        "SELECT id FROM resources WHERE cluster_id = $1 AND code = $2",
        scope.cluster_id(),
        code
    )
    .optional(&mut *tx)
    .await?;
    match other {
        Some((o,)) if Some(o) != id => Err(Error::Validation(vec![
            FieldError::new("code", "taken").detail(code),
        ])),
        _ => Ok(()),
    }
}

async fn insert(
    tx: &mut Tx,
    scope: &Scope,
    i: &ResourceInput,
    status: Status,
    suggested_by: Option<i64>,
    suggested_by_organisation: Option<i64>,
) -> Result<i64> {
    let now = crate::now();
    let id = q!(
        "INSERT INTO resources (cluster_id, kind, code, name, description, provider, url, email, country, fit, opens_on, closes_on, status, suggested_by, suggested_by_organisation, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
        scope.cluster_id(), i.kind.as_str(), i.code.clone(), i.name.as_str(), i.description.to_json(), i.provider.clone(),
        i.url.as_ref().map(|u| u.to_string()), i.email.as_ref().map(|e| e.to_string()), i.country.clone(), i.fit.to_json(),
        i.opens_on.map(clusterhub_core::parse::iso_date), i.closes_on.map(clusterhub_core::parse::iso_date),
        status.as_str(), suggested_by, suggested_by_organisation, now
    )
    .int(&mut *tx)
    .await?;
    let snap = row(&mut *tx, scope, id).await?.snapshot();
    let action = if status == Status::Suggested {
        "suggest"
    } else {
        "create"
    };
    audit::record(
        tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "resource",
        id,
        action,
        snap,
    )
    .await?;
    Ok(id)
}

/// Staff add a published resource.
pub async fn create(db: &Db, scope: &Scope, i: &ResourceInput) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    check_code(&mut tx, scope, i.code.as_deref(), None).await?;
    let id = insert(&mut tx, scope, i, Status::Published, None, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// A member suggests a resource for the map; staff then approve or reject it.
pub async fn suggest(db: &Db, scope: &Scope, i: &ResourceInput) -> Result<i64> {
    scope.require(scope.is_insider())?;
    // Codes are the staff's to give.
    let i = ResourceInput {
        code: None,
        fit: Fit {
            unverified: false,
            ..i.fit.clone()
        },
        ..i.clone()
    };
    let mut tx = db.begin().await?;
    let id = insert(
        &mut tx,
        scope,
        &i,
        Status::Suggested,
        scope.user_id(),
        scope.own_organisation(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Staff change a resource (a suggestion keeps its status until approved).
pub async fn update(db: &Db, scope: &Scope, id: i64, i: &ResourceInput) -> Result<Resource> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let before = row(&mut tx, scope, id).await?;
    check_code(&mut tx, scope, i.code.as_deref(), Some(id)).await?;
    q!(
        "UPDATE resources SET kind = $1, code = $2, name = $3, description = $4, provider = $5, url = $6, email = $7, country = $8,
         fit = $9, opens_on = $10, closes_on = $11, updated_at = $12 WHERE id = $13 AND cluster_id = $14",
        i.kind.as_str(), i.code.clone(), i.name.as_str(), i.description.to_json(), i.provider.clone(),
        i.url.as_ref().map(|u| u.to_string()), i.email.as_ref().map(|e| e.to_string()), i.country.clone(), i.fit.to_json(),
        i.opens_on.map(clusterhub_core::parse::iso_date), i.closes_on.map(clusterhub_core::parse::iso_date),
        crate::now(), id, scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    let after = row(&mut tx, scope, id).await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "resource",
        id,
        "update",
        audit::diff(&before.snapshot(), &after.snapshot()),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Staff remove a resource. One the service desk has pointed a member to stays, so the
/// request keeps its history: change it instead.
pub async fn delete(db: &Db, scope: &Scope, id: i64) -> Result<()> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let before = row(&mut tx, scope, id).await?;
    let used = q!(
        "SELECT COUNT(*) FROM request_resources WHERE resource_id = $1",
        id
    )
    .int(&mut tx)
    .await?;
    if used > 0 {
        return Err(Error::Conflict("resource_in_use".into()));
    }
    q!(
        "DELETE FROM resources WHERE id = $1 AND cluster_id = $2",
        id,
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "resource",
        id,
        "delete",
        before.snapshot(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Staff decide on a member's suggestion: `published` (approve) or `rejected`.
pub async fn decide(db: &Db, scope: &Scope, id: i64, to: Status) -> Result<Resource> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let before = row(&mut tx, scope, id).await?;
    if before.status != Status::Suggested.as_str() || to == Status::Suggested {
        return Err(Error::Validation(vec![
            FieldError::new("status", "invalid_transition").detail(format!(
                "{} → {}",
                before.status,
                to.as_str()
            )),
        ]));
    }
    q!(
        "UPDATE resources SET status = $1, updated_at = $2 WHERE id = $3 AND cluster_id = $4",
        to.as_str(),
        crate::now(),
        id,
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    let action = if to == Status::Published {
        "approve"
    } else {
        "reject"
    };
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "resource",
        id,
        action,
        json!({"status": [before.status, to.as_str()]}),
    )
    .await?;
    let after = row(&mut tx, scope, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Suggestions waiting for staff, oldest first.
pub async fn suggestions(db: &Db, scope: &Scope) -> Result<Vec<Resource>> {
    scope.require(scope.can_manage())?;
    let rows: Vec<Row> = q!(
        format!("SELECT {COLS} FROM resources WHERE cluster_id = $1 AND status = $2 ORDER BY created_at, id"),
        scope.cluster_id(),
        Status::Suggested.as_str()
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(Resource::from).collect())
}

/// Names of organisations that suggested resources, for the moderation page.
pub async fn suggester_names(db: &Db, scope: &Scope) -> Result<Vec<(i64, String)>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT DISTINCT o.id, o.name FROM resources r JOIN organisations o ON o.id = r.suggested_by_organisation WHERE r.cluster_id = $1",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// A resource that fits a member, with its score and the reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub resource: Resource,
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// What the ranking knew of the member and what it found.
#[derive(Debug, Clone, Serialize)]
pub struct ForYou {
    pub organisation_id: i64,
    pub facts: MemberFacts,
    pub items: Vec<Ranked>,
}

/// A member of the scope's cluster as the rankings read it: the organisation, its subsectors in
/// this cluster and its profile (empty when it has none). Not a member here: not found.
pub async fn member_record(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
) -> Result<(crate::organisations::Organisation, Vec<String>, Profile)> {
    let m: Option<(i64,)> = q!(
        "SELECT id FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
        scope.cluster_id(),
        organisation_id
    )
    .optional(db)
    .await?;
    let Some((membership,)) = m else {
        return Err(Error::NotFound);
    };
    let o = crate::organisations::by_id(db, organisation_id).await?;
    let profile: Option<(String,)> = q!(
        "SELECT profile FROM organisation_profiles WHERE organisation_id = $1",
        organisation_id
    )
    .optional(db)
    .await?;
    let profile = profile
        .map(|(p,)| Profile::from_json(&p))
        .unwrap_or_default();
    let subsectors = crate::memberships::subsector_codes(db, membership).await?;
    Ok((o, subsectors, profile))
}

/// What is known of an organisation that matters for fit: its type, size and place, its
/// subsectors in this cluster, and its profile.
pub async fn member_facts(db: &Db, scope: &Scope, organisation_id: i64) -> Result<MemberFacts> {
    let (o, subsectors, profile) = member_record(db, scope, organisation_id).await?;
    Ok(MemberFacts::new(
        EntityType::parse("entity_type", &o.entity_type).ok(),
        o.size
            .as_deref()
            .and_then(|s| OrgSize::parse("size", s).ok()),
        o.territory,
        o.country,
        subsectors,
        &profile,
    ))
}

/// The cluster's published resources that fit a member, best first, at most `limit` and at
/// most a quarter of them (three at least) of one kind, so one long list (fifty notified
/// bodies) does not push every other kind out. Staff may ask for any member; a member user for
/// its own organisation.
pub async fn for_you(db: &Db, scope: &Scope, organisation_id: i64, limit: usize) -> Result<ForYou> {
    let today = crate::today();
    for_you_on(db, scope, organisation_id, limit, &today).await
}

/// [`for_you`] as of `today` (YYYY-MM-DD).
pub async fn for_you_on(
    db: &Db,
    scope: &Scope,
    organisation_id: i64,
    limit: usize,
    today: &str,
) -> Result<ForYou> {
    scope.require(scope.can_manage() || scope.own_organisation() == Some(organisation_id))?;
    let facts = member_facts(db, scope, organisation_id).await?;
    let day = clusterhub_core::parse::parse_date("today", today)
        .map_err(|e| Error::Validation(vec![e]))?;
    let rows: Vec<Row> = q!(
        format!("SELECT {COLS} FROM resources WHERE cluster_id = $1 AND status = $2"),
        scope.cluster_id(),
        Status::Published.as_str()
    )
    .all(db)
    .await?;
    let date = |s: &Option<String>| {
        s.as_deref()
            .and_then(|d| clusterhub_core::parse::parse_date("d", d).ok())
    };
    let mut ranked: Vec<Ranked> = rows
        .into_iter()
        .map(Resource::from)
        .filter_map(|r| {
            let text = r.need_text();
            let offer = Offer {
                fit: &r.fit,
                text: &text,
                country: r.country.as_deref(),
                opens_on: date(&r.opens_on),
                closes_on: date(&r.closes_on),
            };
            let (score, reasons) = score(&offer, &facts, day)?;
            Some(Ranked {
                resource: r,
                score,
                reasons,
            })
        })
        .collect();
    ranked.sort_by_cached_key(|x| {
        (
            std::cmp::Reverse(x.score),
            x.resource
                .closes_on
                .clone()
                .unwrap_or_else(|| "9999".into()),
            fold(&x.resource.name),
            x.resource.id,
        )
    });
    let cap = (limit / 4).max(3);
    let mut per_kind: std::collections::HashMap<String, usize> = Default::default();
    let items = ranked
        .into_iter()
        .filter(|x| {
            let n = per_kind.entry(x.resource.kind.clone()).or_default();
            *n += 1;
            *n <= cap
        })
        .take(limit)
        .collect();
    Ok(ForYou {
        organisation_id,
        facts,
        items,
    })
}

/// What an import of notified bodies did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct NbImport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

const NB_COLUMNS: &[&str] = &["nb_number", "name", "country", "regulations"];

/// Reads a notified-body list (`nb_number,name,country,regulations`, regulations separated by
/// `;`) whole; every problem names its line. Nothing is written here.
pub fn read_notified_bodies(data: &[u8]) -> Result<Vec<NotifiedBody>> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let bad_csv = |e: csv::Error| {
        let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
        Error::Validation(vec![
            FieldError::new("file", "invalid_csv")
                .detail(e.to_string())
                .at_line(line),
        ])
    };
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(data);
    let headers: Vec<String> = r
        .headers()
        .map_err(bad_csv)?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let cols: Vec<Option<usize>> = NB_COLUMNS
        .iter()
        .map(|c| headers.iter().position(|h| h == c))
        .collect();
    let missing: Vec<FieldError> = NB_COLUMNS
        .iter()
        .zip(&cols)
        .filter(|(_, i)| i.is_none())
        .map(|(c, _)| FieldError::new(*c, "column_missing").at_line(1))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Validation(missing));
    }
    let mut out: Vec<NotifiedBody> = Vec::new();
    let mut first_line: std::collections::HashMap<String, usize> = Default::default();
    let mut errs = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(bad_csv)?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<&str> = cols
            .iter()
            .map(|i| i.and_then(|i| rec.get(i)).unwrap_or(""))
            .collect();
        match NotifiedBody::parse(&cells, line) {
            Ok(nb) => {
                if let Some(first) = first_line.get(&nb.number) {
                    errs.push(
                        FieldError::new("nb_number", "duplicate_in_file")
                            .detail(format!("{} ({first})", nb.number))
                            .at_line(line),
                    );
                } else {
                    first_line.insert(nb.number.clone(), line);
                    out.push(nb);
                }
            }
            Err(e) => errs.extend(e),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(Error::Validation(errs))
    }
}

/// Imports a notified-body list into the cluster's map: every row is checked first, then all
/// are written in one transaction. A body already on the map (same code `nb-<number>`) is
/// updated where the list differs, so importing the same file twice changes nothing.
/// `unverified` marks them as coming from a list nobody has checked against NANDO.
pub async fn import_notified_bodies(
    db: &Db,
    scope: &Scope,
    data: &[u8],
    unverified: bool,
) -> Result<NbImport> {
    scope.require(scope.can_manage())?;
    let bodies = read_notified_bodies(data)?;
    let mut tx = db.begin().await?;
    let mut report = NbImport {
        rows: bodies.len(),
        ..Default::default()
    };
    for nb in &bodies {
        let existing: Option<Row> = q!(
            format!("SELECT {COLS} FROM resources WHERE cluster_id = $1 AND code = $2"),
            scope.cluster_id(),
            nb.code()
        )
        .optional(&mut tx)
        .await?;
        let wanted = nb.fit(unverified);
        match existing.map(Resource::from) {
            None => {
                let input = ResourceInput {
                    kind: Kind::NotifiedBody,
                    code: Some(nb.code()),
                    name: nb.name.clone(),
                    provider: None,
                    description: MultiText::new(),
                    url: None,
                    email: None,
                    country: Some(nb.country.clone()),
                    opens_on: None,
                    closes_on: None,
                    fit: wanted,
                };
                insert(&mut tx, scope, &input, Status::Published, None, None).await?;
                report.created += 1;
            }
            Some(before) => {
                // The list owns the name, country and designation; what staff added stays.
                let fit = Fit {
                    regulations: wanted.regulations,
                    device_classes: wanted.device_classes,
                    unverified: wanted.unverified,
                    ..before.fit.clone()
                };
                let same = before.name == nb.name.as_str()
                    && before.country.as_deref() == Some(nb.country.as_str())
                    && before.fit == fit
                    && before.kind == Kind::NotifiedBody.as_str();
                if same {
                    report.unchanged += 1;
                    continue;
                }
                q!(
                    "UPDATE resources SET kind = $1, name = $2, country = $3, fit = $4, updated_at = $5 WHERE id = $6 AND cluster_id = $7",
                    Kind::NotifiedBody.as_str(), nb.name.as_str(), nb.country.clone(), fit.to_json(), crate::now(), before.id, scope.cluster_id()
                )
                .run(&mut tx)
                .await?;
                let after = row(&mut tx, scope, before.id).await?;
                audit::record(
                    &mut tx,
                    Some(scope.cluster_id()),
                    scope.user_id(),
                    "resource",
                    before.id,
                    "update",
                    audit::diff(&before.snapshot(), &after.snapshot()),
                )
                .await?;
                report.updated += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// Counts of published resources by kind, for the list's headings.
pub async fn kind_counts(db: &Db, scope: &Scope) -> Result<Vec<(String, i64)>> {
    let mut rows: Vec<(String, i64)> = q!(
        "SELECT kind, COUNT(*) FROM resources WHERE cluster_id = $1 AND status = $2 GROUP BY kind",
        scope.cluster_id(),
        Status::Published.as_str()
    )
    .all(db)
    .await?;
    rows.sort_by_key(|(k, _)| kind_rank(k));
    Ok(rows)
}
