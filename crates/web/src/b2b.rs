//! B2B matchmaking as a service for pages and the API: running the scheduler on an event, agendas (.ics, PDF).
//!
//! A run reads the event (participants, slots and tables, availability, accepted requests with
//! the locked meetings), builds a `clusterhub_matchmaking::Instance`, checks it (every problem
//! named), schedules it in a blocking task, verifies the result independently and stores it.

use crate::Tr;
use clusterhub_core::event::zone::Zone;
use clusterhub_core::{Error, FieldError, Result};
use clusterhub_db::Db;
use clusterhub_db::b2b::{self, Access, Meeting, RunResult};
use clusterhub_matchmaking::{self as mm, Instance, Placement, Problem};
use std::collections::HashMap;
use time::OffsetDateTime;

/// What a run did, for the organiser's notice.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunReport {
    pub accepted: usize,
    pub held: usize,
    pub locked: usize,
    pub weight: u64,
    pub optimal: bool,
}

/// Runs the scheduler on the event and stores the schedule (locked meetings stay where they are).
pub async fn run(db: &Db, a: &Access) -> Result<RunReport> {
    let input = b2b::run_input(db, a).await?;
    if input.slots.is_empty() {
        return Err(Error::invalid("slots", "b2b_no_slots"));
    }
    let index: HashMap<i64, u32> = input
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| (*p, i as u32))
        .collect();
    let slot_index: HashMap<i64, u16> = input
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i as u16))
        .collect();
    let n_slots = input.slots.len();
    let mut availability =
        vec![mm::all_slots(n_slots.min(usize::from(mm::MAX_SLOTS))); input.participants.len()];
    for (p, s) in &input.unavailable {
        if let (Some(&pi), Some(&si)) = (index.get(p), slot_index.get(s)) {
            availability[pi as usize] &= !(1u64 << si);
        }
    }
    let mut meetings = Vec::with_capacity(input.accepted.len());
    for r in &input.accepted {
        let (Some(&a_i), Some(&b_i)) =
            (index.get(&r.from_participant), index.get(&r.to_participant))
        else {
            return Err(Error::Internal(format!(
                "request {} names an unknown participant",
                r.id
            )));
        };
        let locked = match (r.locked_slot, r.locked_table) {
            (Some(s), Some(t)) => Some(Placement {
                slot: slot_index.get(&s).copied().unwrap_or(u16::MAX),
                table: (t - 1).clamp(0, i64::from(u16::MAX)) as u16,
            }),
            _ => None,
        };
        meetings.push(mm::Meeting {
            a: a_i,
            b: b_i,
            weight: clusterhub_core::b2b::weight(r.mutual, r.from_starred, r.to_starred),
            locked,
        });
    }
    let inst = Instance {
        participants: input.participants.len() as u32,
        tables: input
            .slots
            .iter()
            .map(|s| s.tables.clamp(0, i64::from(u16::MAX)) as u16)
            .collect(),
        availability,
        meetings,
    };
    if let Err(problems) = inst.check() {
        return Err(Error::Validation(
            problems
                .iter()
                .map(|p| problem_error(p, &input.accepted))
                .collect(),
        ));
    }
    let inst2 = inst.clone();
    let sched = tokio::task::spawn_blocking(move || mm::schedule(&inst2, &mm::Options::default()))
        .await
        .map_err(|e| Error::Internal(format!("scheduler: {e}")))?
        .map_err(|p| Error::Internal(format!("scheduler refused a checked instance: {p:?}")))?;
    let violations = mm::verify(&inst, &sched.assigned);
    if !violations.is_empty() {
        return Err(Error::Internal(format!(
            "schedule does not verify: {violations:?}"
        )));
    }
    let mut placed = Vec::new();
    let mut locked = 0;
    for (i, at) in sched.assigned.iter().enumerate() {
        let r = &input.accepted[i];
        if r.locked_slot.is_some() {
            locked += 1;
            continue;
        }
        if let Some(at) = at {
            placed.push((
                r.id,
                input.slots[usize::from(at.slot)].id,
                i64::from(at.table) + 1,
            ));
        }
    }
    b2b::store_run(
        db,
        a,
        &RunResult {
            placed,
            held: sched.held as i64,
            weight: sched.weight as i64,
            optimal: sched.optimal,
        },
    )
    .await?;
    Ok(RunReport {
        accepted: input.accepted.len(),
        held: sched.held,
        locked,
        weight: sched.weight,
        optimal: sched.optimal,
    })
}

/// A scheduling problem as a field error the organiser can act on.
fn problem_error(p: &Problem, accepted: &[b2b::Accepted]) -> FieldError {
    let req = |m: usize| {
        accepted
            .get(m)
            .map(|r| r.id.to_string())
            .unwrap_or_default()
    };
    match p {
        Problem::NoSlots => FieldError::new("slots", "b2b_no_slots"),
        Problem::NoTables => FieldError::new("slots", "b2b_no_tables"),
        Problem::TooManySlots { slots } => {
            FieldError::new("slots", "b2b_too_many_slots").detail(slots.to_string())
        }
        Problem::LockedUnavailable { meeting, .. } => {
            FieldError::new("meetings", "b2b_locked_unavailable").detail(req(*meeting))
        }
        Problem::LockedTableTaken { meeting, .. }
        | Problem::LockedPersonTwice { meeting, .. }
        | Problem::LockedSlotOutOfRange { meeting, .. }
        | Problem::LockedTableOutOfRange { meeting, .. } => {
            FieldError::new("meetings", "b2b_locked_conflict").detail(req(*meeting))
        }
        other => FieldError::new("meetings", "b2b_invalid_instance").detail(other.to_string()),
    }
}

/// A stored UTC instant as local wall-clock time in the event's zone: "2026-12-03 09:20".
pub fn local(zone: &str, utc: &str) -> String {
    let Some(at) = clusterhub_core::parse::parse_stamp(utc) else {
        return utc.to_string();
    };
    match Zone::parse("time_zone", zone) {
        Ok(z) => {
            let l = z.to_local(at);
            format!(
                "{} {:02}:{:02}",
                clusterhub_core::parse::iso_date(l.date()),
                l.hour(),
                l.minute()
            )
        }
        Err(_) => utc.to_string(),
    }
}

/// "09:20" in the event's zone.
pub fn local_time(zone: &str, utc: &str) -> String {
    local(zone, utc).get(11..).unwrap_or_default().to_string()
}

/// The slot's date in the reader's language and its local times: "3 Dec 2026 09:20–09:40".
pub fn slot_label(t: &Tr, zone: &str, starts: &str, ends: &str) -> String {
    let s = local(zone, starts);
    format!(
        "{} {}–{}",
        t.d(&s),
        s.get(11..).unwrap_or_default(),
        local_time(zone, ends)
    )
}

/// A participant's agenda as an iCalendar file: one event per meeting, in UTC (calendar programs
/// show it at the right local time), the table as its location.
pub fn agenda_ics(t: &Tr, a: &Access, me: i64, meetings: &[Meeting], host: &str) -> String {
    let title = t.mt(&a.event().title);
    let stamp = OffsetDateTime::now_utc();
    let events = meetings
        .iter()
        .filter_map(|m| {
            let start = clusterhub_core::parse::parse_stamp(&m.starts_at)?;
            let end = clusterhub_core::parse::parse_stamp(&m.ends_at)?;
            let (_, name, org) = m.counterpart(me);
            let with = if org.is_empty() {
                name.to_string()
            } else {
                format!("{name} ({org})")
            };
            Some(clusterhub_watch::feed::CalEvent {
                uid: format!("b2b-meeting-{}-{}@{host}", m.id, m.request_id),
                summary: format!("{}: {with}", t.t("b2b-ics-meeting")),
                description: format!("{title}\n{}", m.message),
                url: None,
                start,
                end: Some(end),
                all_day: false,
                location: Some(format!("{} {}", t.t("b2b-table"), m.table_no)),
                stamp,
                alarm_before: None,
                cancelled: false,
            })
        })
        .collect();
    clusterhub_watch::feed::icalendar(&clusterhub_watch::feed::Calendar {
        name: format!("{} · {}", t.t("b2b-agenda-title"), title),
        events,
    })
}

/// The component schemas of the B2B API routes (`api::b2b`), for the OpenAPI document.
pub fn schemas() -> serde_json::Value {
    use serde_json::json;
    let s = |v: &str| serde_json::json!({"type": v});
    let item = json!({"type": "object", "properties": {"id": s("integer"), "kind": {"type": "string", "enum": ["offer", "request", "cooperation"]}, "title": s("string"), "description": s("string")}});
    let participant = json!({"type": "object", "properties": {
        "id": s("integer"), "name": s("string"), "organisation": s("string"), "profile": s("string"),
        "tags": {"type": "array", "items": s("string")}, "published": s("boolean"), "items": {"type": "array", "items": item}}});
    let request = json!({"type": "object", "properties": {
        "id": s("integer"), "from": s("integer"), "to": s("integer"), "from_name": s("string"), "from_organisation": s("string"),
        "to_name": s("string"), "to_organisation": s("string"), "message": s("string"),
        "status": {"type": "string", "enum": ["pending", "accepted", "declined", "cancelled"]},
        "mutual": {"type": "boolean", "description": "both asked each other"}, "from_starred": s("boolean"), "to_starred": s("boolean"), "created_at": s("string")}});
    let slot = json!({"type": "object", "properties": {
        "id": s("integer"), "number": s("integer"), "starts_at": {"type": "string", "description": "RFC 3339, UTC"}, "ends_at": s("string"),
        "local_start": {"type": "string", "description": "wall-clock time in the event's time zone"}, "tables": s("integer"), "available": s("boolean")}});
    let meeting = json!({"type": "object", "properties": {
        "meeting": s("integer"), "slot": s("integer"), "table": s("integer"), "starts_at": s("string"), "ends_at": s("string"),
        "local_start": s("string"), "local_end": s("string"), "message": s("string"),
        "with": {"type": "object", "properties": {"participant": s("integer"), "name": s("string"), "organisation": s("string")}}}});
    json!({
        "B2bParticipantList": {"type": "object", "properties": {"items": {"type": "array", "items": participant}}},
        "B2bRequest": request.clone(),
        "B2bRequestList": {"type": "object", "properties": {"items": {"type": "array", "items": request}}},
        "B2bRequestBody": {"type": "object", "required": ["to"], "properties": {"to": {"type": "integer", "description": "a participant id of the same event, not the caller"}, "message": s("string")}},
        "B2bAvailability": {"type": "object", "properties": {"time_zone": s("string"), "slots": {"type": "array", "items": slot}}},
        "B2bAvailabilityBody": {"type": "object", "required": ["available"], "properties": {"available": {"type": "array", "items": s("integer"), "description": "the slot ids the caller can attend"}}},
        "B2bRunReport": {"type": "object", "properties": {"accepted": s("integer"), "held": s("integer"), "locked": s("integer"), "weight": s("integer"), "optimal": {"type": "boolean", "description": "proven optimal"}}},
        "B2bAgenda": {"type": "object", "properties": {"published": s("boolean"), "time_zone": s("string"), "items": {"type": "array", "items": meeting}}},
    })
}
