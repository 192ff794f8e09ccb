//! Opportunity and tender watch: EU eForms notices, the CPV/NUTS/eForms code lists, RSS/Atom
//! opportunities, alert profiles and the matching engine that scores every opportunity against
//! every member's profiles at once. No I/O beyond reading the bytes it is given.

pub mod alert;
pub mod archive;
pub mod codelist;
pub mod eforms;
pub mod feed;
pub mod matching;
pub mod notice;
pub mod text;
