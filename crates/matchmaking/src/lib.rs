//! B2B matchmaking at an event: the meeting scheduler.
//!
//! The organiser sets slots and tables; participants state the slots they can attend and accept
//! meeting requests. [`schedule`] puts accepted meetings on (slot, table) pairs so that nobody is
//! in two places at once, a table hosts one meeting per slot and availability is respected,
//! maximising the total weight of the meetings held (their number when every weight is 1; the
//! caller gives mutual interest and double-starred requests more weight). Meetings the organiser
//! locked stay where they are, so a rerun plans around them.
//!
//! Pure and synchronous: no database, no clock, deterministic for a seed, so the web part can run
//! it in a blocking task and tests can compare it with brute force.

mod baseline;
mod exact;
mod instance;
mod schedule;
mod verify;

pub use baseline::first_fit;
pub use instance::{Instance, MAX_SLOTS, Meeting, Placement, Problem, SlotSet, all_slots};
pub use schedule::{Options, Schedule, assign_tables, schedule};
pub use verify::{Violation, verify};
