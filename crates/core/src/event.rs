//! Events, trainings, missions and fairs: the domain rules (kinds, forms, capacity and the
//! waitlist, time zones). No I/O.

pub mod zone;
