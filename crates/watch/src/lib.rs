//! Opportunity and tender watch: EU eForms notices, the CPV/NUTS/eForms code lists, RSS/Atom
//! opportunities, alert profiles and the matching engine that scores every opportunity against
//! every member's profiles at once. No I/O beyond reading what it is given (bytes, or the folder or
//! archive `archive` reads notices from).

pub mod alert;
pub mod archive;
pub mod codelist;
pub mod codes;
pub mod eforms;
pub mod feed;
pub mod matching;
pub mod notice;
pub mod proposal;
pub mod text;
