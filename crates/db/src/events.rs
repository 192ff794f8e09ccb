//! Events: the event, its sessions and speakers, registrations (waitlist, approval, check-in), sharing.
//!
//! Who sees what:
//! - A published (or cancelled) event is public in its cluster's calendar and in the calendars
//!   of the clusters it is shared with; a draft only for its cluster's staff.
//! - Registrations belong to the organising cluster: its staff list them and check people in;
//!   a registrant reaches their own through their account or their ticket's secret.
//!
//! Seats: `events.confirmed` is moved only by [`take_seat`] (a conditional UPDATE that fails
//! when the event is full) and [`release_seat`], inside the transaction that changes the
//! registration, so concurrent requests can never confirm more people than the capacity.

use crate::{Db, Result, Tx, audit, q};
use clusterhub_core::access::Scope;
use clusterhub_core::event::{EventDraft, Status, admission};
use clusterhub_core::{Error, FieldError, MultiText};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    cluster_id: i64,
    kind: String,
    subtype: Option<String>,
    title: String,
    description: String,
    starts_at: String,
    ends_at: String,
    time_zone: String,
    place: Option<String>,
    online_url: Option<String>,
    capacity: Option<i64>,
    confirmed: i64,
    requires_approval: bool,
    member_price_cents: Option<i64>,
    guest_price_cents: Option<i64>,
    currency: String,
    open_to_guests: bool,
    registration_closes_at: Option<String>,
    target_country: Option<String>,
    sector: Option<String>,
    b2b: bool,
    certificate: bool,
    status: String,
    activity_id: Option<i64>,
    updated_at: String,
}

const COLS: &str = "e.id, e.cluster_id, e.kind, e.subtype, e.title, e.description, e.starts_at, e.ends_at, e.time_zone, e.place, e.online_url, e.capacity, e.confirmed, e.requires_approval, e.member_price_cents, e.guest_price_cents, e.currency, e.open_to_guests, e.registration_closes_at, e.target_country, e.sector, e.b2b, e.certificate, e.status, e.activity_id, e.updated_at";

/// An event as pages and the API read it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: i64,
    /// The organising cluster.
    pub cluster_id: i64,
    /// An activity kind: training, event, meeting, mission, fair.
    pub kind: String,
    pub subtype: Option<String>,
    pub title: MultiText,
    pub description: MultiText,
    /// RFC 3339 UTC.
    pub starts_at: String,
    pub ends_at: String,
    /// IANA zone the event is held in.
    pub time_zone: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub confirmed: i64,
    pub requires_approval: bool,
    pub member_price_cents: Option<i64>,
    pub guest_price_cents: Option<i64>,
    pub currency: String,
    pub open_to_guests: bool,
    pub registration_closes_at: Option<String>,
    pub target_country: Option<String>,
    pub sector: Option<String>,
    pub b2b: bool,
    pub certificate: bool,
    /// draft, published, cancelled
    pub status: String,
    pub activity_id: Option<i64>,
    pub updated_at: String,
}

impl From<Row> for Event {
    fn from(r: Row) -> Self {
        Event {
            id: r.id,
            cluster_id: r.cluster_id,
            kind: r.kind,
            subtype: r.subtype,
            title: MultiText::from_json(&r.title),
            description: MultiText::from_json(&r.description),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            time_zone: r.time_zone,
            place: r.place,
            online_url: r.online_url,
            capacity: r.capacity,
            confirmed: r.confirmed,
            requires_approval: r.requires_approval,
            member_price_cents: r.member_price_cents,
            guest_price_cents: r.guest_price_cents,
            currency: r.currency,
            open_to_guests: r.open_to_guests,
            registration_closes_at: r.registration_closes_at,
            target_country: r.target_country,
            sector: r.sector,
            b2b: r.b2b,
            certificate: r.certificate,
            status: r.status,
            activity_id: r.activity_id,
            updated_at: r.updated_at,
        }
    }
}

impl Event {
    pub fn places_left(&self) -> Option<i64> {
        clusterhub_core::event::places_left(self.capacity, self.confirmed)
    }
    pub fn is_open(&self, now: &str) -> bool {
        self.status == "published"
            && self.ends_at.as_str() > now
            && self
                .registration_closes_at
                .as_deref()
                .is_none_or(|c| c > now)
    }
}

/// Visible in `scope`'s cluster: its own events (drafts for staff only) and published events
/// shared with it. `$1` cluster, `$2` may manage.
const VISIBLE: &str = "((e.cluster_id = $1 AND (e.status <> 'draft' OR $2)) OR (e.status <> 'draft' AND EXISTS (SELECT 1 FROM event_shares s WHERE s.event_id = e.id AND s.cluster_id = $1)))";

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// An activity kind, or empty for all.
    pub kind: String,
    /// Only events ending after this instant (upcoming) or before (past).
    pub upcoming: Option<bool>,
}

/// Events in a cluster's calendar, soonest first (past ones most recent first).
pub async fn list(db: &Db, scope: &Scope, f: &ListFilter) -> Result<Vec<Event>> {
    let mut q = q!(
        format!("SELECT {COLS} FROM events e WHERE {VISIBLE}"),
        scope.cluster_id(),
        scope.can_manage()
    );
    if !f.kind.is_empty() {
        let p = q.arg(f.kind.clone());
        q.push(&format!(" AND e.kind = {p}"));
    }
    let now = crate::now();
    match f.upcoming {
        Some(true) => {
            let p = q.arg(now);
            q.push(&format!(" AND e.ends_at > {p} ORDER BY e.starts_at, e.id"));
        }
        Some(false) => {
            let p = q.arg(now);
            q.push(&format!(
                " AND e.ends_at <= {p} ORDER BY e.starts_at DESC, e.id"
            ));
        }
        None => {
            q.push(" ORDER BY e.starts_at, e.id");
        }
    }
    let rows: Vec<Row> = q.all(db).await?;
    Ok(rows.into_iter().map(Event::from).collect())
}

/// One event visible in `scope`'s cluster.
pub async fn get(db: &Db, scope: &Scope, id: i64) -> Result<Event> {
    let r: Row = q!(
        format!("SELECT {COLS} FROM events e WHERE {VISIBLE} AND e.id = $3"),
        scope.cluster_id(),
        scope.can_manage(),
        id
    )
    .one(db)
    .await?;
    Ok(r.into())
}

/// An event of `scope`'s own cluster, for its staff to manage.
pub async fn owned(db: &Db, scope: &Scope, id: i64) -> Result<Event> {
    scope.require(scope.can_manage())?;
    let r: Row = q!(
        format!("SELECT {COLS} FROM events e WHERE e.cluster_id = $1 AND e.id = $2"),
        scope.cluster_id(),
        id
    )
    .one(db)
    .await?;
    Ok(r.into())
}

/// An event by id, without a scope: for the ticket and feed paths that hold their own key.
pub async fn by_id<'a>(ex: impl Into<crate::Ex<'a>>, id: i64) -> Result<Event> {
    let r: Row = q!(format!("SELECT {COLS} FROM events e WHERE e.id = $1"), id)
        .one(ex)
        .await?;
    Ok(r.into())
}

fn stamp(t: time::OffsetDateTime) -> String {
    clusterhub_core::parse::stamp(t)
}

/// Creates an event in `scope`'s cluster (staff).
pub async fn create(db: &Db, scope: &Scope, d: &EventDraft) -> Result<i64> {
    scope.require(scope.can_manage())?;
    let now = crate::now();
    let mut tx = db.begin().await?;
    let id = q!(
        "INSERT INTO events (cluster_id, kind, subtype, title, description, starts_at, ends_at, time_zone, place, online_url, capacity, requires_approval, member_price_cents, guest_price_cents, open_to_guests, target_country, sector, b2b, certificate, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22) RETURNING id",
        scope.cluster_id(), d.kind.as_str(), d.subtype, d.title.to_json(), d.description.to_json(),
        stamp(d.starts_at), stamp(d.ends_at), d.zone.name(), d.place.clone(), d.online_url.clone(),
        d.capacity, d.requires_approval, d.member_price_cents, d.guest_price_cents, d.open_to_guests,
        d.target_country.clone(), d.sector.clone(), d.b2b, d.certificate,
        if d.published { "published" } else { "draft" }, scope.user_id(), now
    )
    .int(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "event",
        id,
        "create",
        json!({"title": d.title.to_json(), "starts_at": stamp(d.starts_at)}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an event (staff). A larger capacity promotes people from the waitlist at once; a
/// smaller one never removes anyone already confirmed. Returns the promoted registrations.
pub async fn update(db: &Db, scope: &Scope, id: i64, d: &EventDraft) -> Result<Vec<Registration>> {
    let e = owned(db, scope, id).await?;
    let status = match (e.status.as_str(), d.published) {
        ("cancelled", _) => "cancelled",
        (_, true) => "published",
        (_, false) => "draft",
    };
    let mut tx = db.begin().await?;
    q!(
        "UPDATE events SET kind = $2, subtype = $3, title = $4, description = $5, starts_at = $6, ends_at = $7, time_zone = $8, place = $9, online_url = $10, capacity = $11, requires_approval = $12, member_price_cents = $13, guest_price_cents = $14, open_to_guests = $15, target_country = $16, sector = $17, b2b = $18, certificate = $19, status = $20, updated_at = $21 WHERE id = $1",
        id, d.kind.as_str(), d.subtype, d.title.to_json(), d.description.to_json(),
        stamp(d.starts_at), stamp(d.ends_at), d.zone.name(), d.place.clone(), d.online_url.clone(),
        d.capacity, d.requires_approval, d.member_price_cents, d.guest_price_cents, d.open_to_guests,
        d.target_country.clone(), d.sector.clone(), d.b2b, d.certificate, status, crate::now()
    )
    .run(&mut tx)
    .await?;
    let promoted = promote(&mut tx, id).await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "event",
        id,
        "update",
        json!({"title": d.title.to_json(), "starts_at": stamp(d.starts_at), "capacity": d.capacity}),
    )
    .await?;
    tx.commit().await?;
    registrations_by_ids(db, &promoted).await
}

/// Cancels an event (staff): it stays in the calendar, marked cancelled; registrations stay.
pub async fn cancel_event(db: &Db, scope: &Scope, id: i64) -> Result<()> {
    owned(db, scope, id).await?;
    let mut tx = db.begin().await?;
    q!(
        "UPDATE events SET status = 'cancelled', updated_at = $2 WHERE id = $1",
        id,
        crate::now()
    )
    .run(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "event",
        id,
        "cancel",
        json!({}),
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Sessions and speakers

#[derive(Debug, Clone, Serialize)]
pub struct Speaker {
    pub id: i64,
    pub name: String,
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Session {
    pub id: i64,
    pub track: String,
    pub title: MultiText,
    pub starts_at: String,
    pub ends_at: String,
    pub room: Option<String>,
    pub speakers: Vec<Speaker>,
}

/// A checked session with its speakers (name, affiliation).
#[derive(Debug, Clone)]
pub struct SessionDraft {
    pub track: String,
    pub title: MultiText,
    pub starts_at: String,
    pub ends_at: String,
    pub room: Option<String>,
    pub speakers: Vec<(String, Option<String>)>,
}

/// The sessions of an event the caller may already see, in time order.
pub async fn sessions(db: &Db, event_id: i64) -> Result<Vec<Session>> {
    type SRow = (i64, String, String, String, String, Option<String>);
    let rows: Vec<SRow> = q!(
        "SELECT id, track, title, starts_at, ends_at, room FROM event_sessions WHERE event_id = $1 ORDER BY starts_at, position, id",
        event_id
    )
    .all(db)
    .await?;
    let speakers: Vec<(i64, i64, String, Option<String>)> = q!(
        "SELECT sp.session_id, sp.id, sp.name, sp.affiliation FROM event_speakers sp JOIN event_sessions s ON s.id = sp.session_id WHERE s.event_id = $1 ORDER BY sp.position, sp.id",
        event_id
    )
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, track, title, starts_at, ends_at, room)| Session {
            id,
            track,
            title: MultiText::from_json(&title),
            starts_at,
            ends_at,
            room,
            speakers: speakers
                .iter()
                .filter(|s| s.0 == id)
                .map(|s| Speaker {
                    id: s.1,
                    name: s.2.clone(),
                    affiliation: s.3.clone(),
                })
                .collect(),
        })
        .collect())
}

pub async fn add_session(db: &Db, scope: &Scope, event_id: i64, d: &SessionDraft) -> Result<i64> {
    owned(db, scope, event_id).await?;
    let mut tx = db.begin().await?;
    let id = q!(
        "INSERT INTO event_sessions (event_id, track, title, starts_at, ends_at, room) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        event_id, d.track.clone(), d.title.to_json(), d.starts_at.clone(), d.ends_at.clone(), d.room.clone()
    )
    .int(&mut tx)
    .await?;
    for (i, (name, affiliation)) in d.speakers.iter().enumerate() {
        q!(
            "INSERT INTO event_speakers (session_id, name, affiliation, position) VALUES ($1, $2, $3, $4)",
            id,
            name.clone(),
            affiliation.clone(),
            i as i64
        )
        .run(&mut tx)
        .await?;
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "event",
        event_id,
        "add_session",
        json!({"session": id, "title": d.title.to_json()}),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_session(db: &Db, scope: &Scope, event_id: i64, session_id: i64) -> Result<()> {
    owned(db, scope, event_id).await?;
    let mut tx = db.begin().await?;
    let n = q!(
        "DELETE FROM event_speakers WHERE session_id IN (SELECT id FROM event_sessions WHERE id = $1 AND event_id = $2)",
        session_id,
        event_id
    )
    .run(&mut tx)
    .await?;
    let m = q!(
        "DELETE FROM event_sessions WHERE id = $1 AND event_id = $2",
        session_id,
        event_id
    )
    .run(&mut tx)
    .await?;
    if m == 0 {
        return Err(Error::NotFound);
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "event",
        event_id,
        "delete_session",
        json!({"session": session_id, "speakers": n}),
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Sharing

/// The clusters an event is shared with (slug, name).
pub async fn shares(db: &Db, event_id: i64) -> Result<Vec<(String, String)>> {
    q!(
        "SELECT c.slug, c.name FROM event_shares s JOIN clusters c ON c.id = s.cluster_id WHERE s.event_id = $1 ORDER BY c.name",
        event_id
    )
    .all(db)
    .await
}

/// Shares (or stops sharing) an event of `scope`'s cluster with another cluster.
pub async fn set_share(db: &Db, scope: &Scope, event_id: i64, slug: &str, on: bool) -> Result<()> {
    owned(db, scope, event_id).await?;
    let other = crate::clusters::by_slug(db, slug)
        .await
        .map_err(|_| Error::invalid("cluster", "unknown_value"))?;
    if other.id == scope.cluster_id() {
        return Err(Error::invalid("cluster", "unknown_value"));
    }
    let mut tx = db.begin().await?;
    if on {
        q!(
            "INSERT INTO event_shares (event_id, cluster_id, shared_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            event_id,
            other.id,
            crate::now()
        )
        .run(&mut tx)
        .await?;
    } else {
        q!(
            "DELETE FROM event_shares WHERE event_id = $1 AND cluster_id = $2",
            event_id,
            other.id
        )
        .run(&mut tx)
        .await?;
    }
    audit::record(
        &mut tx,
        Some(scope.cluster_id()),
        scope.user_id(),
        "event",
        event_id,
        if on { "share" } else { "unshare" },
        json!({"cluster": slug}),
    )
    .await?;
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// Registrations

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    /// The cluster the registrant came through.
    pub cluster_id: i64,
    pub user_id: Option<i64>,
    pub person_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub locale: String,
    /// member or guest
    pub audience: String,
    /// pending, confirmed, waitlisted, cancelled, rejected
    pub status: String,
    pub waitlisted_at: Option<String>,
    #[serde(skip)]
    pub ticket: String,
    pub checked_in_at: Option<String>,
    pub created_at: String,
}

const RCOLS: &str = "r.id, r.event_id, r.cluster_id, r.user_id, r.person_id, r.organisation_id, r.name, r.email, r.organisation_name, r.locale, r.audience, r.status, r.waitlisted_at, r.ticket, r.checked_in_at, r.created_at";

impl Registration {
    pub fn status(&self) -> Status {
        Status::parse(&self.status)
    }
}

/// Who registers: a signed-in member user (their organisation from their role) or a guest.
#[derive(Debug, Clone)]
pub struct Registrant {
    pub user_id: Option<i64>,
    pub person_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub organisation_name: Option<String>,
    pub locale: String,
    /// member or guest
    pub audience: &'static str,
}

fn new_ticket() -> Result<String> {
    let mut b = [0u8; 20];
    getrandom::fill(&mut b).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Takes one seat if the event has one left: the only way `confirmed` goes up.
async fn take_seat(tx: &mut Tx, event_id: i64) -> Result<bool> {
    let n = q!(
        "UPDATE events SET confirmed = confirmed + 1 WHERE id = $1 AND (capacity IS NULL OR confirmed < capacity)",
        event_id
    )
    .run(&mut *tx)
    .await?;
    Ok(n == 1)
}

async fn release_seat(tx: &mut Tx, event_id: i64) -> Result<()> {
    q!(
        "UPDATE events SET confirmed = confirmed - 1 WHERE id = $1 AND confirmed > 0",
        event_id
    )
    .run(&mut *tx)
    .await?;
    Ok(())
}

/// Fills free seats from the waitlist, oldest first; returns the promoted registrations.
async fn promote(tx: &mut Tx, event_id: i64) -> Result<Vec<i64>> {
    let mut promoted = Vec::new();
    let status: String = q!("SELECT status FROM events WHERE id = $1", event_id)
        .one::<(String,)>(&mut *tx)
        .await?
        .0;
    if status == "cancelled" {
        return Ok(promoted);
    }
    loop {
        if !take_seat(tx, event_id).await? {
            break;
        }
        let next: Option<(i64,)> = q!(
            "SELECT id FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlisted_at, id LIMIT 1",
            event_id
        )
        .optional(&mut *tx)
        .await?;
        let Some((id,)) = next else {
            release_seat(tx, event_id).await?;
            break;
        };
        let n = q!(
            "UPDATE event_registrations SET status = 'confirmed', waitlisted_at = NULL, updated_at = $2 WHERE id = $1 AND status = 'waitlisted'",
            id,
            crate::now()
        )
        .run(&mut *tx)
        .await?;
        if n == 1 {
            promoted.push(id);
        } else {
            release_seat(tx, event_id).await?;
        }
    }
    Ok(promoted)
}

fn already_registered() -> Error {
    Error::Validation(vec![FieldError::new("email", "already_registered")])
}

/// Registers someone for an event visible in `scope`'s cluster: confirmed while seats last,
/// then waitlisted; pending when the event needs approval. One registration per e-mail.
pub async fn register(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    who: &Registrant,
) -> Result<Registration> {
    let e = get(db, scope, event_id).await?;
    if !e.is_open(&crate::now()) {
        return Err(Error::Validation(vec![FieldError::new(
            "event",
            "registration_closed",
        )]));
    }
    if who.audience == "guest" && !e.open_to_guests {
        return Err(Error::Validation(vec![FieldError::new(
            "email",
            "members_only",
        )]));
    }
    let email_key = who.email.trim().to_lowercase();
    let now = crate::now();
    let ticket = new_ticket()?;
    let mut tx = db.begin().await?;
    let existing: Option<(i64, String)> = q!(
        "SELECT id, status FROM event_registrations WHERE event_id = $1 AND email_key = $2",
        event_id,
        email_key.clone()
    )
    .optional(&mut tx)
    .await?;
    if existing
        .as_ref()
        .is_some_and(|(_, s)| Status::parse(s).is_active())
    {
        return Err(already_registered());
    }
    let seat = !e.requires_approval && take_seat(&mut tx, event_id).await?;
    let status = admission(e.requires_approval, seat);
    let waitlisted_at = (status == Status::Waitlisted).then(|| now.clone());
    let id = match existing {
        Some((id, _)) => {
            q!(
                "UPDATE event_registrations SET cluster_id = $2, user_id = $3, person_id = $4, organisation_id = $5, name = $6, email = $7, organisation_name = $8, locale = $9, audience = $10, status = $11, waitlisted_at = $12, ticket = $13, checked_in_at = NULL, checked_in_by = NULL, reminder_sent_at = NULL, updated_at = $14 WHERE id = $1",
                id, scope.cluster_id(), who.user_id, who.person_id, who.organisation_id, who.name.clone(),
                who.email.trim(), who.organisation_name.clone(), who.locale.clone(), who.audience,
                status.as_str(), waitlisted_at, ticket, now
            )
            .run(&mut tx)
            .await?;
            id
        }
        None => q!(
            "INSERT INTO event_registrations (event_id, cluster_id, user_id, person_id, organisation_id, name, email, email_key, organisation_name, locale, audience, status, waitlisted_at, ticket, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
            event_id, scope.cluster_id(), who.user_id, who.person_id, who.organisation_id, who.name.clone(),
            who.email.trim(), email_key, who.organisation_name.clone(), who.locale.clone(), who.audience,
            status.as_str(), waitlisted_at, ticket, now
        )
        .int(&mut tx)
        .await
        .map_err(|e| match e {
            Error::Conflict(_) => already_registered(),
            other => other,
        })?,
    };
    tx.commit().await.map_err(|e| match e {
        Error::Conflict(_) => already_registered(),
        other => other,
    })?;
    registration(db, id).await
}

/// Demo data and tests: a confirmed registration written directly, without the open-registration
/// checks or e-mails of [`register`], but through the same seat counter, so capacity still holds.
pub async fn seed_confirmed(
    db: &Db,
    event_id: i64,
    cluster_id: i64,
    who: &Registrant,
) -> Result<i64> {
    let now = crate::now();
    let mut tx = db.begin().await?;
    if !take_seat(&mut tx, event_id).await? {
        return Err(Error::Validation(vec![FieldError::new(
            "event",
            "event_full",
        )]));
    }
    let id = q!(
        "INSERT INTO event_registrations (event_id, cluster_id, user_id, person_id, organisation_id, name, email, email_key, organisation_name, locale, audience, status, ticket, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'confirmed', $12, $13, $13) RETURNING id",
        event_id, cluster_id, who.user_id, who.person_id, who.organisation_id, who.name.clone(),
        who.email.trim(), who.email.trim().to_lowercase(), who.organisation_name.clone(),
        who.locale.clone(), who.audience, new_ticket()?, now
    )
    .int(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// One registration by id (callers have checked who may see it).
async fn registration<'a>(ex: impl Into<crate::Ex<'a>>, id: i64) -> Result<Registration> {
    q!(
        format!("SELECT {RCOLS} FROM event_registrations r WHERE r.id = $1"),
        id
    )
    .one(ex)
    .await
}

async fn registrations_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<Registration>> {
    let mut out = Vec::new();
    for id in ids {
        out.push(registration(db, *id).await?);
    }
    Ok(out)
}

/// The registration a ticket's secret opens (no session needed: the secret is the key).
pub async fn by_ticket(db: &Db, ticket: &str) -> Result<(Registration, Event)> {
    if ticket.len() < 20 {
        return Err(Error::NotFound);
    }
    let r: Registration = q!(
        format!("SELECT {RCOLS} FROM event_registrations r WHERE r.ticket = $1"),
        ticket
    )
    .one(db)
    .await?;
    let e = by_id(db, r.event_id).await?;
    Ok((r, e))
}

/// A registration of an event of `scope`'s cluster (staff).
pub async fn owned_registration(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    id: i64,
) -> Result<Registration> {
    owned(db, scope, event_id).await?;
    q!(
        format!("SELECT {RCOLS} FROM event_registrations r WHERE r.id = $1 AND r.event_id = $2"),
        id,
        event_id
    )
    .one(db)
    .await
}

/// What a cancellation did: the cancelled registration and whom it let in.
pub struct Cancelled {
    pub registration: Registration,
    pub promoted: Vec<Registration>,
}

async fn cancel_in(db: &Db, r: &Registration) -> Result<Cancelled> {
    let mut tx = db.begin().await?;
    let n = q!(
        "UPDATE event_registrations SET status = 'cancelled', waitlisted_at = NULL, updated_at = $3 WHERE id = $1 AND status = $2",
        r.id,
        r.status.clone(),
        crate::now()
    )
    .run(&mut tx)
    .await?;
    let mut promoted = Vec::new();
    if n == 1 && r.status() == Status::Confirmed {
        release_seat(&mut tx, r.event_id).await?;
        promoted = promote(&mut tx, r.event_id).await?;
    }
    tx.commit().await?;
    Ok(Cancelled {
        registration: registration(db, r.id).await?,
        promoted: registrations_by_ids(db, &promoted).await?,
    })
}

/// The registrant cancels through their ticket link.
pub async fn cancel_by_ticket(db: &Db, ticket: &str) -> Result<Cancelled> {
    let (r, _) = by_ticket(db, ticket).await?;
    if !r.status().is_active() {
        return Err(Error::NotFound);
    }
    cancel_in(db, &r).await
}

/// Staff cancel someone's registration.
pub async fn cancel_by_staff(db: &Db, scope: &Scope, event_id: i64, id: i64) -> Result<Cancelled> {
    let r = owned_registration(db, scope, event_id, id).await?;
    if !r.status().is_active() {
        return Err(Error::NotFound);
    }
    cancel_in(db, &r).await
}

/// Staff approve a pending registration: a seat if one is left, else the waitlist.
pub async fn approve(db: &Db, scope: &Scope, event_id: i64, id: i64) -> Result<Registration> {
    let r = owned_registration(db, scope, event_id, id).await?;
    if r.status() != Status::Pending {
        return Err(Error::NotFound);
    }
    let mut tx = db.begin().await?;
    let seat = take_seat(&mut tx, event_id).await?;
    let now = crate::now();
    let (status, at) = if seat {
        ("confirmed", None)
    } else {
        ("waitlisted", Some(now.clone()))
    };
    let n = q!(
        "UPDATE event_registrations SET status = $2, waitlisted_at = $3, updated_at = $4 WHERE id = $1 AND status = 'pending'",
        id, status, at, now
    )
    .run(&mut tx)
    .await?;
    if n != 1 {
        return Err(Error::NotFound);
    }
    tx.commit().await?;
    registration(db, id).await
}

pub async fn reject(db: &Db, scope: &Scope, event_id: i64, id: i64) -> Result<Registration> {
    let r = owned_registration(db, scope, event_id, id).await?;
    let n = q!(
        "UPDATE event_registrations SET status = 'rejected', updated_at = $2 WHERE id = $1 AND status = 'pending'",
        r.id,
        crate::now()
    )
    .run(db)
    .await?;
    if n != 1 {
        return Err(Error::NotFound);
    }
    registration(db, id).await
}

/// Staff check someone in (once; a second scan changes nothing). Only confirmed people.
pub async fn check_in(db: &Db, scope: &Scope, event_id: i64, id: i64) -> Result<Registration> {
    let r = owned_registration(db, scope, event_id, id).await?;
    if r.status() != Status::Confirmed {
        return Err(Error::Validation(vec![FieldError::new(
            "registration",
            "not_confirmed",
        )]));
    }
    q!(
        "UPDATE event_registrations SET checked_in_at = $2, checked_in_by = $3 WHERE id = $1 AND checked_in_at IS NULL",
        r.id,
        crate::now(),
        scope.user_id()
    )
    .run(db)
    .await?;
    registration(db, id).await
}

/// Staff check in the holder of a ticket (the QR code) for an event of their cluster.
pub async fn check_in_ticket(db: &Db, scope: &Scope, ticket: &str) -> Result<Registration> {
    scope.require(scope.can_manage())?;
    let (r, e) = by_ticket(db, ticket).await?;
    if e.cluster_id != scope.cluster_id() {
        return Err(Error::NotFound);
    }
    check_in(db, scope, e.id, r.id).await
}

/// The registrations of an event (staff), filtered by name, e-mail or organisation.
pub async fn registrations(
    db: &Db,
    scope: &Scope,
    event_id: i64,
    search: &str,
) -> Result<Vec<Registration>> {
    owned(db, scope, event_id).await?;
    let mut q = q!(
        format!("SELECT {RCOLS} FROM event_registrations r WHERE r.event_id = $1"),
        event_id
    );
    let s = search.trim().to_lowercase();
    if !s.is_empty() {
        let p = q.arg(format!("%{s}%"));
        q.push(&format!(
            " AND (LOWER(r.name) LIKE {p} OR r.email_key LIKE {p} OR LOWER(COALESCE(r.organisation_name, '')) LIKE {p})"
        ));
    }
    q.push(" ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'pending' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END, r.waitlisted_at, LOWER(r.name), r.id");
    q.all(db).await
}

/// A user's own registration for an event, if any.
pub async fn mine_for(
    db: &Db,
    user_id: i64,
    email: &str,
    event_id: i64,
) -> Result<Option<Registration>> {
    q!(
        format!("SELECT {RCOLS} FROM event_registrations r WHERE r.event_id = $1 AND (r.user_id = $2 OR r.email_key = $3) ORDER BY r.id DESC LIMIT 1"),
        event_id,
        user_id,
        email.trim().to_lowercase()
    )
    .optional(db)
    .await
}

/// Every registration of a user, with its event, soonest first.
pub async fn mine(db: &Db, user_id: i64) -> Result<Vec<(Registration, Event)>> {
    let regs: Vec<Registration> = q!(
        format!("SELECT {RCOLS} FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.user_id = $1 ORDER BY e.starts_at, r.id"),
        user_id
    )
    .all(db)
    .await?;
    let mut out = Vec::new();
    for r in regs {
        let e = by_id(db, r.event_id).await?;
        out.push((r, e));
    }
    Ok(out)
}

/// Turns attendance into one activity of the event's kind (staff), once: attendees are the
/// people checked in, with their organisations and people. Returns the activity's id.
pub async fn close_attendance(db: &Db, scope: &Scope, event_id: i64) -> Result<i64> {
    let e = owned(db, scope, event_id).await?;
    if let Some(a) = e.activity_id {
        return Ok(a);
    }
    let attended: Vec<(Option<i64>, Option<i64>)> = q!(
        "SELECT organisation_id, person_id FROM event_registrations WHERE event_id = $1 AND checked_in_at IS NOT NULL",
        event_id
    )
    .all(db)
    .await?;
    // The activity links only this cluster's members and their people (guests and members of
    // clusters the event was shared with count as attendees): a member's organisation, and
    // the person whose e-mail the registrant used, when they work for a member.
    let organisations: Vec<(i64,)> = q!(
        "SELECT DISTINCT r.organisation_id FROM event_registrations r JOIN memberships m ON m.organisation_id = r.organisation_id AND m.cluster_id = $2
         WHERE r.event_id = $1 AND r.checked_in_at IS NOT NULL ORDER BY r.organisation_id",
        event_id,
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let people: Vec<(i64,)> = q!(
        "SELECT DISTINCT p.id FROM event_registrations r JOIN people p ON LOWER(p.email) = r.email_key
         JOIN affiliations a ON a.person_id = p.id JOIN memberships m ON m.organisation_id = a.organisation_id AND m.cluster_id = $2
         WHERE r.event_id = $1 AND r.checked_in_at IS NOT NULL ORDER BY p.id",
        event_id,
        scope.cluster_id()
    )
    .all(db)
    .await?;
    let kind = clusterhub_core::model::ActivityKind::parse("kind", &e.kind)
        .map_err(|f| Error::Validation(vec![f]))?;
    let subtype = e
        .subtype
        .as_deref()
        .and_then(|s| kind.subtypes().iter().copied().find(|x| *x == s));
    let organisations: Vec<i64> = organisations.into_iter().map(|o| o.0).collect();
    let people: Vec<i64> = people.into_iter().map(|p| p.0).collect();
    let starts = clusterhub_core::parse::parse_stamp(&e.starts_at)
        .ok_or_else(|| Error::Internal("event start".into()))?;
    let ends = clusterhub_core::parse::parse_stamp(&e.ends_at);
    let title = e
        .title
        .pick("es", &["es", "en", "eu", "fr"])
        .map(|p| p.text.to_string())
        .unwrap_or_default();
    let draft = clusterhub_plan::activity::ActivityDraft {
        kind,
        subtype,
        scope: None,
        counterpart: None,
        external: false,
        title,
        description: String::new(),
        starts_on: starts.date(),
        ends_on: ends.map(|d| d.date()).filter(|d| *d != starts.date()),
        place: e.place.clone(),
        attendees: attended.len() as i64,
        amount_cents: 0,
        items: Vec::new(),
        organisations,
        people,
    };
    let mut tx = db.begin().await?;
    let current: (Option<i64>,) = q!("SELECT activity_id FROM events WHERE id = $1", event_id)
        .one(&mut tx)
        .await?;
    if let Some(a) = current.0 {
        return Ok(a);
    }
    let (activity, _) = crate::activities::insert_in(&mut tx, scope, &draft).await?;
    q!(
        "UPDATE events SET activity_id = $2, updated_at = $3 WHERE id = $1 AND activity_id IS NULL",
        event_id,
        activity,
        crate::now()
    )
    .run(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(activity)
}

// ---------------------------------------------------------------------------------------------
// Calendars and reminders

/// Published (and cancelled) events of a cluster and those shared with it, for its public
/// calendar feed.
pub async fn feed(db: &Db, cluster_id: i64) -> Result<Vec<Event>> {
    let rows: Vec<Row> = q!(
        format!("SELECT {COLS} FROM events e WHERE e.status <> 'draft' AND (e.cluster_id = $1 OR EXISTS (SELECT 1 FROM event_shares s WHERE s.event_id = e.id AND s.cluster_id = $1)) ORDER BY e.starts_at, e.id"),
        cluster_id
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(Event::from).collect())
}

/// A user's calendar token, made on first use.
pub async fn calendar_token(db: &Db, user_id: i64) -> Result<String> {
    let existing: Option<(String,)> = q!(
        "SELECT token FROM calendar_tokens WHERE user_id = $1",
        user_id
    )
    .optional(db)
    .await?;
    if let Some((t,)) = existing {
        return Ok(t);
    }
    let token = new_ticket()?;
    q!(
        "INSERT INTO calendar_tokens (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        user_id,
        token,
        crate::now()
    )
    .run(db)
    .await?;
    let (t,): (String,) = q!(
        "SELECT token FROM calendar_tokens WHERE user_id = $1",
        user_id
    )
    .one(db)
    .await?;
    Ok(t)
}

/// The user a calendar token belongs to.
pub async fn calendar_user(db: &Db, token: &str) -> Result<i64> {
    if token.len() < 20 {
        return Err(Error::NotFound);
    }
    q!(
        "SELECT user_id FROM calendar_tokens WHERE token = $1",
        token
    )
    .int(db)
    .await
}

/// Confirmed registrations whose event starts between `from` and `to` and who have had no
/// reminder yet; only for the events of `cluster` when given.
pub async fn reminders_due(
    db: &Db,
    from: &str,
    to: &str,
    cluster: Option<i64>,
) -> Result<Vec<Registration>> {
    q!(
        format!("SELECT {RCOLS} FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.status = 'confirmed' AND r.reminder_sent_at IS NULL AND e.status = 'published' AND e.starts_at > $1 AND e.starts_at <= $2 AND ($3 IS NULL OR e.cluster_id = $3) ORDER BY r.id"),
        from,
        to,
        cluster
    )
    .all(db)
    .await
}

/// Claims a reminder before sending it: true for exactly one caller.
pub async fn claim_reminder(db: &Db, id: i64) -> Result<bool> {
    let n = q!(
        "UPDATE event_registrations SET reminder_sent_at = $2 WHERE id = $1 AND reminder_sent_at IS NULL",
        id,
        crate::now()
    )
    .run(db)
    .await?;
    Ok(n == 1)
}

/// The people checked in at an event (for certificates), by name.
pub async fn attendees(db: &Db, event_id: i64) -> Result<Vec<Registration>> {
    q!(
        format!("SELECT {RCOLS} FROM event_registrations r WHERE r.event_id = $1 AND r.checked_in_at IS NOT NULL ORDER BY LOWER(r.name), r.id"),
        event_id
    )
    .all(db)
    .await
}
