//! An independent check of a schedule against its instance, written without the scheduler's
//! data structures so that tests (and the benchmark) do not trust the scheduler to check itself.

use crate::instance::{Instance, Placement};
use std::collections::HashMap;

/// A rule a schedule breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("the schedule has {got} entries for {expected} meetings")]
    Length { expected: usize, got: usize },
    #[error("meeting {meeting} is at table {table} of slot {slot}, which does not exist")]
    NoSuchTable {
        meeting: usize,
        slot: u16,
        table: u16,
    },
    #[error("meetings {first} and {meeting} share table {table} of slot {slot}")]
    TableTwice {
        meeting: usize,
        first: usize,
        slot: u16,
        table: u16,
    },
    #[error("participant {participant} is in meetings {first} and {meeting} in slot {slot}")]
    PersonTwice {
        meeting: usize,
        first: usize,
        slot: u16,
        participant: u32,
    },
    #[error("meeting {meeting} is in slot {slot}, when participant {participant} is not available")]
    Unavailable {
        meeting: usize,
        slot: u16,
        participant: u32,
    },
    #[error("locked meeting {meeting} was moved or dropped")]
    LockedMoved { meeting: usize },
}

/// Every violation of `assigned` (one entry per meeting of `inst`).
pub fn verify(inst: &Instance, assigned: &[Option<Placement>]) -> Vec<Violation> {
    let mut out = Vec::new();
    if assigned.len() != inst.meetings.len() {
        out.push(Violation::Length {
            expected: inst.meetings.len(),
            got: assigned.len(),
        });
        return out;
    }
    let mut tables: HashMap<Placement, usize> = HashMap::new();
    let mut people: HashMap<(u32, u16), usize> = HashMap::new();
    for (i, (m, at)) in inst.meetings.iter().zip(assigned).enumerate() {
        if m.locked.is_some() && m.locked != *at {
            out.push(Violation::LockedMoved { meeting: i });
        }
        let Some(at) = *at else { continue };
        let exists = inst
            .tables
            .get(usize::from(at.slot))
            .is_some_and(|&t| at.table < t);
        if !exists {
            out.push(Violation::NoSuchTable {
                meeting: i,
                slot: at.slot,
                table: at.table,
            });
            continue;
        }
        if let Some(&first) = tables.get(&at) {
            out.push(Violation::TableTwice {
                meeting: i,
                first,
                slot: at.slot,
                table: at.table,
            });
        } else {
            tables.insert(at, i);
        }
        for p in [m.a, m.b] {
            let free = inst
                .availability
                .get(p as usize)
                .is_some_and(|&b| at.slot < 64 && b >> at.slot & 1 == 1);
            if !free {
                out.push(Violation::Unavailable {
                    meeting: i,
                    slot: at.slot,
                    participant: p,
                });
            }
            if let Some(&first) = people.get(&(p, at.slot)) {
                out.push(Violation::PersonTwice {
                    meeting: i,
                    first,
                    slot: at.slot,
                    participant: p,
                });
            } else {
                people.insert((p, at.slot), i);
            }
        }
    }
    out
}
