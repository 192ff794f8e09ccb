//! B2B matchmaking rules at an event: participant profiles, marketplace items, meeting requests,
//! availability by slot, the organiser's slot plan, the weight of a meeting for the scheduler and
//! the outcomes recorded afterwards. No I/O: every form becomes a checked value here.

use crate::error::{Errors, FieldError};
use time::{Duration, PrimitiveDateTime};

/// The longest texts we keep.
pub const MAX_PROFILE: usize = 4_000;
pub const MAX_MESSAGE: usize = 2_000;
pub const MAX_TITLE: usize = 200;
/// Most slots one plan may generate (the scheduler handles 64).
pub const MAX_SLOTS: u32 = 64;
pub const MAX_TABLES: u32 = 500;

/// What a marketplace item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Offer,
    Request,
    Cooperation,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Offer, ItemKind::Request, ItemKind::Cooperation];
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Offer => "offer",
            ItemKind::Request => "request",
            ItemKind::Cooperation => "cooperation",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// Where a meeting request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    Pending,
    Accepted,
    Declined,
    Cancelled,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Accepted => "accepted",
            RequestStatus::Declined => "declined",
            RequestStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            RequestStatus::Pending,
            RequestStatus::Accepted,
            RequestStatus::Declined,
            RequestStatus::Cancelled,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// What one side says came of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Held,
    NoShow,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Held => "held",
            Outcome::NoShow => "no_show",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "held" => Some(Outcome::Held),
            "no_show" => Some(Outcome::NoShow),
            _ => None,
        }
    }
}

/// A participant's profile as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileInput {
    pub profile: String,
    /// Keywords, normalised to lower case, one space between.
    pub tags: String,
    pub published: bool,
}

impl ProfileInput {
    pub fn parse(profile: &str, tags: &str, published: bool) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::new();
        let profile = profile.trim().to_string();
        if profile.chars().count() > MAX_PROFILE {
            e.push(FieldError::new("profile", "too_long"));
        }
        if published && profile.is_empty() {
            e.push(FieldError::new("profile", "required"));
        }
        let tags = tags
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        e.into_result().map_err(fields)?;
        Ok(ProfileInput {
            profile,
            tags,
            published,
        })
    }
}

fn fields(e: crate::Error) -> Vec<FieldError> {
    match e {
        crate::Error::Validation(v) => v,
        _ => Vec::new(),
    }
}

/// A marketplace item as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemInput {
    pub kind: ItemKind,
    pub title: String,
    pub description: String,
}

impl ItemInput {
    pub fn parse(kind: &str, title: &str, description: &str) -> Result<Self, Vec<FieldError>> {
        let mut e = Errors::new();
        let kind = ItemKind::parse(kind);
        if kind.is_none() {
            e.push(FieldError::new("kind", "unknown_value").detail(kind_detail(title)));
        }
        let title = title.trim().to_string();
        if title.is_empty() {
            e.push(FieldError::new("title", "required"));
        } else if title.chars().count() > MAX_TITLE {
            e.push(FieldError::new("title", "too_long"));
        }
        let description = description.trim().to_string();
        if description.chars().count() > MAX_PROFILE {
            e.push(FieldError::new("description", "too_long"));
        }
        match (kind, e.is_empty()) {
            (Some(kind), true) => Ok(ItemInput {
                kind,
                title,
                description,
            }),
            _ => Err(e.0),
        }
    }
}

fn kind_detail(_: &str) -> String {
    "offer, request, cooperation".into()
}

/// A meeting request as typed: to whom (a participant id of the same event) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInput {
    pub to: i64,
    pub message: String,
}

impl RequestInput {
    /// `from` is the requester's participant id: asking oneself is refused here; whether `to`
    /// is a participant of the event is the repository's question.
    pub fn parse(from: i64, to: &str, message: &str) -> Result<Self, Vec<FieldError>> {
        let Ok(to) = to.trim().parse::<i64>() else {
            return Err(vec![FieldError::new("to", "b2b_not_participant")]);
        };
        if to == from {
            return Err(vec![FieldError::new("to", "b2b_self_request")]);
        }
        let message = message.trim().to_string();
        if message.chars().count() > MAX_MESSAGE {
            return Err(vec![FieldError::new("message", "too_long")]);
        }
        Ok(RequestInput { to, message })
    }
}

/// The slots of an event the organiser generates: `count` slots of `minutes` each from `start`
/// (local time in the event's zone), `pause` minutes between them, `tables` tables in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotPlan {
    pub start: PrimitiveDateTime,
    pub count: u32,
    pub minutes: u32,
    pub pause: u32,
    pub tables: u32,
}

impl SlotPlan {
    pub fn parse(
        start: &str,
        count: &str,
        minutes: &str,
        pause: &str,
        tables: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut e = Vec::new();
        let start = parse_local(start.trim());
        if start.is_none() {
            e.push(FieldError::new("start", "invalid_datetime"));
        }
        let mut num = |field: &str, v: &str, lo: u32, hi: u32, dflt: Option<u32>| {
            let v = v.trim();
            if v.is_empty()
                && let Some(d) = dflt
            {
                return d;
            }
            match v.parse::<u32>() {
                Ok(n) if (lo..=hi).contains(&n) => n,
                _ => {
                    e.push(FieldError::new(field, "out_of_range").detail(format!("{lo}–{hi}")));
                    0
                }
            }
        };
        let count = num("count", count, 1, MAX_SLOTS, None);
        let minutes = num("minutes", minutes, 5, 240, None);
        let pause = num("pause", pause, 0, 120, Some(0));
        let tables = num("tables", tables, 1, MAX_TABLES, None);
        match start {
            Some(start) if e.is_empty() => Ok(SlotPlan {
                start,
                count,
                minutes,
                pause,
                tables,
            }),
            _ => Err(e),
        }
    }

    /// Local start and end of each slot.
    pub fn slots(&self) -> Vec<(PrimitiveDateTime, PrimitiveDateTime)> {
        let step = Duration::minutes(i64::from(self.minutes + self.pause));
        let len = Duration::minutes(i64::from(self.minutes));
        (0..self.count)
            .map(|i| {
                let s = self.start + step * i as i32;
                (s, s + len)
            })
            .collect()
    }
}

/// `2026-12-03T09:00` (a datetime-local input) or with a space, seconds allowed.
pub fn parse_local(s: &str) -> Option<PrimitiveDateTime> {
    let s = s.replace(' ', "T");
    let (d, t) = s.split_once('T')?;
    let date = crate::parse::parse_date("start", d).ok()?;
    let mut parts = t.split(':');
    let h: u8 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let sec: u8 = match parts.next() {
        Some(x) => x.parse().ok()?,
        None => 0,
    };
    let time = time::Time::from_hms(h, m, sec).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// The availability form: the slot ids ticked, out of the event's slots. Anything that is not one
/// of them (a typo, a slot of another event, garbage) is an error naming it, never ignored.
pub fn parse_availability(
    event_slots: &[i64],
    ticked: &[String],
) -> Result<Vec<i64>, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut e = Vec::new();
    for t in ticked {
        match t.trim().parse::<i64>() {
            Ok(id) if event_slots.contains(&id) => {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            _ => e.push(FieldError::new("slot", "b2b_unknown_slot").detail(t.clone())),
        }
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// What holding a meeting is worth to the scheduler: 1, plus 2 when both asked each other
/// (mutual interest), plus 2 when both starred it, plus 1 when only one did.
pub fn weight(mutual: bool, from_starred: bool, to_starred: bool) -> u32 {
    let stars = match (from_starred, to_starred) {
        (true, true) => 2,
        (false, false) => 0,
        _ => 1,
    };
    1 + if mutual { 2 } else { 0 } + stars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_to_oneself_or_garbage_are_refused() {
        assert_eq!(
            RequestInput::parse(3, "3", "hi").unwrap_err()[0].code,
            "b2b_self_request"
        );
        assert_eq!(
            RequestInput::parse(3, "x", "hi").unwrap_err()[0].code,
            "b2b_not_participant"
        );
        assert_eq!(RequestInput::parse(3, " 4 ", " hi ").unwrap().message, "hi");
    }

    #[test]
    fn availability_names_every_unknown_slot() {
        let slots = [10, 11, 12];
        assert_eq!(
            parse_availability(&slots, &["10".into(), "12".into(), "10".into()]).unwrap(),
            vec![10, 12]
        );
        let e = parse_availability(&slots, &["10".into(), "99".into(), "abc".into()]).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].detail.as_deref(), Some("abc"));
    }

    #[test]
    fn slot_plans() {
        let p = SlotPlan::parse("2026-12-03T09:00", "3", "20", "5", "4").unwrap();
        let s = p.slots();
        assert_eq!(s.len(), 3);
        assert_eq!(s[2].0.to_string(), "2026-12-03 9:50:00.0");
        assert_eq!(s[2].1.hour(), 10);
        let e = SlotPlan::parse("tomorrow", "0", "20", "", "x").unwrap_err();
        let f: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, ["start", "count", "tables"]);
    }

    #[test]
    fn weights_favour_mutual_and_starred() {
        assert_eq!(weight(false, false, false), 1);
        assert!(weight(true, false, false) > weight(false, true, false));
        assert_eq!(weight(true, true, true), 5);
    }

    #[test]
    fn items_and_profiles() {
        assert!(ItemInput::parse("offer", "Sterilisation", "").is_ok());
        assert_eq!(ItemInput::parse("sale", "", "").unwrap_err().len(), 2);
        let p = ProfileInput::parse("We make beds", "Beds, ICU  robots", true).unwrap();
        assert_eq!(p.tags, "beds icu robots");
        assert!(ProfileInput::parse("", "", true).is_err());
    }
}
