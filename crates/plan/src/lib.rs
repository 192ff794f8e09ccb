//! Strategy as data: the plan file format, the indicator measures, periods, and the engine that
//! computes a scorecard from the activity log and the other records of a cluster. No I/O here:
//! the `db` crate loads the facts, the `web` crate shows them.

pub mod activity;
pub mod chart;
pub mod engine;
pub mod file;
pub mod measure;
pub mod period;

pub use engine::{Engine, Facts, Light, Record, Value};
pub use file::Plan;
pub use measure::{Filter, Measure, Operand, Source};
pub use period::Period;
