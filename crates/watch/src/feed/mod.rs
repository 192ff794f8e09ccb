//! RSS 2.0 and Atom 1.0: reading feeds of opportunities ([`parse_feed`]), writing a member's Atom
//! feed ([`atom`]) and an iCalendar feed of deadlines ([`icalendar`]).
//!
//! Reading is tolerant of what real feeds do (CDATA, escaped HTML in descriptions, missing
//! fields, named time zones, Latin-1 bodies, undeclared `content:`/`dc:` prefixes) and strict on
//! safety: a `<!DOCTYPE` is refused, so no DTD is read and no entity beyond XML's five predefined
//! ones and numeric character references is ever expanded; documents over [`MAX_FEED_BYTES`]
//! are refused before parsing.

mod dates;
mod html;
mod read;
mod write;

pub use dates::{parse_rfc2822, parse_rfc3339};
pub use read::{FeedError, FeedItem, MAX_FEED_BYTES, parse_feed};
pub use write::{AtomEntry, AtomFeed, CalEvent, Calendar, atom, icalendar};
