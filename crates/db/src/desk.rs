//! The service desk (one-stop shop): the catalogue of services, members' requests with their
//! thread of messages, files, linked resources and outcome, and the log of e-mails that reached
//! the desk's address.
//!
//! Who sees a request: the cluster's staff; the member organisation that asked (any of its
//! users); the partner organisation it was handed to. For anyone else every request is "not
//! found". Internal notes, and the files on them, are for staff only.
//!
//! Closing a request writes a `support` activity (subtype: the service's area, the requesting
//! organisation linked) in the same transaction and keeps its id on the request, so closing again
//! after a reopening updates that activity instead of adding another, and deleting the request
//! takes it away.

use crate::plans::bump;
use crate::{Db, Ex, Q, Result, Tx, audit, q};
use clusterhub_core::access::{Principal, Scope};
use clusterhub_core::desk::{
    self as rules, Area, CheckedFile, CloseDraft, RequestDraft, ServiceDraft, Source, Status,
};
use clusterhub_core::model::{ActivityKind, Counterpart};
use clusterhub_core::{Error, FieldError, MultiText};
use clusterhub_plan::activity::ActivityDraft;
use clusterhub_plan::engine::Activity;
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;

// ---------------------------------------------------------------------------------------------
// Services

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Service {
    pub id: i64,
    pub code: String,
    pub area: String,
    /// JSON: one text per language.
    pub name: String,
    pub description: String,
    pub sla_hours: i64,
    pub active: bool,
    pub position: i64,
}

impl Service {
    pub fn name(&self) -> MultiText {
        MultiText::from_json(&self.name)
    }
}

const SERVICE_COLS: &str = "id, code, area, name, description, sla_hours, active, position";

/// The catalogue: active services for anyone with a role in the cluster, every service (also
/// the retired ones) for staff when `all`.
pub async fn services(db: &Db, scope: &Scope, all: bool) -> Result<Vec<Service>> {
    scope.require(scope.is_insider())?;
    let all = all && scope.can_manage();
    q!(
        format!(
            "SELECT {SERVICE_COLS} FROM services WHERE cluster_id = $1 AND (active OR $2) ORDER BY position, code"
        ),
        scope.cluster_id(),
        all
    )
    .all(db)
    .await
}

/// Creates the service or, when the code exists, updates it.
pub async fn save_service(db: &Db, scope: &Scope, d: &ServiceDraft) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let id = save_service_in(&mut tx, scope, d).await?;
    tx.commit().await?;
    Ok(id)
}

/// Same as [`save_service`] inside an open transaction (the demo). Saving a service as it
/// already is changes nothing and is not audited.
pub async fn save_service_in(tx: &mut Tx, scope: &Scope, d: &ServiceDraft) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let existing: Option<Service> = service_by_code(&mut *tx, scope.cluster_id(), &d.code).await?;
    let (id, action) = match existing {
        Some(s)
            if s.area == d.area.as_str()
                && s.name() == d.name
                && MultiText::from_json(&s.description) == d.description
                && s.sla_hours == d.sla_hours
                && s.active == d.active
                && s.position == d.position =>
        {
            return Ok(s.id);
        }
        Some(s) => {
            q!(
                "UPDATE services SET area = $1, name = $2, description = $3, sla_hours = $4, active = $5, position = $6 WHERE id = $7",
                d.area.as_str(), d.name.to_json(), d.description.to_json(), d.sla_hours, d.active, d.position, s.id
            )
            .run(&mut *tx)
            .await?;
            (s.id, "update")
        }
        None => (
            q!(
                "INSERT INTO services (cluster_id, code, area, name, description, sla_hours, active, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                scope.cluster_id(), &d.code, d.area.as_str(), d.name.to_json(), d.description.to_json(),
                d.sla_hours, d.active, d.position
            )
            .int(&mut *tx)
            .await?,
            "create",
        ),
    };
    audit::record(
        tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "service",
        id,
        action,
        json!({"code": d.code, "area": d.area.as_str(), "sla_hours": d.sla_hours, "active": d.active}),
    )
    .await?;
    Ok(id)
}

async fn service_by_code<'a>(
    ex: impl Into<Ex<'a>>,
    cluster_id: i64,
    code: &str,
) -> Result<Option<Service>> {
    q!(
        format!("SELECT {SERVICE_COLS} FROM services WHERE cluster_id = $1 AND code = $2"),
        cluster_id,
        code
    )
    .optional(ex)
    .await
}

/// The address members write to, if the cluster has one.
pub async fn desk_email(db: &Db, scope: &Scope) -> Result<Option<String>> {
    scope.require(scope.is_insider())?;
    let r: Option<(Option<String>,)> = q!(
        "SELECT desk_email FROM clusters WHERE id = $1",
        scope.cluster_id()
    )
    .optional(db)
    .await?;
    Ok(r.and_then(|r| r.0))
}

/// Sets (or, with an empty text, removes) the desk's address. Two clusters cannot share one.
pub async fn set_desk_email(db: &Db, scope: &Scope, email: &str) -> Result<()> {
    scope.require(scope.can_manage())?;
    let email = match clusterhub_core::parse::optional(Some(email)) {
        None => None,
        Some(e) => Some(
            clusterhub_core::parse::Email::parse("desk_email", e)
                .map_err(|e| Error::Validation(vec![e]))?
                .into_inner(),
        ),
    };
    let mut tx = db.begin().await?;
    if let Some(e) = &email {
        let taken = q!(
            "SELECT COUNT(*) FROM clusters WHERE LOWER(desk_email) = $1 AND id <> $2",
            e.as_str(),
            scope.cluster_id()
        )
        .int(&mut tx)
        .await?;
        if taken > 0 {
            return Err(Error::invalid("desk_email", "taken"));
        }
    }
    q!(
        "UPDATE clusters SET desk_email = $1 WHERE id = $2",
        email.clone(),
        scope.cluster_id()
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "cluster",
        scope.cluster_id(),
        "desk_email",
        json!({"desk_email": email}),
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Requests: reading

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub number: i64,
    pub service_code: String,
    /// JSON: the service's name per language.
    pub service_name: String,
    pub area: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub requester_user_id: Option<i64>,
    pub requester: Option<String>,
    pub requester_email: Option<String>,
    pub subject: String,
    pub status: String,
    pub source: String,
    pub assignee_user_id: Option<i64>,
    pub assignee: Option<String>,
    pub partner_organisation_id: Option<i64>,
    pub partner: Option<String>,
    pub opened_at: String,
    pub due_at: String,
    pub first_response_at: Option<String>,
    pub closed_at: Option<String>,
    pub outcome: Option<String>,
    pub outcome_note: Option<String>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub rated_at: Option<String>,
    pub activity_id: Option<i64>,
    pub updated_at: String,
}

impl RequestRow {
    pub fn is_closed(&self) -> bool {
        self.status == Status::Closed.as_str()
    }
    /// Still open after its due time.
    pub fn overdue_at(&self, now: &str) -> bool {
        !self.is_closed() && self.due_at.as_str() < now
    }
    pub fn status(&self) -> Status {
        Status::parse("status", &self.status).unwrap_or(Status::Open)
    }
}

const REQUEST_COLS: &str = "r.id, r.number, s.code AS service_code, s.name AS service_name, s.area,
    r.organisation_id, o.name AS organisation, r.requester_user_id, ru.name AS requester, r.requester_email,
    r.subject, r.status, r.source, r.assignee_user_id, au.name AS assignee,
    r.partner_organisation_id, po.name AS partner, r.opened_at, r.due_at, r.first_response_at,
    r.closed_at, r.outcome, r.outcome_note, r.rating, r.rating_comment, r.rated_at, r.activity_id, r.updated_at
    FROM requests r JOIN services s ON s.id = r.service_id JOIN organisations o ON o.id = r.organisation_id
    LEFT JOIN users ru ON ru.id = r.requester_user_id LEFT JOIN users au ON au.id = r.assignee_user_id
    LEFT JOIN organisations po ON po.id = r.partner_organisation_id";

/// The condition keeping a query to the requests this scope may see (`r` is `requests`).
fn visible(scope: &Scope, w: &mut Q) -> Result<String> {
    let c = w.arg(scope.cluster_id());
    if scope.can_manage() {
        return Ok(format!("r.cluster_id = {c}"));
    }
    if let Some(o) = scope.own_organisation() {
        return Ok(format!(
            "r.cluster_id = {c} AND r.organisation_id = {}",
            w.arg(o)
        ));
    }
    if let Some(p) = scope.partner_organisation() {
        return Ok(format!(
            "r.cluster_id = {c} AND r.partner_organisation_id = {}",
            w.arg(p)
        ));
    }
    Err(scope.require(false).err().unwrap_or(Error::Forbidden))
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// A status code, or `active` for every status but closed.
    pub status: Option<String>,
    pub service: Option<String>,
    /// A staff user's id; 0 for requests nobody is assigned to.
    pub assignee: Option<i64>,
    pub overdue: bool,
    pub organisation: Option<i64>,
    pub page: i64,
}

pub const PAGE: i64 = 100;

/// The requests this scope may see, open ones first by due time, then closed ones, newest
/// first; and how many match.
pub async fn list(
    db: &Db,
    scope: &Scope,
    f: &ListFilter,
    now: &str,
) -> Result<(Vec<RequestRow>, i64)> {
    let mut w = Q::new("");
    let mut cond = format!(" WHERE {}", visible(scope, &mut w)?);
    match f.status.as_deref() {
        None | Some("") | Some("all") => {}
        Some("active") => cond += " AND r.status <> 'closed'",
        Some(s) => {
            let s = Status::parse("status", s).map_err(|e| Error::Validation(vec![e]))?;
            cond += &format!(" AND r.status = {}", w.arg(s.as_str()));
        }
    }
    if let Some(s) = &f.service {
        cond += &format!(" AND s.code = {}", w.arg(s.as_str()));
    }
    match f.assignee {
        None => {}
        Some(0) => cond += " AND r.assignee_user_id IS NULL",
        Some(u) => cond += &format!(" AND r.assignee_user_id = {}", w.arg(u)),
    }
    if f.overdue {
        cond += &format!(" AND r.status <> 'closed' AND r.due_at < {}", w.arg(now));
    }
    if let Some(o) = f.organisation {
        cond += &format!(" AND r.organisation_id = {}", w.arg(o));
    }
    let mut count = Q::new(format!(
        "SELECT COUNT(*) FROM requests r JOIN services s ON s.id = r.service_id{cond}"
    ));
    count.args = w.args.clone();
    let total = count.int(db).await?;
    let mut page = Q::new(format!(
        "SELECT {REQUEST_COLS}{cond} ORDER BY CASE WHEN r.status = 'closed' THEN 1 ELSE 0 END,
         CASE WHEN r.status = 'closed' THEN '' ELSE r.due_at END, r.number DESC LIMIT {PAGE} OFFSET {}",
        f.page.max(0) * PAGE
    ));
    page.args = w.args;
    Ok((page.all(db).await?, total))
}

/// One request by its number in the cluster, if this scope may see it.
pub async fn row<'a>(ex: impl Into<Ex<'a>>, scope: &Scope, number: i64) -> Result<RequestRow> {
    let mut w = Q::new("");
    let cond = visible(scope, &mut w)?;
    w.sql = format!(
        "SELECT {REQUEST_COLS} WHERE {cond} AND r.number = {}",
        w.arg(number)
    );
    w.one(ex).await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub author_user_id: Option<i64>,
    pub author: Option<String>,
    pub author_email: Option<String>,
    /// The author's role in the cluster when written by a user of it (staff, member, partner).
    pub author_role: Option<String>,
    pub body: String,
    pub internal: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AttachmentInfo {
    pub id: i64,
    pub message_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LinkedResource {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub row: RequestRow,
    pub messages: Vec<Message>,
    pub attachments: Vec<AttachmentInfo>,
    pub resources: Vec<LinkedResource>,
}

/// A request with what this scope may read of its thread.
pub async fn get(db: &Db, scope: &Scope, number: i64) -> Result<Detail> {
    let row = row(db, scope, number).await?;
    let staff = scope.can_manage();
    let messages = q!(
        "SELECT m.id, m.author_user_id, u.name AS author, m.author_email,
         (SELECT ur.role FROM user_roles ur WHERE ur.user_id = m.author_user_id AND ur.cluster_id = $2) AS author_role,
         m.body, m.internal, m.created_at
         FROM request_messages m LEFT JOIN users u ON u.id = m.author_user_id
         WHERE m.request_id = $1 AND (NOT m.internal OR $3) ORDER BY m.id",
        row.id,
        scope.cluster_id(),
        staff
    )
    .all(db)
    .await?;
    let attachments = q!(
        "SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.created_at
         FROM request_attachments a JOIN request_messages m ON m.id = a.message_id
         WHERE a.request_id = $1 AND (NOT m.internal OR $2) ORDER BY a.id",
        row.id,
        staff
    )
    .all(db)
    .await?;
    let resources = q!(
        "SELECT x.id, x.kind, x.name, x.url FROM request_resources l JOIN resources x ON x.id = l.resource_id
         WHERE l.request_id = $1 AND x.cluster_id = $2 ORDER BY x.name",
        row.id,
        scope.cluster_id()
    )
    .all(db)
    .await?;
    Ok(Detail {
        row,
        messages,
        attachments,
        resources,
    })
}

pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// A file of a request this scope may see (files on internal notes: staff only).
pub async fn attachment(db: &Db, scope: &Scope, number: i64, id: i64) -> Result<Attachment> {
    let row = row(db, scope, number).await?;
    let r: (String, String, Vec<u8>) = q!(
        "SELECT a.filename, a.content_type, a.data FROM request_attachments a JOIN request_messages m ON m.id = a.message_id
         WHERE a.id = $1 AND a.request_id = $2 AND (NOT m.internal OR $3)",
        id,
        row.id,
        scope.can_manage()
    )
    .one(db)
    .await?;
    Ok(Attachment {
        filename: r.0,
        content_type: r.1,
        data: r.2,
    })
}

/// Staff users of the cluster, for assigning (id, name).
pub async fn staff_users(db: &Db, scope: &Scope) -> Result<Vec<(i64, String)>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT u.id, u.name FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE r.cluster_id = $1 AND r.role = 'staff' ORDER BY u.name",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// Organisations with partner users in the cluster: where a request can be handed (id, name).
pub async fn partner_organisations(db: &Db, scope: &Scope) -> Result<Vec<(i64, String)>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT DISTINCT o.id, o.name FROM user_roles r JOIN organisations o ON o.id = r.organisation_id
         WHERE r.cluster_id = $1 AND r.role = 'partner' ORDER BY o.name",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// Published resources of the cluster's maps, to link to a request (id, kind, name).
pub async fn resource_choices(db: &Db, scope: &Scope) -> Result<Vec<(i64, String, String)>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT id, kind, name FROM resources WHERE cluster_id = $1 AND status = 'published' ORDER BY kind, name LIMIT 1000",
        scope.cluster_id()
    )
    .all(db)
    .await
}

/// Figures for the top of the staff queue: open, overdue, closed this year, average rating,
/// median hours to first response of the requests closed this year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub open: i64,
    pub overdue: i64,
    pub closed_this_year: i64,
    pub average_rating: Option<f64>,
    pub median_first_response_hours: Option<i64>,
}

pub async fn stats(db: &Db, scope: &Scope, now: &str) -> Result<Stats> {
    scope.require(scope.can_manage())?;
    let cid = scope.cluster_id();
    let open = q!(
        "SELECT COUNT(*) FROM requests WHERE cluster_id = $1 AND status <> 'closed'",
        cid
    )
    .int(db)
    .await?;
    let overdue = q!(
        "SELECT COUNT(*) FROM requests WHERE cluster_id = $1 AND status <> 'closed' AND due_at < $2",
        cid,
        now
    )
    .int(db)
    .await?;
    let year_start = format!("{}-01-01", now.get(..4).unwrap_or("0000"));
    let closed: Vec<(String, Option<String>, Option<i64>)> = q!(
        "SELECT opened_at, first_response_at, rating FROM requests WHERE cluster_id = $1 AND status = 'closed' AND closed_at >= $2",
        cid,
        year_start
    )
    .all(db)
    .await?;
    let ratings: Vec<i64> = closed.iter().filter_map(|r| r.2).collect();
    let mut hours: Vec<i64> = closed
        .iter()
        .filter_map(|(o, f, _)| rules::hours_between(o, f.as_deref()?))
        .collect();
    hours.sort_unstable();
    Ok(Stats {
        open,
        overdue,
        closed_this_year: closed.len() as i64,
        average_rating: (!ratings.is_empty())
            .then(|| ratings.iter().sum::<i64>() as f64 / ratings.len() as f64),
        median_first_response_hours: hours.get(hours.len() / 2).copied(),
    })
}

// ---------------------------------------------------------------------------------------------
// Requests: writing

/// Where a request or message came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: Source,
    /// The e-mail's Message-ID.
    pub message_id: Option<String>,
    /// The sender's address, for requests arriving by e-mail.
    pub email: Option<String>,
}

impl Origin {
    pub fn web() -> Self {
        Origin {
            source: Source::Web,
            message_id: None,
            email: None,
        }
    }
    pub fn api() -> Self {
        Origin {
            source: Source::Api,
            ..Origin::web()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Opened {
    pub id: i64,
    pub number: i64,
}

/// Opens a request with its first message and files, all or nothing. Members open for their
/// organisation; staff for a member organisation they name. An unknown or retired service is
/// refused naming the `service` field.
pub async fn open(
    db: &Db,
    scope: &Scope,
    d: &RequestDraft,
    files: &[CheckedFile],
    origin: &Origin,
    at: OffsetDateTime,
) -> Result<Opened> {
    // Two requests opened at once may pick the same number on PostgreSQL; the unique key
    // refuses the second, which simply tries again.
    let mut tries = 0;
    loop {
        let mut tx = db.begin().await?;
        match open_in(&mut tx, scope, d, files, origin, at).await {
            Ok(o) => {
                tx.commit().await?;
                return Ok(o);
            }
            Err(Error::Conflict(_)) if tries < 3 => tries += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Same as [`open`] inside an open transaction.
pub async fn open_in(
    tx: &mut Tx,
    scope: &Scope,
    d: &RequestDraft,
    files: &[CheckedFile],
    origin: &Origin,
    at: OffsetDateTime,
) -> Result<Opened> {
    let cid = scope.cluster_id();
    let organisation = if scope.can_manage() {
        let Some(o) = d.organisation else {
            return Err(Error::invalid("organisation", "required"));
        };
        let member = q!(
            "SELECT COUNT(*) FROM memberships WHERE cluster_id = $1 AND organisation_id = $2",
            cid,
            o
        )
        .int(&mut *tx)
        .await?;
        if member == 0 {
            return Err(Error::Validation(vec![
                FieldError::new("organisation", "unknown_organisation").detail(o.to_string()),
            ]));
        }
        o
    } else {
        scope.require(scope.own_organisation().is_some())?;
        scope.own_organisation().ok_or(Error::Forbidden)?
    };
    let service = match service_by_code(&mut *tx, cid, &d.service).await? {
        Some(s) if s.active => s,
        _ => {
            return Err(Error::Validation(vec![
                FieldError::new("service", "unknown_service").detail(d.service.clone()),
            ]));
        }
    };
    let now = rules::stamp(at);
    let due = rules::stamp(rules::due_at(at, service.sla_hours));
    let number = q!(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM requests WHERE cluster_id = $1",
        cid
    )
    .int(&mut *tx)
    .await?;
    let id = q!(
        "INSERT INTO requests (cluster_id, number, service_id, organisation_id, requester_user_id, requester_email, subject,
         status, source, message_id, opened_at, due_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $10, $11, $10) RETURNING id",
        cid, number, service.id, organisation, scope.user_id(), origin.email.clone(), &d.subject,
        origin.source.as_str(), origin.message_id.clone(), now.as_str(), due
    )
    .int(&mut *tx)
    .await?;
    insert_message(
        tx,
        id,
        scope.user_id(),
        origin.email.as_deref(),
        &d.body,
        false,
        files,
        &now,
    )
    .await?;
    audit::record(
        tx,
        Some(cid),
        scope.user_id(),
        "request",
        id,
        "open",
        json!({"number": number, "service": service.code, "organisation_id": organisation,
               "source": origin.source.as_str(), "files": files.len()}),
    )
    .await?;
    Ok(Opened { id, number })
}

#[allow(clippy::too_many_arguments)]
async fn insert_message(
    tx: &mut Tx,
    request_id: i64,
    author: Option<i64>,
    author_email: Option<&str>,
    body: &str,
    internal: bool,
    files: &[CheckedFile],
    now: &str,
) -> Result<i64> {
    let mid = q!(
        "INSERT INTO request_messages (request_id, author_user_id, author_email, body, internal, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        request_id, author, author_email, body, internal, now
    )
    .int(&mut *tx)
    .await?;
    for f in files {
        q!(
            "INSERT INTO request_attachments (request_id, message_id, filename, content_type, size, data, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            request_id, mid, &f.filename, f.kind.content_type(), f.bytes.len() as i64, Some(f.bytes.clone()), now
        )
        .run(&mut *tx)
        .await?;
    }
    Ok(mid)
}

/// A message added to a thread, and what it changed.
#[derive(Debug, Clone)]
pub struct Posted {
    pub message_id: i64,
    /// The request as it was before the message.
    pub before: RequestRow,
    pub internal: bool,
}

/// Adds a message (and files) to a request's thread. Staff may write internal notes; the member
/// and the partner write to the thread. Staff's first public answer (or the partner's) is the
/// request's first response; a staff answer moves a new request to open, the member's answer
/// moves a request waiting for the member back to open.
#[allow(clippy::too_many_arguments)]
pub async fn post(
    db: &Db,
    scope: &Scope,
    number: i64,
    body: &str,
    internal: bool,
    files: &[CheckedFile],
    origin: &Origin,
    at: OffsetDateTime,
) -> Result<Posted> {
    let mut tx = db.begin().await?;
    let p = post_in(&mut tx, scope, number, body, internal, files, origin, at).await?;
    tx.commit().await?;
    Ok(p)
}

#[allow(clippy::too_many_arguments)]
pub async fn post_in(
    tx: &mut Tx,
    scope: &Scope,
    number: i64,
    body: &str,
    internal: bool,
    files: &[CheckedFile],
    origin: &Origin,
    at: OffsetDateTime,
) -> Result<Posted> {
    let before = row(&mut *tx, scope, number).await?;
    let staff = scope.can_manage();
    if internal && !staff {
        return Err(Error::Forbidden);
    }
    let body = rules::parse_body("body", body, !files.is_empty())
        .map_err(|e| Error::Validation(vec![e]))?;
    let now = rules::stamp(at);
    let mid = insert_message(
        tx,
        before.id,
        scope.user_id(),
        origin.email.as_deref(),
        &body,
        internal,
        files,
        &now,
    )
    .await?;
    let answering = !internal && (staff || scope.partner_organisation().is_some());
    let status = match before.status() {
        Status::New if staff && !internal => Status::Open,
        Status::WaitingMember if scope.own_organisation().is_some() => Status::Open,
        s => s,
    };
    q!(
        "UPDATE requests SET status = $1, updated_at = $2,
         first_response_at = CASE WHEN first_response_at IS NULL AND $3 THEN $2 ELSE first_response_at END
         WHERE id = $4",
        status.as_str(),
        now.as_str(),
        answering,
        before.id
    )
    .run(&mut *tx)
    .await?;
    audit::record(
        tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "request",
        before.id,
        if internal { "note" } else { "message" },
        json!({"number": number, "message_id": mid, "files": files.len()}),
    )
    .await?;
    Ok(Posted {
        message_id: mid,
        before,
        internal,
    })
}

/// What staff set when they triage a request: its status among the open ones, the service,
/// the colleague in charge and the partner organisation it is handed to.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageDraft {
    pub status: Status,
    pub service: String,
    pub assignee: Option<i64>,
    pub partner: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Triaged {
    pub before: RequestRow,
    pub after: RequestRow,
}

impl Triaged {
    /// The colleague newly put in charge.
    pub fn newly_assigned(&self) -> Option<i64> {
        self.after
            .assignee_user_id
            .filter(|a| self.before.assignee_user_id != Some(*a))
    }
    /// The partner organisation the request was newly handed to.
    pub fn newly_handed(&self) -> Option<i64> {
        self.after
            .partner_organisation_id
            .filter(|p| self.before.partner_organisation_id != Some(*p))
    }
}

/// Handing to a partner sets the status to `with_partner` (unless staff set it to wait for the
/// member in the same change); taking the request back from the partner sets it to `open`. A new service
/// recomputes the due time from the opening.
pub async fn triage(db: &Db, scope: &Scope, number: i64, d: &TriageDraft) -> Result<Triaged> {
    scope.require(scope.can_manage())?;
    let cid = scope.cluster_id();
    let mut tx = db.begin().await?;
    let before = row(&mut tx, scope, number).await?;
    let mut errs = Vec::new();
    if let Err(e) = before.status().triage_to(d.status) {
        errs.push(e);
    }
    let service = match service_by_code(&mut tx, cid, &d.service).await? {
        Some(s) if s.active || s.code == before.service_code => Some(s),
        _ => {
            errs.push(FieldError::new("service", "unknown_service").detail(d.service.clone()));
            None
        }
    };
    if let Some(a) = d.assignee {
        let staff = q!(
            "SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND cluster_id = $2 AND role = 'staff'",
            a,
            cid
        )
        .int(&mut tx)
        .await?;
        if staff == 0 {
            errs.push(FieldError::new("assignee", "not_staff").detail(a.to_string()));
        }
    }
    if let Some(p) = d.partner {
        let partners = q!(
            "SELECT COUNT(*) FROM user_roles WHERE organisation_id = $1 AND cluster_id = $2 AND role = 'partner'",
            p,
            cid
        )
        .int(&mut tx)
        .await?;
        if partners == 0 {
            errs.push(FieldError::new("partner", "not_a_partner").detail(p.to_string()));
        }
    }
    let mut status = d.status;
    let handed = d.partner.is_some() && d.partner != before.partner_organisation_id;
    if handed && matches!(status, Status::New | Status::Open) {
        status = Status::WithPartner;
    }
    if d.partner.is_none() && status == Status::WithPartner {
        if before.partner_organisation_id.is_some() && before.status() == Status::WithPartner {
            status = Status::Open;
        } else {
            errs.push(FieldError::new("partner", "required"));
        }
    }
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let Some(service) = service else {
        return Err(Error::invalid("service", "unknown_service"));
    };
    let due = match rules::parse_stamp(&before.opened_at) {
        Some(o) if service.code != before.service_code => {
            rules::stamp(rules::due_at(o, service.sla_hours))
        }
        _ => before.due_at.clone(),
    };
    q!(
        "UPDATE requests SET status = $1, service_id = $2, assignee_user_id = $3, partner_organisation_id = $4,
         due_at = $5, updated_at = $6 WHERE id = $7",
        status.as_str(), service.id, d.assignee, d.partner, due, crate::now(), before.id
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(cid),
        scope.user_id(),
        "request",
        before.id,
        "triage",
        audit::diff(
            &json!({"status": before.status, "service": before.service_code,
                    "assignee": before.assignee_user_id, "partner": before.partner_organisation_id}),
            &json!({"status": status.as_str(), "service": service.code,
                    "assignee": d.assignee, "partner": d.partner}),
        ),
    )
    .await?;
    let after = row(&mut tx, scope, number).await?;
    tx.commit().await?;
    Ok(Triaged { before, after })
}

/// How the scorecard engines must change after a close, reopen or delete.
#[derive(Debug, Clone)]
pub enum ActivityChange {
    Upsert(Activity),
    Remove(i64),
}

#[derive(Debug, Clone)]
pub struct Closed {
    pub row: RequestRow,
    /// The cluster's new data version and the engine change, when the activity log changed.
    pub change: Option<(i64, ActivityChange)>,
}

/// The `support` activity a closed request stands for: on the day it closed, the service's area
/// as subtype, the requesting organisation linked, titled with the reference and the service
/// (never the subject, which may be confidential: the activity log is read more widely).
fn support_draft(slug: &str, row: &RequestRow, title_lang: &str, on: time::Date) -> ActivityDraft {
    let area = Area::parse("area", &row.area).unwrap_or(Area::Other);
    let service = MultiText::from_json(&row.service_name)
        .pick(title_lang, &["es", "en", "fr", "eu"])
        .map(|p| p.text.to_string())
        .unwrap_or_else(|| row.service_code.clone());
    ActivityDraft {
        kind: ActivityKind::Support,
        subtype: Some(area.subtype()),
        scope: None,
        counterpart: Some(Counterpart::Member),
        external: false,
        title: format!("{} · {service}", rules::reference(slug, row.number)),
        description: String::new(),
        starts_on: on,
        ends_on: None,
        place: None,
        attendees: 0,
        amount_cents: 0,
        items: Vec::new(),
        organisations: vec![row.organisation_id],
        people: Vec::new(),
    }
}

/// Closes a request with an outcome and a note, and records the support given in the activity
/// log, in one transaction.
pub async fn close(
    db: &Db,
    scope: &Scope,
    number: i64,
    d: &CloseDraft,
    at: OffsetDateTime,
) -> Result<Closed> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let c = close_in(&mut tx, scope, number, d, at).await?;
    tx.commit().await?;
    Ok(c)
}

pub async fn close_in(
    tx: &mut Tx,
    scope: &Scope,
    number: i64,
    d: &CloseDraft,
    at: OffsetDateTime,
) -> Result<Closed> {
    scope.require(scope.can_manage())?;
    let cid = scope.cluster_id();
    let before = row(&mut *tx, scope, number).await?;
    if before.is_closed() {
        return Err(Error::invalid("status", "request_closed"));
    }
    let now = rules::stamp(at);
    q!(
        "UPDATE requests SET status = 'closed', closed_at = $1, outcome = $2, outcome_note = $3, updated_at = $1 WHERE id = $4",
        now.as_str(),
        d.outcome.as_str(),
        Some(d.note.as_str()).filter(|n| !n.is_empty()),
        before.id
    )
    .run(&mut *tx)
    .await?;
    let (slug, lang): (String, String) = q!(
        "SELECT slug, default_locale FROM clusters WHERE id = $1",
        cid
    )
    .one(&mut *tx)
    .await?;
    // An activity of an earlier closing that still exists (staff may have deleted it).
    let existing = match before.activity_id {
        Some(a) => q!(
            "SELECT COUNT(*) FROM activities WHERE id = $1 AND cluster_id = $2",
            a,
            cid
        )
        .int(&mut *tx)
        .await?
        .gt(&0)
        .then_some(a),
        None => None,
    };
    let draft = support_draft(&slug, &before, &lang, at.date());
    let change = match (d.outcome.counts_as_support(), existing) {
        (true, None) => {
            let (aid, version) = crate::activities::insert_in(tx, scope, &draft).await?;
            q!(
                "UPDATE requests SET activity_id = $1 WHERE id = $2",
                aid,
                before.id
            )
            .run(&mut *tx)
            .await?;
            crate::activities::to_engine(aid, &draft).map(|a| (version, ActivityChange::Upsert(a)))
        }
        (true, Some(aid)) => {
            q!(
                "UPDATE activities SET kind = 'support', subtype = $1, title = $2, starts_on = $3, updated_at = $4
                 WHERE id = $5 AND cluster_id = $6",
                draft.subtype, &draft.title, clusterhub_core::parse::iso_date(draft.starts_on), now.as_str(), aid, cid
            )
            .run(&mut *tx)
            .await?;
            let version = bump(tx, cid).await?;
            crate::activities::to_engine(aid, &draft).map(|a| (version, ActivityChange::Upsert(a)))
        }
        (false, Some(aid)) => {
            let version = remove_activity(tx, cid, before.id, aid).await?;
            Some((version, ActivityChange::Remove(aid)))
        }
        (false, None) => None,
    };
    audit::record(
        tx,
        Some(cid),
        scope.user_id(),
        "request",
        before.id,
        "close",
        json!({"number": number, "outcome": d.outcome.as_str()}),
    )
    .await?;
    let row = row(&mut *tx, scope, number).await?;
    Ok(Closed { row, change })
}

/// Deletes the activity a request stood for and unlinks it; returns the new data version.
async fn remove_activity(tx: &mut Tx, cid: i64, request_id: i64, aid: i64) -> Result<i64> {
    q!(
        "UPDATE requests SET activity_id = NULL WHERE id = $1",
        request_id
    )
    .run(&mut *tx)
    .await?;
    for t in [
        "activity_links",
        "activity_organisations",
        "activity_people",
    ] {
        q!(format!("DELETE FROM {t} WHERE activity_id = $1"), aid)
            .run(&mut *tx)
            .await?;
    }
    q!(
        "DELETE FROM activities WHERE id = $1 AND cluster_id = $2",
        aid,
        cid
    )
    .run(&mut *tx)
    .await?;
    bump(tx, cid).await
}

/// Opens a closed request again. Its support activity stays (the work was done); closing again
/// updates that same activity.
pub async fn reopen(db: &Db, scope: &Scope, number: i64) -> Result<RequestRow> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let before = row(&mut tx, scope, number).await?;
    if !before.is_closed() {
        return Err(Error::invalid("status", "invalid_transition"));
    }
    q!(
        "UPDATE requests SET status = 'open', closed_at = NULL, outcome = NULL, updated_at = $1 WHERE id = $2",
        crate::now(),
        before.id
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "request",
        before.id,
        "reopen",
        json!({"number": number, "outcome": before.outcome}),
    )
    .await?;
    let after = row(&mut tx, scope, number).await?;
    tx.commit().await?;
    Ok(after)
}

/// The requesting organisation rates a closed request (1 to 5, with a comment); rating again
/// replaces the earlier rating.
pub async fn rate(
    db: &Db,
    scope: &Scope,
    number: i64,
    rating: i64,
    comment: &str,
    at: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let r = row(&mut tx, scope, number).await?;
    if scope.own_organisation() != Some(r.organisation_id) {
        return Err(scope.require(false).err().unwrap_or(Error::Forbidden));
    }
    if !r.is_closed() {
        return Err(Error::invalid("rating", "not_closed"));
    }
    if !(1..=5).contains(&rating) {
        return Err(Error::Validation(vec![
            FieldError::new("rating", "out_of_range").detail("1–5"),
        ]));
    }
    q!(
        "UPDATE requests SET rating = $1, rating_comment = $2, rated_at = $3 WHERE id = $4",
        rating,
        Some(comment.trim()).filter(|c| !c.is_empty()),
        rules::stamp(at),
        r.id
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "request",
        r.id,
        "rate",
        json!({"number": number, "rating": rating}),
    )
    .await?;
    tx.commit().await
}

/// Links (or unlinks) a resource of the cluster's maps to a request.
pub async fn link_resource(
    db: &Db,
    scope: &Scope,
    number: i64,
    resource: i64,
    linked: bool,
) -> Result<()> {
    scope.require(scope.can_manage())?;
    let mut tx = db.begin().await?;
    let r = row(&mut tx, scope, number).await?;
    if linked {
        let known = q!(
            "SELECT COUNT(*) FROM resources WHERE id = $1 AND cluster_id = $2",
            resource,
            scope.cluster_id()
        )
        .int(&mut tx)
        .await?;
        if known == 0 {
            return Err(Error::Validation(vec![
                FieldError::new("resource", "not_found").detail(resource.to_string()),
            ]));
        }
        q!(
            "INSERT INTO request_resources (request_id, resource_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            r.id,
            resource
        )
        .run(&mut tx)
        .await?;
    } else {
        q!(
            "DELETE FROM request_resources WHERE request_id = $1 AND resource_id = $2",
            r.id,
            resource
        )
        .run(&mut tx)
        .await?;
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "request",
        r.id,
        if linked { "link" } else { "unlink" },
        json!({"number": number, "resource_id": resource}),
    )
    .await?;
    tx.commit().await
}

/// Deletes a request (spam, a duplicate) with its thread and files, and the support activity it
/// stood for. Returns the engine change when there was one.
pub async fn delete(db: &Db, scope: &Scope, number: i64) -> Result<Option<(i64, ActivityChange)>> {
    scope.require(scope.can_manage())?;
    let cid = scope.cluster_id();
    let mut tx = db.begin().await?;
    let r = row(&mut tx, scope, number).await?;
    let change = match r.activity_id {
        Some(aid) => Some((
            remove_activity(&mut tx, cid, r.id, aid).await?,
            ActivityChange::Remove(aid),
        )),
        None => None,
    };
    for sql in [
        "DELETE FROM request_attachments WHERE request_id = $1",
        "DELETE FROM request_messages WHERE request_id = $1",
        "DELETE FROM request_resources WHERE request_id = $1",
        "UPDATE inbound_emails SET request_id = NULL WHERE request_id = $1",
        "DELETE FROM requests WHERE id = $1",
    ] {
        q!(sql, r.id).run(&mut tx).await?;
    }
    audit::record(
        &mut tx,
        Some(cid),
        scope.user_id(),
        "request",
        r.id,
        "delete",
        json!({"number": number, "subject": r.subject, "organisation_id": r.organisation_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(change)
}

// ---------------------------------------------------------------------------------------------
// E-mail intake

/// An e-mail as the desk reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    /// Message-ID without angle brackets; for a message without one, `fnv:` and a fingerprint
    /// of its bytes, so the same message delivered twice is still recognised.
    pub message_id: String,
    pub from: String,
    /// Every address it was delivered or written to (Delivered-To, X-Original-To, To, Cc).
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    /// File name and bytes of each attachment.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Why a message was refused: a field (`message`, `from`, `to`, `subject`, `body`,
/// `attachments`) and a code, with the offending value as detail.
pub type Refusal = FieldError;

fn refusal(field: &str, code: &str) -> Refusal {
    FieldError::new(field, code)
}

/// A stable 128-bit fingerprint of a message's bytes (two FNV-1a hashes): enough to know the
/// same bytes again, which is all a message without a Message-ID needs.
fn fingerprint(raw: &[u8]) -> String {
    let fnv = |basis: u64| {
        raw.iter().fold(basis, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

/// Reads an RFC 822 message. Returns the message id it goes by even when refusing it, so the
/// refusal can be logged once.
pub fn parse_mail(raw: &[u8]) -> std::result::Result<Mail, (String, Refusal)> {
    use mail_parser::{MessageParser, MimeHeaders};
    let fallback_id = format!("fnv:{}", fingerprint(raw));
    let fail = |code: &str| Err((fallback_id.clone(), refusal("message", code)));
    if raw.iter().all(u8::is_ascii_whitespace) {
        return fail("empty_message");
    }
    // The first line of a message is a header: a name (letters, digits, dashes), then a colon.
    let first = raw.split(|b| *b == b'\n').next().unwrap_or(raw);
    let header_like = first.iter().position(|b| *b == b':').is_some_and(|i| {
        i > 0
            && first[..i]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    });
    if !header_like {
        return fail("malformed_headers");
    }
    let Some(m) = MessageParser::default().parse(raw) else {
        return fail("malformed_headers");
    };
    let message_id = m
        .message_id()
        .map(|s| s.trim().trim_matches(['<', '>']).to_string())
        .filter(|s| !s.is_empty() && s.len() <= 900)
        .unwrap_or(fallback_id);
    let fail = |field: &str, code: &str| Err((message_id.clone(), refusal(field, code)));
    let Some(from) = m
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| a.contains('@'))
    else {
        return fail("from", "missing_from");
    };
    let mut recipients = Vec::new();
    for (name, value) in m.headers_raw() {
        if name.eq_ignore_ascii_case("delivered-to") || name.eq_ignore_ascii_case("x-original-to") {
            let v = value.trim();
            let v = v
                .split_once('<')
                .and_then(|(_, r)| r.split_once('>'))
                .map_or(v, |(a, _)| a);
            recipients.push(v.trim().to_lowercase());
        }
    }
    for a in m.to().into_iter().chain(m.cc()).flat_map(|a| a.iter()) {
        if let Some(addr) = a.address() {
            recipients.push(addr.trim().to_lowercase());
        }
    }
    recipients.retain(|r| r.contains('@'));
    recipients.dedup();
    if recipients.is_empty() {
        return fail("to", "missing_recipient");
    }
    let subject = m
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let body = m.body_text(0).map(|b| strip_quoted(&b)).unwrap_or_default();
    let files = m
        .attachments()
        .map(|p| {
            (
                p.attachment_name().unwrap_or("attachment").to_string(),
                p.contents().to_vec(),
            )
        })
        .collect();
    Ok(Mail {
        message_id,
        from,
        recipients,
        subject,
        body,
        files,
    })
}

/// A reply without the quoted message it answers: lines starting with `>` and the "On …
/// wrote:" line before them go.
fn strip_quoted(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let cut = lines
        .iter()
        .position(|l| l.trim_start().starts_with('>'))
        .unwrap_or(lines.len());
    let mut keep = &lines[..cut];
    if cut < lines.len()
        && let Some((last, rest)) = keep
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map(|i| (keep[i], &keep[..i]))
        && last.trim_end().ends_with(':')
    {
        keep = rest;
    }
    keep.join("\n").trim().to_string()
}

/// What became of a message handed to the desk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Intake {
    /// A new request.
    Opened {
        cluster_id: i64,
        number: i64,
        author: i64,
    },
    /// A message added to the thread of an existing request.
    Replied {
        cluster_id: i64,
        number: i64,
        author: i64,
        message_id: i64,
    },
    /// Seen before (same Message-ID): nothing done again. `previous` is what became of it
    /// (`opened`, `replied`, `refused`) and `reason` why it was refused.
    Duplicate {
        #[serde(skip)]
        cluster_id: Option<i64>,
        previous: String,
        reason: Option<String>,
    },
    /// Refused and logged; nothing else stored.
    Refused {
        #[serde(skip)]
        cluster_id: Option<i64>,
        reasons: Vec<FieldError>,
    },
}

/// Who hands the message over: the command line (trusted, `None`) or an API user, who must be
/// staff of the cluster the message is addressed to.
pub type Courier<'a> = Option<&'a Principal>;

fn reason_text(reasons: &[FieldError]) -> String {
    reasons
        .iter()
        .map(|r| match &r.detail {
            Some(d) => format!("{}: {} ({d})", r.field, r.code),
            None => format!("{}: {}", r.field, r.code),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Handles one e-mail that reached a desk address: opens a request, adds a reply to a thread,
/// recognises a message seen before, or refuses it with the reason. Every outcome but a
/// duplicate is logged in `inbound_emails`, in the same transaction as the request it wrote.
///
/// The cluster is the one whose desk address (or a `+tag` of it) the message was sent to; the
/// tag picks the service (by code, else the first service of that area), otherwise the service
/// `other`. The sender must have an account: a member user opens requests for its
/// organisation; anyone who may see a request can answer in its thread with `[BHC-12]` in the
/// subject.
pub async fn intake(
    db: &Db,
    raw: &[u8],
    courier: Courier<'_>,
    at: OffsetDateTime,
) -> Result<Intake> {
    let mail = match parse_mail(raw) {
        Ok(m) => m,
        Err((message_id, reason)) => {
            if let Some(seen) = seen(db, &message_id).await? {
                return Ok(seen);
            }
            return refuse(db, None, &message_id, None, None, vec![reason], at).await;
        }
    };
    if let Some(seen) = seen(db, &mail.message_id).await? {
        return Ok(seen);
    }
    // The cluster, from the first recipient that is a desk address.
    let desks: Vec<(i64, String, String)> =
        q!("SELECT id, slug, desk_email FROM clusters WHERE desk_email IS NOT NULL ORDER BY id")
            .all(db)
            .await?;
    let found = mail.recipients.iter().find_map(|r| {
        desks.iter().find_map(|(id, slug, desk)| {
            rules::desk_tag(r, desk).map(|tag| (*id, slug.clone(), tag))
        })
    });
    let subject = Some(mail.subject.as_str());
    let from = Some(mail.from.as_str());
    let Some((cid, slug, tag)) = found else {
        let r = refusal("to", "unknown_recipient").detail(mail.recipients.join(", "));
        return refuse(db, None, &mail.message_id, from, subject, vec![r], at).await;
    };
    if let Some(p) = courier
        && !p.scope(cid).can_manage()
    {
        return Err(Error::Forbidden);
    }
    let Some(user) = crate::users::by_email(db, &mail.from).await? else {
        let r = refusal("from", "unknown_sender").detail(mail.from.clone());
        return refuse(db, Some(cid), &mail.message_id, from, subject, vec![r], at).await;
    };
    let scope = crate::users::principal(db, &user).await?.scope(cid);
    let files = match rules::check_files("attachments", mail.files.clone()) {
        Ok(f) => f,
        Err(Error::Validation(reasons)) => {
            return refuse(db, Some(cid), &mail.message_id, from, subject, reasons, at).await;
        }
        Err(e) => return Err(e),
    };
    let origin = Origin {
        source: Source::Email,
        message_id: Some(mail.message_id.clone()),
        email: Some(mail.from.clone()),
    };
    // A reply: `[BHC-12]` in the subject, about a request the sender may see.
    if let Some(number) = rules::reference_in(&mail.subject, &slug) {
        let mut tx = db.begin().await?;
        let posted = post_in(
            &mut tx, &scope, number, &mail.body, false, &files, &origin, at,
        )
        .await;
        let posted = match posted {
            Ok(p) => p,
            Err(Error::NotFound | Error::Forbidden | Error::Unauthorized) => {
                drop(tx);
                let r =
                    refusal("subject", "unknown_request").detail(rules::reference(&slug, number));
                return refuse(db, Some(cid), &mail.message_id, from, subject, vec![r], at).await;
            }
            Err(Error::Validation(reasons)) => {
                drop(tx);
                return refuse(db, Some(cid), &mail.message_id, from, subject, reasons, at).await;
            }
            Err(e) => return Err(e),
        };
        log(
            &mut tx,
            Some(cid),
            &mail.message_id,
            from,
            subject,
            "replied",
            None,
            Some(posted.before.id),
            at,
        )
        .await?;
        tx.commit().await?;
        return Ok(Intake::Replied {
            cluster_id: cid,
            number,
            author: user.id,
            message_id: posted.message_id,
        });
    }
    // A new request, from a member user.
    if scope.own_organisation().is_none() {
        let r = refusal("from", "not_a_member").detail(mail.from.clone());
        return refuse(db, Some(cid), &mail.message_id, from, subject, vec![r], at).await;
    }
    let service = pick_service(db, cid, tag.as_deref()).await?;
    let Some(service) = service else {
        let r = refusal("to", "unknown_service").detail(tag.unwrap_or_else(|| "other".into()));
        return refuse(db, Some(cid), &mail.message_id, from, subject, vec![r], at).await;
    };
    let draft = clusterhub_core::desk::RequestInput {
        service,
        subject: if mail.subject.trim().is_empty() {
            "(no subject)".into()
        } else {
            mail.subject.chars().take(200).collect()
        },
        body: mail.body.clone(),
        organisation: None,
    }
    .parse(!files.is_empty());
    let draft = match draft {
        Ok(d) => d,
        Err(Error::Validation(reasons)) => {
            return refuse(db, Some(cid), &mail.message_id, from, subject, reasons, at).await;
        }
        Err(e) => return Err(e),
    };
    let mut tries = 0;
    loop {
        let mut tx = db.begin().await?;
        let opened = match open_in(&mut tx, &scope, &draft, &files, &origin, at).await {
            Ok(o) => o,
            Err(Error::Conflict(_)) if tries < 3 => {
                tries += 1;
                if let Some(seen) = seen(db, &mail.message_id).await? {
                    return Ok(seen);
                }
                continue;
            }
            Err(Error::Validation(reasons)) => {
                drop(tx);
                return refuse(db, Some(cid), &mail.message_id, from, subject, reasons, at).await;
            }
            Err(e) => return Err(e),
        };
        log(
            &mut tx,
            Some(cid),
            &mail.message_id,
            from,
            subject,
            "opened",
            None,
            Some(opened.id),
            at,
        )
        .await?;
        match tx.commit().await {
            Ok(()) => {}
            Err(Error::Conflict(_)) if tries < 3 => {
                tries += 1;
                continue;
            }
            Err(e) => return Err(e),
        }
        return Ok(Intake::Opened {
            cluster_id: cid,
            number: opened.number,
            author: user.id,
        });
    }
}

/// The service a `+tag` names (a service code, else an area), or the service `other`.
async fn pick_service(db: &Db, cid: i64, tag: Option<&str>) -> Result<Option<String>> {
    let tag = tag.map(str::to_lowercase);
    let rows: Vec<(String, String)> = q!(
        "SELECT code, area FROM services WHERE cluster_id = $1 AND active ORDER BY position, code",
        cid
    )
    .all(db)
    .await?;
    let by = |want: &str| {
        rows.iter()
            .find(|(c, _)| c == want)
            .or_else(|| rows.iter().find(|(_, a)| a == want))
            .map(|(c, _)| c.clone())
    };
    Ok(tag.as_deref().and_then(by).or_else(|| by("other")))
}

/// What became of a message already handled, if it was.
async fn seen(db: &Db, message_id: &str) -> Result<Option<Intake>> {
    let r: Option<(Option<i64>, String, Option<String>)> = q!(
        "SELECT cluster_id, status, reason FROM inbound_emails WHERE message_id = $1",
        message_id
    )
    .optional(db)
    .await?;
    Ok(r.map(|(cluster_id, previous, reason)| Intake::Duplicate {
        cluster_id,
        previous,
        reason,
    }))
}

#[allow(clippy::too_many_arguments)]
async fn log(
    tx: &mut Tx,
    cluster_id: Option<i64>,
    message_id: &str,
    sender: Option<&str>,
    subject: Option<&str>,
    status: &str,
    reason: Option<&str>,
    request_id: Option<i64>,
    at: OffsetDateTime,
) -> Result<()> {
    let clip = |s: Option<&str>| s.map(|s| s.chars().take(300).collect::<String>());
    q!(
        "INSERT INTO inbound_emails (cluster_id, message_id, sender, subject, status, reason, request_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        cluster_id, message_id, clip(sender), clip(subject), status, reason, request_id, rules::stamp(at)
    )
    .run(tx)
    .await?;
    Ok(())
}

async fn refuse(
    db: &Db,
    cluster_id: Option<i64>,
    message_id: &str,
    sender: Option<&str>,
    subject: Option<&str>,
    reasons: Vec<FieldError>,
    at: OffsetDateTime,
) -> Result<Intake> {
    let mut tx = db.begin().await?;
    let text = reason_text(&reasons);
    match log(
        &mut tx,
        cluster_id,
        message_id,
        sender,
        subject,
        "refused",
        Some(&text),
        None,
        at,
    )
    .await
    {
        Ok(()) => tx.commit().await?,
        // Logged meanwhile by another delivery of the same message.
        Err(Error::Conflict(_)) => {}
        Err(e) => return Err(e),
    }
    Ok(Intake::Refused {
        cluster_id,
        reasons,
    })
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InboundRow {
    pub id: i64,
    pub message_id: String,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub status: String,
    pub reason: Option<String>,
    pub request_number: Option<i64>,
    pub received_at: String,
}

/// The latest messages that reached the cluster's desk address, accepted or refused.
pub async fn inbound(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<InboundRow>> {
    scope.require(scope.can_manage())?;
    q!(
        "SELECT i.id, i.message_id, i.sender, i.subject, i.status, i.reason, r.number AS request_number, i.received_at
         FROM inbound_emails i LEFT JOIN requests r ON r.id = i.request_id
         WHERE i.cluster_id = $1 ORDER BY i.id DESC LIMIT $2",
        scope.cluster_id(),
        limit
    )
    .all(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &str = "Return-Path: <ane@member.example>\r\nDelivered-To: desk+regulatory@bhc.demo\r\nFrom: Ane Olano <Ane@Member.example>\r\nTo: BHC desk <desk+regulatory@bhc.demo>\r\nSubject: Re: [BHC-3]\r\n =?utf-8?q?Marcado_CE?=\r\nMessage-ID: <abc@member.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGracias.\r\n\r\nEl lunes, BHC escribió:\r\n> Hola\r\n--b\r\nContent-Type: application/pdf; name=\"plan.pdf\"\r\nContent-Disposition: attachment; filename=\"plan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";

    #[test]
    fn reads_sender_recipients_subject_body_and_files() {
        let m = parse_mail(MAIL.as_bytes()).expect("parses");
        assert_eq!(m.message_id, "abc@member.example");
        assert_eq!(m.from, "ane@member.example");
        assert_eq!(m.recipients, vec!["desk+regulatory@bhc.demo"]);
        assert_eq!(m.subject, "Re: [BHC-3] Marcado CE");
        assert_eq!(m.body, "Gracias.");
        assert_eq!(
            m.files,
            vec![("plan.pdf".to_string(), b"%PDF-1.4\n".to_vec())]
        );
    }

    #[test]
    fn refuses_what_is_not_an_email() {
        let code = |raw: &[u8]| parse_mail(raw).map(|_| ()).unwrap_err().1.code;
        assert_eq!(code(b""), "empty_message");
        assert_eq!(code(br#"{"name":"Hacked"}"#), "malformed_headers");
        assert_eq!(
            code(b"Subject: hi\r\nTo: desk@bhc.demo\r\n\r\nx"),
            "missing_from"
        );
        assert_eq!(
            code(b"From: a@b.example\r\nSubject: hi\r\n\r\nx"),
            "missing_recipient"
        );
        let (id, _) = parse_mail(b"not a mail at all").unwrap_err();
        assert!(id.starts_with("fnv:"), "{id}");
        assert_eq!(id, parse_mail(b"not a mail at all").unwrap_err().0);
    }
}
