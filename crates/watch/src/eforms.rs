//! eForms (UBL 2.3 + eForms extensions) notice parser: streaming, tolerant of optional parts,
//! strict on what it reports.

use crate::notice::Notice;

/// Why a document is not a notice we can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("{0}")]
    Invalid(String),
}

pub fn parse(xml: &[u8]) -> Result<Notice, NoticeError> {
    let _ = xml;
    todo!("eforms helper")
}
