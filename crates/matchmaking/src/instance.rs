//! What the organiser hands the scheduler: participants with their availability, slots with the
//! tables open in each, and the accepted meetings (some perhaps locked by hand), plus
//! [`Instance::check`], which names every problem at once so the organiser can fix them all in
//! one go instead of one error per run.

use serde::{Deserialize, Serialize};

/// Slots a participant is available in: bit `s` set = available in slot `s`. A `u64` caps an
/// event at [`MAX_SLOTS`] slots, far beyond a day of 20-minute meetings, and keeps "slots both
/// can attend" a single AND.
pub type SlotSet = u64;

/// The most slots an event may have (one bit each in a [`SlotSet`]).
pub const MAX_SLOTS: u16 = 64;

/// Where a meeting is held: slot and table, both counted from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Placement {
    pub slot: u16,
    pub table: u16,
}

/// An accepted meeting between participants `a` and `b` (indexes into the participants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub a: u32,
    pub b: u32,
    /// What holding it is worth: 1 for a plain accepted request, more for mutual interest or
    /// both sides starred (the caller decides the scale). The scheduler maximises the sum, so
    /// with every weight 1 it maximises the number of meetings held.
    pub weight: u32,
    /// Set by the organiser: the scheduler keeps it exactly there and plans around it.
    #[serde(default)]
    pub locked: Option<Placement>,
}

/// One scheduling problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// Number of registered participants; they are 0..participants.
    pub participants: u32,
    /// Tables open in each slot; its length is the number of slots. A slot with 0 tables (a
    /// lunch break, a keynote) holds no meeting.
    pub tables: Vec<u16>,
    /// Per participant, the slots they can attend.
    pub availability: Vec<SlotSet>,
    pub meetings: Vec<Meeting>,
}

/// Why an instance cannot be scheduled. Indexes are those of the instance.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Problem {
    #[error("the event has no slots")]
    NoSlots,
    #[error("the event has {slots} slots; at most {max} are supported", max = MAX_SLOTS)]
    TooManySlots { slots: usize },
    #[error("no slot has a table")]
    NoTables,
    #[error("availability is given for {got} participants, but {expected} are registered")]
    AvailabilityCount { expected: usize, got: usize },
    #[error(
        "participant {participant}'s availability names slots beyond the last one ({slots} slots): {bits:#x}"
    )]
    AvailabilityOutOfRange {
        participant: u32,
        slots: usize,
        bits: u64,
    },
    #[error("meeting {meeting} is participant {participant} meeting themselves")]
    SelfMeeting { meeting: usize, participant: u32 },
    #[error("meeting {meeting} names participant {participant}, who is not registered")]
    UnknownParticipant { meeting: usize, participant: u32 },
    #[error("meeting {meeting} has weight 0; weights start at 1")]
    ZeroWeight { meeting: usize },
    #[error("meeting {meeting} is locked in slot {slot}, which does not exist")]
    LockedSlotOutOfRange { meeting: usize, slot: u16 },
    #[error(
        "meeting {meeting} is locked at table {table} of slot {slot}, which has {tables} tables"
    )]
    LockedTableOutOfRange {
        meeting: usize,
        slot: u16,
        table: u16,
        tables: u16,
    },
    #[error(
        "meeting {meeting} is locked in slot {slot}, when participant {participant} is not available"
    )]
    LockedUnavailable {
        meeting: usize,
        slot: u16,
        participant: u32,
    },
    #[error("meetings {first} and {meeting} are both locked at table {table} of slot {slot}")]
    LockedTableTaken {
        meeting: usize,
        first: usize,
        slot: u16,
        table: u16,
    },
    #[error("meetings {first} and {meeting} both lock participant {participant} in slot {slot}")]
    LockedPersonTwice {
        meeting: usize,
        first: usize,
        slot: u16,
        participant: u32,
    },
}

impl Instance {
    /// An event with the same number of tables in every slot.
    pub fn uniform(participants: u32, slots: u16, tables: u16) -> Self {
        let all = all_slots(usize::from(slots));
        Instance {
            participants,
            tables: vec![tables; usize::from(slots)],
            availability: vec![all; participants as usize],
            meetings: Vec::new(),
        }
    }

    pub fn slots(&self) -> usize {
        self.tables.len()
    }

    /// Every problem in the instance, in order (event, availability, meetings); `Ok` when it can
    /// be scheduled. Locked meetings that do not fit (person twice, table taken, unavailable) are
    /// problems, not something the scheduler silently drops: the organiser put them there.
    pub fn check(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Vec::new();
        let slots = self.slots();
        if slots == 0 {
            problems.push(Problem::NoSlots);
        } else if slots > usize::from(MAX_SLOTS) {
            problems.push(Problem::TooManySlots { slots });
        } else if self.tables.iter().all(|&t| t == 0) {
            problems.push(Problem::NoTables);
        }
        let n = self.participants as usize;
        if self.availability.len() != n {
            problems.push(Problem::AvailabilityCount {
                expected: n,
                got: self.availability.len(),
            });
        }
        if slots > 0 && slots <= usize::from(MAX_SLOTS) {
            let all = all_slots(slots);
            for (p, &bits) in self.availability.iter().enumerate() {
                if bits & !all != 0 {
                    problems.push(Problem::AvailabilityOutOfRange {
                        participant: p as u32,
                        slots,
                        bits,
                    });
                }
            }
        }
        // (slot, table) → first meeting locked there; (participant, slot) → first meeting.
        let mut tables_taken = std::collections::HashMap::new();
        let mut people_taken = std::collections::HashMap::new();
        for (i, m) in self.meetings.iter().enumerate() {
            let mut known = true;
            for p in [m.a, m.b] {
                if p >= self.participants {
                    problems.push(Problem::UnknownParticipant {
                        meeting: i,
                        participant: p,
                    });
                    known = false;
                }
            }
            if m.a == m.b {
                problems.push(Problem::SelfMeeting {
                    meeting: i,
                    participant: m.a,
                });
            }
            if m.weight == 0 {
                problems.push(Problem::ZeroWeight { meeting: i });
            }
            let Some(at) = m.locked else { continue };
            let Some(&tables) = self.tables.get(usize::from(at.slot)) else {
                problems.push(Problem::LockedSlotOutOfRange {
                    meeting: i,
                    slot: at.slot,
                });
                continue;
            };
            if at.table >= tables {
                problems.push(Problem::LockedTableOutOfRange {
                    meeting: i,
                    slot: at.slot,
                    table: at.table,
                    tables,
                });
            } else if let Some(&first) = tables_taken.get(&at) {
                problems.push(Problem::LockedTableTaken {
                    meeting: i,
                    first,
                    slot: at.slot,
                    table: at.table,
                });
            } else {
                tables_taken.insert(at, i);
            }
            if !known {
                continue;
            }
            for p in [m.a, m.b] {
                let available = self
                    .availability
                    .get(p as usize)
                    .is_some_and(|&bits| at.slot < 64 && bits >> at.slot & 1 == 1);
                if !available {
                    problems.push(Problem::LockedUnavailable {
                        meeting: i,
                        slot: at.slot,
                        participant: p,
                    });
                }
                if m.a == m.b && p == m.b {
                    break;
                }
                match people_taken.get(&(p, at.slot)) {
                    Some(&first) => problems.push(Problem::LockedPersonTwice {
                        meeting: i,
                        first,
                        slot: at.slot,
                        participant: p,
                    }),
                    None => {
                        people_taken.insert((p, at.slot), i);
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// The set of slots 0..slots.
pub fn all_slots(slots: usize) -> SlotSet {
    if slots >= 64 {
        u64::MAX
    } else {
        (1u64 << slots) - 1
    }
}
