//! B2B matchmaking at an event: participants, marketplace items, meeting requests, availability,
//! slots and tables, the schedule, outcomes.
//!
//! Who sees what: an event belongs to one cluster (`events.cluster_id`); its B2B pages exist only
//! under that cluster. The cluster's staff organise; a participant is a confirmed registration
//! of the event with a user, and sees the published profiles of the same event, its own
//! requests, its agenda once published. Everything goes through [`access`], which makes the
//! [`Access`] value every other function here takes: an event of another cluster is not found.
//!
//! Double-booking: a meeting holds its (slot, table) by `UNIQUE (event_id, slot_id, table_no)`
//! and each of its two participants holds the slot in `b2b_bookings` (`PRIMARY KEY (event_id,
//! participant_id, slot_id)`), written in the same transaction; whatever the interleaving of two
//! writers, the database refuses the second.

use crate::{Db, Result, Tx, q};
use clusterhub_core::access::Scope;
use clusterhub_core::b2b::{ItemInput, Outcome, ProfileInput, RequestInput, RequestStatus};
use clusterhub_core::{Error, FieldError};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct B2bEvent {
    pub id: i64,
    pub cluster_id: i64,
    /// MultiText JSON.
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub place: Option<String>,
}

const EVENT_COLS: &str = "id, cluster_id, title, starts_at, ends_at, time_zone, place";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Participant {
    pub id: i64,
    pub event_id: i64,
    pub registration_id: i64,
    pub user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub name: String,
    pub organisation_name: String,
    pub profile: String,
    pub tags: String,
    pub published: bool,
}

const PARTICIPANT_COLS: &str = "id, event_id, registration_id, user_id, organisation_id, name, organisation_name, profile, tags, published";

/// What the requester may do at one B2B event; made only by [`access`].
#[derive(Debug, Clone)]
pub struct Access {
    event: B2bEvent,
    me: Option<Participant>,
    organiser: bool,
    user_id: Option<i64>,
}

impl Access {
    pub fn event(&self) -> &B2bEvent {
        &self.event
    }
    /// The requester as a participant of this event.
    pub fn me(&self) -> Option<&Participant> {
        self.me.as_ref()
    }
    /// The participant, or why not: organisers who are not registered cannot ask for meetings.
    pub fn participant(&self) -> Result<&Participant> {
        self.me
            .as_ref()
            .ok_or_else(|| Error::invalid("to", "b2b_not_registered"))
    }
    pub fn organiser(&self) -> bool {
        self.organiser
    }
    pub fn require_organiser(&self) -> Result<()> {
        if self.organiser {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// The B2B events of the scope's cluster an insider may open, soonest first.
pub async fn events(db: &Db, scope: &Scope) -> Result<Vec<B2bEvent>> {
    scope.require(scope.is_insider())?;
    // Staff see every B2B event of the cluster; others those they are registered for.
    q!(
        format!(
            "SELECT {EVENT_COLS} FROM events e WHERE cluster_id = $1 AND b2b AND status <> 'cancelled'
             AND ($2 OR EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = e.id AND r.user_id = $3 AND r.status = 'confirmed'))
             ORDER BY starts_at, id"
        ),
        scope.cluster_id(),
        scope.can_manage(),
        scope.user_id()
    )
    .all(db)
    .await
}

/// The gate: the event must be a B2B event of the scope's cluster, and the requester its
/// organiser (cluster staff) or a participant (confirmed registration with their user). A
/// registered user's participant row is made on first visit.
pub async fn access(db: &Db, scope: &Scope, event_id: i64) -> Result<Access> {
    let event: B2bEvent = q!(
        format!("SELECT {EVENT_COLS} FROM events WHERE id = $1 AND cluster_id = $2 AND b2b"),
        event_id,
        scope.cluster_id()
    )
    .optional(db)
    .await?
    .ok_or(Error::NotFound)?;
    let me = match scope.user_id() {
        Some(uid) => ensure_participant(db, event_id, uid).await?,
        None => None,
    };
    let organiser = scope.can_manage();
    if me.is_none() && !organiser {
        // Not a participant: indistinguishable from an event that is not there.
        scope.require(scope.user_id().is_some())?;
        return Err(Error::NotFound);
    }
    Ok(Access {
        event,
        me,
        organiser,
        user_id: scope.user_id(),
    })
}

async fn ensure_participant(db: &Db, event_id: i64, user_id: i64) -> Result<Option<Participant>> {
    let reg: Option<(i64,)> = q!(
        "SELECT id FROM event_registrations WHERE event_id = $1 AND user_id = $2 AND status = 'confirmed' ORDER BY id LIMIT 1",
        event_id,
        user_id
    )
    .optional(db)
    .await?;
    let Some((reg,)) = reg else {
        return Ok(None);
    };
    let find = || {
        q!(
            format!("SELECT {PARTICIPANT_COLS} FROM b2b_participants WHERE registration_id = $1"),
            reg
        )
    };
    if let Some(p) = find().optional(db).await? {
        return Ok(Some(p));
    }
    q!(
        "INSERT INTO b2b_participants (event_id, registration_id, user_id, person_id, organisation_id, name, organisation_name, created_at, updated_at)
         SELECT r.event_id, r.id, r.user_id, r.person_id, r.organisation_id, r.name, COALESCE(r.organisation_name, ''), $2, $2
         FROM event_registrations r WHERE r.id = $1
         ON CONFLICT DO NOTHING",
        reg,
        crate::now()
    )
    .run(db)
    .await?;
    find().optional(db).await
}

/// Makes the participant rows of every confirmed registration (the organiser's view, and
/// before a run, so nobody registered is missing).
pub async fn sync_participants(db: &Db, a: &Access) -> Result<()> {
    let now = crate::now();
    q!(
        "INSERT INTO b2b_participants (event_id, registration_id, user_id, person_id, organisation_id, name, organisation_name, created_at, updated_at)
         SELECT r.event_id, r.id, r.user_id, r.person_id, r.organisation_id, r.name, COALESCE(r.organisation_name, ''), $2, $2
         FROM event_registrations r WHERE r.event_id = $1 AND r.status = 'confirmed'
         ON CONFLICT DO NOTHING",
        a.event.id,
        now
    )
    .run(db)
    .await?;
    Ok(())
}

/// Participants of the event: published ones only unless `all` (the organiser), filtered by
/// words found in their name, organisation, profile, tags or marketplace items.
pub async fn participants(
    db: &Db,
    a: &Access,
    filter: &str,
    all: bool,
) -> Result<Vec<Participant>> {
    let all = all && a.organiser;
    let list: Vec<Participant> = q!(
        format!("SELECT {PARTICIPANT_COLS} FROM b2b_participants WHERE event_id = $1 AND (published OR $2) ORDER BY organisation_name, name, id"),
        a.event.id,
        all
    )
    .all(db)
    .await?;
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Ok(list);
    }
    let items = items(db, a, "").await?;
    Ok(list
        .into_iter()
        .filter(|p| {
            let mut hay = format!(
                "{} {} {} {}",
                p.name, p.organisation_name, p.profile, p.tags
            )
            .to_lowercase();
            for i in items.iter().filter(|i| i.participant_id == p.id) {
                hay.push(' ');
                hay.push_str(&i.title.to_lowercase());
                hay.push(' ');
                hay.push_str(&i.description.to_lowercase());
            }
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect())
}

pub async fn save_profile(db: &Db, a: &Access, input: &ProfileInput) -> Result<()> {
    let me = a.participant()?;
    q!(
        "UPDATE b2b_participants SET profile = $1, tags = $2, published = $3, updated_at = $4 WHERE id = $5",
        &input.profile,
        &input.tags,
        input.published,
        crate::now(),
        me.id
    )
    .run(db)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Marketplace

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub participant_id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub participant_name: String,
    pub organisation_name: String,
}

/// Items of published participants (and one's own), filtered by words.
pub async fn items(db: &Db, a: &Access, filter: &str) -> Result<Vec<Item>> {
    let me = a.me.as_ref().map(|p| p.id).unwrap_or(0);
    let list: Vec<Item> = q!(
        "SELECT i.id, i.participant_id, i.kind, i.title, i.description, p.name AS participant_name, p.organisation_name
         FROM b2b_items i JOIN b2b_participants p ON p.id = i.participant_id
         WHERE i.event_id = $1 AND (p.published OR p.id = $2 OR $3) ORDER BY i.kind, i.id",
        a.event.id,
        me,
        a.organiser
    )
    .all(db)
    .await?;
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    Ok(list
        .into_iter()
        .filter(|i| {
            let hay = format!(
                "{} {} {} {}",
                i.title, i.description, i.participant_name, i.organisation_name
            )
            .to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect())
}

pub async fn add_item(db: &Db, a: &Access, input: &ItemInput) -> Result<i64> {
    let me = a.participant()?;
    q!(
        "INSERT INTO b2b_items (event_id, participant_id, kind, title, description, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        a.event.id,
        me.id,
        input.kind.as_str(),
        &input.title,
        &input.description,
        crate::now()
    )
    .int(db)
    .await
}

pub async fn delete_item(db: &Db, a: &Access, item: i64) -> Result<()> {
    let me = a.participant()?;
    let n = q!(
        "DELETE FROM b2b_items WHERE id = $1 AND event_id = $2 AND participant_id = $3",
        item,
        a.event.id,
        me.id
    )
    .run(db)
    .await?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Meeting requests

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Request {
    pub id: i64,
    pub from_participant: i64,
    pub to_participant: i64,
    pub message: String,
    pub status: String,
    pub mutual: bool,
    pub from_starred: bool,
    pub to_starred: bool,
    pub created_at: String,
    pub from_name: String,
    pub from_organisation: String,
    pub to_name: String,
    pub to_organisation: String,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.from_participant, r.to_participant, r.message, r.status, r.mutual, r.from_starred, r.to_starred, r.created_at,
    f.name AS from_name, f.organisation_name AS from_organisation, t.name AS to_name, t.organisation_name AS to_organisation
    FROM b2b_requests r JOIN b2b_participants f ON f.id = r.from_participant JOIN b2b_participants t ON t.id = r.to_participant";

impl Request {
    /// The other side, seen from participant `me`: (id, name, organisation).
    pub fn counterpart(&self, me: i64) -> (i64, &str, &str) {
        if self.from_participant == me {
            (self.to_participant, &self.to_name, &self.to_organisation)
        } else {
            (
                self.from_participant,
                &self.from_name,
                &self.from_organisation,
            )
        }
    }
    pub fn starred_by(&self, me: i64) -> bool {
        if self.from_participant == me {
            self.from_starred
        } else {
            self.to_starred
        }
    }
}

/// What the request page shows: whether the pair already has a request.
pub async fn requests_of(db: &Db, a: &Access, participant: i64) -> Result<Vec<Request>> {
    q!(
        format!("{REQUEST_SELECT} WHERE r.event_id = $1 AND (r.from_participant = $2 OR r.to_participant = $2) ORDER BY r.created_at DESC, r.id DESC"),
        a.event.id,
        participant
    )
    .all(db)
    .await
}

pub async fn all_requests(db: &Db, a: &Access) -> Result<Vec<Request>> {
    a.require_organiser()?;
    q!(
        format!("{REQUEST_SELECT} WHERE r.event_id = $1 ORDER BY r.id"),
        a.event.id
    )
    .all(db)
    .await
}

/// Asks a participant of the same event for a meeting. The pair has one request whoever asked
/// first: asking someone who already asked you accepts theirs as mutual interest; asking again
/// is a duplicate. The target must be a published participant of this event.
pub async fn request_meeting(db: &Db, a: &Access, input: &RequestInput) -> Result<i64> {
    let me = a.participant()?;
    if input.to == me.id {
        return Err(Error::invalid("to", "b2b_self_request"));
    }
    let target: Option<(i64,)> = q!(
        "SELECT id FROM b2b_participants WHERE id = $1 AND event_id = $2 AND published",
        input.to,
        a.event.id
    )
    .optional(db)
    .await?;
    if target.is_none() {
        return Err(Error::Validation(vec![
            FieldError::new("to", "b2b_not_participant").detail(input.to.to_string()),
        ]));
    }
    let (low, high) = (me.id.min(input.to), me.id.max(input.to));
    let mut tx = db.begin().await?;
    let existing: Option<(i64, i64, String, String)> = q!(
        "SELECT id, from_participant, status, message FROM b2b_requests WHERE event_id = $1 AND low_participant = $2 AND high_participant = $3",
        a.event.id,
        low,
        high
    )
    .optional(&mut tx)
    .await?;
    let now = crate::now();
    let id = match existing {
        Some((id, from, status, message)) if from != me.id && status == "pending" => {
            let message = if input.message.is_empty() {
                message
            } else {
                format!("{message}\n\n{}", input.message)
            };
            q!(
                "UPDATE b2b_requests SET status = 'accepted', mutual = TRUE, answered_at = $1, message = $2 WHERE id = $3",
                &now,
                message,
                id
            )
            .run(&mut tx)
            .await?;
            id
        }
        Some(_) => return Err(Error::invalid("to", "b2b_duplicate_request")),
        None => q!(
            "INSERT INTO b2b_requests (event_id, from_participant, to_participant, low_participant, high_participant, message, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) RETURNING id",
            a.event.id, me.id, input.to, low, high, &input.message, &now
        )
        .int(&mut tx)
        .await
        .map_err(|e| match e {
            Error::Conflict(_) => Error::invalid("to", "b2b_duplicate_request"),
            e => e,
        })?,
    };
    tx.commit().await?;
    Ok(id)
}

/// What a participant does with a request: the receiver accepts or declines a pending one, the
/// sender cancels it, either side stars or unstars it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accept,
    Decline,
    Cancel,
    Star,
    Unstar,
}

impl Answer {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "accept" => Answer::Accept,
            "decline" => Answer::Decline,
            "cancel" => Answer::Cancel,
            "star" => Answer::Star,
            "unstar" => Answer::Unstar,
            _ => return None,
        })
    }
}

pub async fn answer(db: &Db, a: &Access, request: i64, answer: Answer) -> Result<()> {
    let me = a.participant()?;
    let r: Request = q!(
        format!("{REQUEST_SELECT} WHERE r.id = $1 AND r.event_id = $2 AND (r.from_participant = $3 OR r.to_participant = $3)"),
        request,
        a.event.id,
        me.id
    )
    .optional(db)
    .await?
    .ok_or(Error::NotFound)?;
    let status = RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Pending);
    let receiver = r.to_participant == me.id;
    let now = crate::now();
    let new_status = match answer {
        Answer::Accept | Answer::Decline if !receiver => return Err(Error::Forbidden),
        Answer::Accept | Answer::Decline if status != RequestStatus::Pending => {
            return Err(Error::invalid("status", "b2b_not_pending"));
        }
        Answer::Accept => Some(RequestStatus::Accepted),
        Answer::Decline => Some(RequestStatus::Declined),
        Answer::Cancel if receiver => return Err(Error::Forbidden),
        Answer::Cancel => Some(RequestStatus::Cancelled),
        Answer::Star | Answer::Unstar => None,
    };
    let mut tx = db.begin().await?;
    if let Some(s) = new_status {
        if s == RequestStatus::Cancelled || s == RequestStatus::Declined {
            unschedule_request(&mut tx, request).await?;
        }
        q!(
            "UPDATE b2b_requests SET status = $1, answered_at = $2 WHERE id = $3",
            s.as_str(),
            &now,
            request
        )
        .run(&mut tx)
        .await?;
    } else {
        let on = answer == Answer::Star;
        let col = if receiver {
            "to_starred"
        } else {
            "from_starred"
        };
        q!(
            format!("UPDATE b2b_requests SET {col} = $1 WHERE id = $2"),
            on,
            request
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await
}

async fn unschedule_request(tx: &mut Tx, request: i64) -> Result<()> {
    q!(
        "DELETE FROM b2b_outcomes WHERE meeting_id IN (SELECT id FROM b2b_meetings WHERE request_id = $1)",
        request
    )
    .run(&mut *tx)
    .await?;
    q!(
        "DELETE FROM b2b_bookings WHERE meeting_id IN (SELECT id FROM b2b_meetings WHERE request_id = $1)",
        request
    )
    .run(&mut *tx)
    .await?;
    q!("DELETE FROM b2b_meetings WHERE request_id = $1", request)
        .run(&mut *tx)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Slots and availability

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Slot {
    pub id: i64,
    pub number: i64,
    /// UTC instants.
    pub starts_at: String,
    pub ends_at: String,
    pub tables: i64,
}

pub async fn slots(db: &Db, a: &Access) -> Result<Vec<Slot>> {
    q!(
        "SELECT id, number, starts_at, ends_at, tables FROM b2b_slots WHERE event_id = $1 ORDER BY number",
        a.event.id
    )
    .all(db)
    .await
}

/// Replaces the event's slots (UTC start and end, tables in each). The schedule and the
/// availability answers were about the old slots, so they go too; refused once outcomes exist.
pub async fn replace_slots(
    db: &Db,
    a: &Access,
    slots: &[(String, String)],
    tables: i64,
) -> Result<()> {
    a.require_organiser()?;
    let mut tx = db.begin().await?;
    lock_schedule(&mut tx, a.event.id).await?;
    let outcomes = q!(
        "SELECT COUNT(*) FROM b2b_outcomes o JOIN b2b_meetings m ON m.id = o.meeting_id WHERE m.event_id = $1",
        a.event.id
    )
    .int(&mut tx)
    .await?;
    if outcomes > 0 {
        return Err(Error::invalid("start", "b2b_outcomes_recorded"));
    }
    let ev = a.event.id;
    q!("DELETE FROM b2b_bookings WHERE event_id = $1", ev)
        .run(&mut tx)
        .await?;
    q!("DELETE FROM b2b_meetings WHERE event_id = $1", ev)
        .run(&mut tx)
        .await?;
    q!(
        "DELETE FROM b2b_availability WHERE slot_id IN (SELECT id FROM b2b_slots WHERE event_id = $1)",
        ev
    )
    .run(&mut tx)
    .await?;
    q!("DELETE FROM b2b_slots WHERE event_id = $1", ev)
        .run(&mut tx)
        .await?;
    for (i, (s, e)) in slots.iter().enumerate() {
        q!(
            "INSERT INTO b2b_slots (event_id, number, starts_at, ends_at, tables) VALUES ($1, $2, $3, $4, $5)",
            ev,
            i as i64 + 1,
            s,
            e,
            tables
        )
        .run(&mut tx)
        .await?;
    }
    reset_run(&mut tx, ev).await?;
    crate::audit::record(
        &mut tx,
        Some(a.event.cluster_id),
        a.user_id,
        "b2b_event",
        ev,
        "slots",
        serde_json::json!({ "slots": slots.len(), "tables": tables }),
    )
    .await?;
    tx.commit().await
}

async fn reset_run(tx: &mut Tx, event: i64) -> Result<()> {
    q!(
        "INSERT INTO b2b_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING",
        event
    )
    .run(&mut *tx)
    .await?;
    q!(
        "UPDATE b2b_events SET published_at = NULL WHERE event_id = $1",
        event
    )
    .run(&mut *tx)
    .await?;
    Ok(())
}

/// Takes the event's schedule lock for the rest of the transaction: the organiser's writes to
/// one schedule (runs, moves, new slots) queue on PostgreSQL as they do on SQLite (BEGIN
/// IMMEDIATE), so two of them never deadlock on each other's rows. Collisions are still refused
/// by the unique constraints, not by this lock.
async fn lock_schedule(tx: &mut Tx, event: i64) -> Result<()> {
    q!(
        "INSERT INTO b2b_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING",
        event
    )
    .run(&mut *tx)
    .await?;
    q!(
        "UPDATE b2b_events SET event_id = event_id WHERE event_id = $1",
        event
    )
    .run(&mut *tx)
    .await?;
    Ok(())
}

/// The slots a participant is NOT available in (no row, or `available` true: available).
pub async fn unavailable(db: &Db, participant: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q!(
        "SELECT slot_id FROM b2b_availability WHERE participant_id = $1 AND NOT available",
        participant
    )
    .all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Stores the participant's answer for every slot of the event: available in `available`,
/// not in the others.
pub async fn set_availability(db: &Db, a: &Access, available: &[i64]) -> Result<()> {
    let me = a.participant()?;
    let all = slots(db, a).await?;
    let mut tx = db.begin().await?;
    for s in &all {
        let on = available.contains(&s.id);
        q!(
            "INSERT INTO b2b_availability (participant_id, slot_id, available) VALUES ($1, $2, $3)
             ON CONFLICT (participant_id, slot_id) DO UPDATE SET available = excluded.available",
            me.id,
            s.id,
            on
        )
        .run(&mut tx)
        .await?;
    }
    tx.commit().await
}

// ---------------------------------------------------------------------------------------------
// The schedule

/// An accepted request, as the scheduler needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Accepted {
    pub id: i64,
    pub from_participant: i64,
    pub to_participant: i64,
    pub mutual: bool,
    pub from_starred: bool,
    pub to_starred: bool,
    /// Its meeting when it is locked.
    pub locked_slot: Option<i64>,
    pub locked_table: Option<i64>,
}

/// Everything a run reads.
#[derive(Debug, Clone)]
pub struct RunInput {
    pub participants: Vec<i64>,
    pub slots: Vec<Slot>,
    /// (participant, slot) pairs marked unavailable.
    pub unavailable: Vec<(i64, i64)>,
    pub accepted: Vec<Accepted>,
}

pub async fn run_input(db: &Db, a: &Access) -> Result<RunInput> {
    a.require_organiser()?;
    sync_participants(db, a).await?;
    let ev = a.event.id;
    let participants: Vec<(i64,)> = q!(
        "SELECT id FROM b2b_participants WHERE event_id = $1 ORDER BY id",
        ev
    )
    .all(db)
    .await?;
    let unavailable: Vec<(i64, i64)> = q!(
        "SELECT v.participant_id, v.slot_id FROM b2b_availability v JOIN b2b_slots s ON s.id = v.slot_id WHERE s.event_id = $1 AND NOT v.available",
        ev
    )
    .all(db)
    .await?;
    let accepted: Vec<Accepted> = q!(
        "SELECT r.id, r.from_participant, r.to_participant, r.mutual, r.from_starred, r.to_starred,
                CASE WHEN m.locked THEN m.slot_id END AS locked_slot, CASE WHEN m.locked THEN m.table_no END AS locked_table
         FROM b2b_requests r LEFT JOIN b2b_meetings m ON m.request_id = r.id
         WHERE r.event_id = $1 AND r.status = 'accepted'
           -- Both still registered: a cancelled registration takes its meetings off the schedule.
           AND NOT EXISTS (SELECT 1 FROM b2b_participants p JOIN event_registrations g ON g.id = p.registration_id
                           WHERE p.id IN (r.from_participant, r.to_participant) AND g.status <> 'confirmed')
         ORDER BY r.id",
        ev
    )
    .all(db)
    .await?;
    Ok(RunInput {
        participants: participants.into_iter().map(|r| r.0).collect(),
        slots: slots(db, a).await?,
        unavailable,
        accepted,
    })
}

/// What a run decided.
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    /// (request, slot id, table number from 1) for the meetings not locked.
    pub placed: Vec<(i64, i64, i64)>,
    pub held: i64,
    pub weight: i64,
    pub optimal: bool,
}

/// The meetings a run replaces: those not locked, and locked ones whose request is no longer
/// accepted or whose participant is no longer registered (they are not in the run's input).
const REPLACED: &str = "SELECT m.id FROM b2b_meetings m JOIN b2b_requests r ON r.id = m.request_id
    WHERE m.event_id = $1 AND (NOT m.locked OR r.status <> 'accepted'
      OR EXISTS (SELECT 1 FROM b2b_participants p JOIN event_registrations g ON g.id = p.registration_id
                 WHERE p.id IN (r.from_participant, r.to_participant) AND g.status <> 'confirmed'))";

/// Stores a run: the meetings not locked are replaced by the run's, with their bookings, in one
/// transaction; the schedule is unpublished until the organiser publishes it again.
pub async fn store_run(db: &Db, a: &Access, r: &RunResult) -> Result<()> {
    a.require_organiser()?;
    let ev = a.event.id;
    let mut tx = db.begin().await?;
    lock_schedule(&mut tx, ev).await?;
    q!(
        format!("DELETE FROM b2b_outcomes WHERE meeting_id IN ({REPLACED})"),
        ev
    )
    .run(&mut tx)
    .await?;
    q!(
        format!("DELETE FROM b2b_bookings WHERE meeting_id IN ({REPLACED})"),
        ev
    )
    .run(&mut tx)
    .await?;
    q!(
        format!("DELETE FROM b2b_meetings WHERE id IN ({REPLACED})"),
        ev
    )
    .run(&mut tx)
    .await?;
    let now = crate::now();
    for &(request, slot, table) in &r.placed {
        place(&mut tx, ev, request, slot, table, false, &now).await?;
    }
    reset_run(&mut tx, ev).await?;
    q!(
        "UPDATE b2b_events SET run_at = $1, run_held = $2, run_weight = $3, run_optimal = $4 WHERE event_id = $5",
        &now,
        r.held,
        r.weight,
        r.optimal,
        ev
    )
    .run(&mut tx)
    .await?;
    crate::audit::record(
        &mut tx,
        Some(a.event.cluster_id),
        a.user_id,
        "b2b_event",
        ev,
        "schedule",
        serde_json::json!({ "held": r.held, "weight": r.weight }),
    )
    .await?;
    tx.commit().await
}

/// One meeting and its two bookings. A collision with another meeting's table or person is the
/// database's unique constraint, reported as a clear error.
async fn place(
    tx: &mut Tx,
    event: i64,
    request: i64,
    slot: i64,
    table: i64,
    locked: bool,
    now: &str,
) -> Result<i64> {
    let (from, to): (i64, i64) = q!(
        "SELECT from_participant, to_participant FROM b2b_requests WHERE id = $1 AND event_id = $2",
        request,
        event
    )
    .one(&mut *tx)
    .await?;
    let id = q!(
        "INSERT INTO b2b_meetings (event_id, request_id, slot_id, table_no, locked, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        event, request, slot, table, locked, now
    )
    .int(&mut *tx)
    .await
    .map_err(taken("table", "b2b_table_taken"))?;
    book(tx, event, id, slot, from, to).await?;
    Ok(id)
}

async fn book(tx: &mut Tx, event: i64, meeting: i64, slot: i64, from: i64, to: i64) -> Result<()> {
    for p in [from, to] {
        q!(
            "INSERT INTO b2b_bookings (event_id, participant_id, slot_id, meeting_id) VALUES ($1, $2, $3, $4)",
            event,
            p,
            slot,
            meeting
        )
        .run(&mut *tx)
        .await
        .map_err(taken("slot", "b2b_person_busy"))?;
    }
    Ok(())
}

fn taken(field: &'static str, code: &'static str) -> impl Fn(Error) -> Error {
    move |e| match e {
        Error::Conflict(_) => Error::invalid(field, code),
        e => e,
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub request_id: i64,
    pub slot_id: i64,
    pub slot_number: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub table_no: i64,
    pub locked: bool,
    pub a_id: i64,
    pub a_name: String,
    pub a_organisation: String,
    pub b_id: i64,
    pub b_name: String,
    pub b_organisation: String,
    pub message: String,
}

const MEETING_SELECT: &str = "SELECT m.id, m.request_id, m.slot_id, s.number AS slot_number, s.starts_at, s.ends_at, m.table_no, m.locked,
    f.id AS a_id, f.name AS a_name, f.organisation_name AS a_organisation, t.id AS b_id, t.name AS b_name, t.organisation_name AS b_organisation, r.message
    FROM b2b_meetings m JOIN b2b_slots s ON s.id = m.slot_id JOIN b2b_requests r ON r.id = m.request_id
    JOIN b2b_participants f ON f.id = r.from_participant JOIN b2b_participants t ON t.id = r.to_participant";

impl Meeting {
    /// The other side, seen from participant `me`: (id, name, organisation).
    pub fn counterpart(&self, me: i64) -> (i64, &str, &str) {
        if self.a_id == me {
            (self.b_id, &self.b_name, &self.b_organisation)
        } else {
            (self.a_id, &self.a_name, &self.a_organisation)
        }
    }
}

/// The whole schedule (organiser).
pub async fn meetings(db: &Db, a: &Access) -> Result<Vec<Meeting>> {
    a.require_organiser()?;
    q!(
        format!("{MEETING_SELECT} WHERE m.event_id = $1 ORDER BY s.number, m.table_no"),
        a.event.id
    )
    .all(db)
    .await
}

#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct RunInfo {
    pub run_at: Option<String>,
    pub run_held: i64,
    pub run_weight: i64,
    pub run_optimal: bool,
    pub published_at: Option<String>,
}

pub async fn run_info(db: &Db, a: &Access) -> Result<RunInfo> {
    Ok(q!(
        "SELECT run_at, run_held, run_weight, run_optimal, published_at FROM b2b_events WHERE event_id = $1",
        a.event.id
    )
    .optional(db)
    .await?
    .unwrap_or_default())
}

pub async fn set_locked(db: &Db, a: &Access, meeting: i64, locked: bool) -> Result<()> {
    a.require_organiser()?;
    let n = q!(
        "UPDATE b2b_meetings SET locked = $1 WHERE id = $2 AND event_id = $3",
        locked,
        meeting,
        a.event.id
    )
    .run(db)
    .await?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Moves a meeting by hand to (slot, table) and locks it there. Both people must be available;
/// the table must be free and neither person busy in that slot, which the constraints decide
/// atomically: of two concurrent moves onto the same table or person, one wins.
pub async fn move_meeting(db: &Db, a: &Access, meeting: i64, slot: i64, table: i64) -> Result<()> {
    a.require_organiser()?;
    let ev = a.event.id;
    let (request, from, to): (i64, i64, i64) = q!(
        "SELECT m.request_id, r.from_participant, r.to_participant FROM b2b_meetings m JOIN b2b_requests r ON r.id = m.request_id WHERE m.id = $1 AND m.event_id = $2",
        meeting,
        ev
    )
    .optional(db)
    .await?
    .ok_or(Error::NotFound)?;
    let tables: Option<(i64,)> = q!(
        "SELECT tables FROM b2b_slots WHERE id = $1 AND event_id = $2",
        slot,
        ev
    )
    .optional(db)
    .await?;
    let Some((tables,)) = tables else {
        return Err(Error::invalid("slot", "b2b_unknown_slot"));
    };
    if !(1..=tables).contains(&table) {
        return Err(Error::Validation(vec![
            FieldError::new("table", "out_of_range").detail(format!("1–{tables}")),
        ]));
    }
    let busy = q!(
        "SELECT COUNT(*) FROM b2b_availability WHERE slot_id = $1 AND participant_id IN ($2, $3) AND NOT available",
        slot,
        from,
        to
    )
    .int(db)
    .await?;
    if busy > 0 {
        return Err(Error::invalid("slot", "b2b_unavailable"));
    }
    let mut tx = db.begin().await?;
    lock_schedule(&mut tx, ev).await?;
    q!("DELETE FROM b2b_bookings WHERE meeting_id = $1", meeting)
        .run(&mut tx)
        .await?;
    q!(
        "UPDATE b2b_meetings SET slot_id = $1, table_no = $2, locked = TRUE WHERE id = $3",
        slot,
        table,
        meeting
    )
    .run(&mut tx)
    .await
    .map_err(taken("table", "b2b_table_taken"))?;
    book(&mut tx, ev, meeting, slot, from, to).await?;
    crate::audit::record(
        &mut tx,
        Some(a.event.cluster_id),
        a.user_id,
        "b2b_meeting",
        meeting,
        "move",
        serde_json::json!({ "request": request, "slot": slot, "table": table }),
    )
    .await?;
    tx.commit().await
}

pub async fn publish(db: &Db, a: &Access) -> Result<()> {
    a.require_organiser()?;
    let mut tx = db.begin().await?;
    q!(
        "INSERT INTO b2b_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING",
        a.event.id
    )
    .run(&mut tx)
    .await?;
    q!(
        "UPDATE b2b_events SET published_at = $1 WHERE event_id = $2",
        crate::now(),
        a.event.id
    )
    .run(&mut tx)
    .await?;
    crate::audit::record(
        &mut tx,
        Some(a.event.cluster_id),
        a.user_id,
        "b2b_event",
        a.event.id,
        "publish",
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await
}

/// A participant's meetings, once the schedule is published (the organiser sees them before).
pub async fn agenda(db: &Db, a: &Access, participant: i64) -> Result<Vec<Meeting>> {
    if !a.organiser && a.me.as_ref().map(|p| p.id) != Some(participant) {
        return Err(Error::NotFound);
    }
    if !a.organiser && run_info(db, a).await?.published_at.is_none() {
        return Ok(Vec::new());
    }
    q!(
        format!("{MEETING_SELECT} WHERE m.event_id = $1 AND (r.from_participant = $2 OR r.to_participant = $2) ORDER BY s.number"),
        a.event.id,
        participant
    )
    .all(db)
    .await
}

// ---------------------------------------------------------------------------------------------
// Outcomes and statistics

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OutcomeRow {
    pub meeting_id: i64,
    pub outcome: String,
    pub follow_up: bool,
    pub agreement: bool,
    pub note: String,
}

pub async fn outcomes_of(db: &Db, a: &Access, participant: i64) -> Result<Vec<OutcomeRow>> {
    q!(
        "SELECT o.meeting_id, o.outcome, o.follow_up, o.agreement, o.note FROM b2b_outcomes o JOIN b2b_meetings m ON m.id = o.meeting_id
         WHERE m.event_id = $1 AND o.participant_id = $2",
        a.event.id,
        participant
    )
    .all(db)
    .await
}

/// One side's account of a meeting of theirs in the published schedule.
pub async fn record_outcome(
    db: &Db,
    a: &Access,
    meeting: i64,
    outcome: Outcome,
    follow_up: bool,
    agreement: bool,
    note: &str,
) -> Result<()> {
    let me = a.participant()?;
    let mine = agenda(db, a, me.id).await?;
    if !mine.iter().any(|m| m.id == meeting) {
        return Err(Error::NotFound);
    }
    q!(
        "INSERT INTO b2b_outcomes (meeting_id, participant_id, outcome, follow_up, agreement, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (meeting_id, participant_id) DO UPDATE SET outcome = excluded.outcome, follow_up = excluded.follow_up, agreement = excluded.agreement, note = excluded.note, updated_at = excluded.updated_at",
        meeting,
        me.id,
        outcome.as_str(),
        follow_up && outcome == Outcome::Held,
        agreement && outcome == Outcome::Held,
        note.trim(),
        crate::now()
    )
    .run(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub participants: i64,
    pub published: i64,
    pub requests: i64,
    pub accepted: i64,
    pub declined: i64,
    pub pending: i64,
    pub scheduled: i64,
    /// Meetings at least one side reported held.
    pub held: i64,
    /// Meetings a side reported as a no-show (and none as held).
    pub no_show: i64,
    pub follow_ups: i64,
    pub agreements: i64,
    pub by_organisation: Vec<OrgStats>,
}

#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow)]
pub struct OrgStats {
    pub organisation: String,
    pub sent: i64,
    pub received: i64,
    pub scheduled: i64,
    pub held: i64,
}

pub async fn stats(db: &Db, a: &Access) -> Result<Stats> {
    a.require_organiser()?;
    let ev = a.event.id;
    let c = |sql: &str| q!(sql, ev);
    let mut s = Stats {
        participants: c("SELECT COUNT(*) FROM b2b_participants WHERE event_id = $1").int(db).await?,
        published: c("SELECT COUNT(*) FROM b2b_participants WHERE event_id = $1 AND published").int(db).await?,
        requests: c("SELECT COUNT(*) FROM b2b_requests WHERE event_id = $1").int(db).await?,
        accepted: c("SELECT COUNT(*) FROM b2b_requests WHERE event_id = $1 AND status = 'accepted'").int(db).await?,
        declined: c("SELECT COUNT(*) FROM b2b_requests WHERE event_id = $1 AND status = 'declined'").int(db).await?,
        pending: c("SELECT COUNT(*) FROM b2b_requests WHERE event_id = $1 AND status = 'pending'").int(db).await?,
        scheduled: c("SELECT COUNT(*) FROM b2b_meetings WHERE event_id = $1").int(db).await?,
        held: c("SELECT COUNT(*) FROM b2b_meetings m WHERE m.event_id = $1 AND EXISTS (SELECT 1 FROM b2b_outcomes o WHERE o.meeting_id = m.id AND o.outcome = 'held')").int(db).await?,
        no_show: c("SELECT COUNT(*) FROM b2b_meetings m WHERE m.event_id = $1 AND EXISTS (SELECT 1 FROM b2b_outcomes o WHERE o.meeting_id = m.id AND o.outcome = 'no_show') AND NOT EXISTS (SELECT 1 FROM b2b_outcomes o WHERE o.meeting_id = m.id AND o.outcome = 'held')").int(db).await?,
        follow_ups: c("SELECT COUNT(*) FROM b2b_meetings m WHERE m.event_id = $1 AND EXISTS (SELECT 1 FROM b2b_outcomes o WHERE o.meeting_id = m.id AND o.follow_up)").int(db).await?,
        agreements: c("SELECT COUNT(*) FROM b2b_meetings m WHERE m.event_id = $1 AND EXISTS (SELECT 1 FROM b2b_outcomes o WHERE o.meeting_id = m.id AND o.agreement)").int(db).await?,
        by_organisation: Vec::new(),
    };
    s.by_organisation = q!(
        "SELECT p.organisation_name AS organisation,
            (SELECT COUNT(*) FROM b2b_requests r JOIN b2b_participants x ON x.id = r.from_participant WHERE r.event_id = $1 AND x.organisation_name = p.organisation_name) AS sent,
            (SELECT COUNT(*) FROM b2b_requests r JOIN b2b_participants x ON x.id = r.to_participant WHERE r.event_id = $1 AND x.organisation_name = p.organisation_name) AS received,
            (SELECT COUNT(DISTINCT b.meeting_id) FROM b2b_bookings b JOIN b2b_participants x ON x.id = b.participant_id WHERE b.event_id = $1 AND x.organisation_name = p.organisation_name) AS scheduled,
            (SELECT COUNT(DISTINCT b.meeting_id) FROM b2b_bookings b JOIN b2b_participants x ON x.id = b.participant_id
               WHERE b.event_id = $1 AND x.organisation_name = p.organisation_name AND EXISTS (SELECT 1 FROM b2b_outcomes o WHERE o.meeting_id = b.meeting_id AND o.outcome = 'held')) AS held
         FROM b2b_participants p WHERE p.event_id = $1 GROUP BY p.organisation_name ORDER BY p.organisation_name",
        ev
    )
    .all(db)
    .await?;
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// Events and registrations for the demo and the tests, until the events module offers them.

/// A B2B event of `cluster_id`, published (title JSON, UTC instants, IANA zone).
pub async fn create_event(
    db: &Db,
    cluster_id: i64,
    title_json: &str,
    starts_at: &str,
    ends_at: &str,
    time_zone: &str,
    place: Option<&str>,
) -> Result<i64> {
    let now = crate::now();
    q!(
        "INSERT INTO events (cluster_id, kind, title, starts_at, ends_at, time_zone, place, b2b, status, created_at, updated_at)
         VALUES ($1, 'event', $2, $3, $4, $5, $6, TRUE, 'published', $7, $7) RETURNING id",
        cluster_id, title_json, starts_at, ends_at, time_zone, place, now
    )
    .int(db)
    .await
}

/// A confirmed registration of a user (or a guest without one) to an event.
#[allow(clippy::too_many_arguments)]
pub async fn register(
    db: &Db,
    event: i64,
    cluster_id: i64,
    user_id: Option<i64>,
    organisation_id: Option<i64>,
    name: &str,
    email: &str,
    organisation_name: &str,
) -> Result<i64> {
    crate::events::seed_confirmed(
        db,
        event,
        cluster_id,
        &crate::events::Registrant {
            user_id,
            person_id: None,
            organisation_id,
            name: name.to_string(),
            email: email.to_string(),
            organisation_name: Some(organisation_name.to_string()),
            locale: "en".into(),
            audience: "member",
        },
    )
    .await
}

/// Demo seeding: a registration's participant with its profile, as if they had filled it in.
pub async fn seed_participant(
    db: &Db,
    registration: i64,
    profile: &str,
    tags: &str,
    published: bool,
) -> Result<i64> {
    let now = crate::now();
    q!(
        "INSERT INTO b2b_participants (event_id, registration_id, user_id, person_id, organisation_id, name, organisation_name, profile, tags, published, created_at, updated_at)
         SELECT r.event_id, r.id, r.user_id, r.person_id, r.organisation_id, r.name, COALESCE(r.organisation_name, ''), $2, $3, $4, $5, $5
         FROM event_registrations r WHERE r.id = $1 RETURNING id",
        registration, profile, tags, published, now
    )
    .int(db)
    .await
}

/// Demo seeding: a marketplace item of a participant.
pub async fn seed_item(db: &Db, participant: i64, input: &ItemInput) -> Result<i64> {
    q!(
        "INSERT INTO b2b_items (event_id, participant_id, kind, title, description, created_at)
         SELECT event_id, id, $2, $3, $4, $5 FROM b2b_participants WHERE id = $1 RETURNING id",
        participant,
        input.kind.as_str(),
        &input.title,
        &input.description,
        crate::now()
    )
    .int(db)
    .await
}

/// Demo seeding: a request between two participants of one event, in a given state.
pub async fn seed_request(
    db: &Db,
    from: i64,
    to: i64,
    message: &str,
    status: RequestStatus,
    starred: (bool, bool),
) -> Result<i64> {
    q!(
        "INSERT INTO b2b_requests (event_id, from_participant, to_participant, low_participant, high_participant, message, status, from_starred, to_starred, created_at)
         SELECT event_id, $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM b2b_participants WHERE id = $1 RETURNING id",
        from, to, from.min(to), from.max(to), message, status.as_str(), starred.0, starred.1, crate::now()
    )
    .int(db)
    .await
}

/// Demo seeding: a participant not available in a slot.
pub async fn seed_unavailable(db: &Db, participant: i64, slot: i64) -> Result<()> {
    q!(
        "INSERT INTO b2b_availability (participant_id, slot_id, available) VALUES ($1, $2, FALSE) ON CONFLICT DO NOTHING",
        participant,
        slot
    )
    .run(db)
    .await?;
    Ok(())
}
