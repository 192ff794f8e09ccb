//! Events, trainings, missions and fairs: the domain rules (kinds, forms, capacity and the
//! waitlist, time zones). No I/O.

pub mod zone;

pub use zone::Zone;

use crate::error::{Error, Errors, FieldError, Result};
use crate::model::ActivityKind;
use crate::multitext::MultiText;
use crate::parse::{Email, Name, Website, parse_date, parse_figure};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, PrimitiveDateTime, Time};

/// The activity kinds an event can be: its attendance becomes an activity of that kind.
pub const KINDS: &[ActivityKind] = &[
    ActivityKind::Event,
    ActivityKind::Training,
    ActivityKind::Meeting,
    ActivityKind::Mission,
    ActivityKind::Fair,
];

/// The languages a title and description can be written in.
pub const LANGS: &[&str] = &["es", "eu", "en", "fr"];

/// Zones offered in the form (any IANA name is accepted through the API).
pub const ZONES: &[&str] = &[
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Brussels",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Singapore",
    "UTC",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Awaiting the organiser's approval.
    Pending,
    Confirmed,
    Waitlisted,
    Cancelled,
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Waitlisted => "waitlisted",
            Status::Cancelled => "cancelled",
            Status::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Status {
        match s {
            "pending" => Status::Pending,
            "confirmed" => Status::Confirmed,
            "waitlisted" => Status::Waitlisted,
            "rejected" => Status::Rejected,
            _ => Status::Cancelled,
        }
    }
    /// Still holding (or waiting for) a place.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Pending | Status::Confirmed | Status::Waitlisted
        )
    }
}

/// What a new registration becomes: approval first when the event asks for it; otherwise a
/// seat if the counter could be moved, else the waitlist. Never over capacity.
pub fn admission(requires_approval: bool, seat_taken: bool) -> Status {
    if requires_approval {
        Status::Pending
    } else if seat_taken {
        Status::Confirmed
    } else {
        Status::Waitlisted
    }
}

/// Places left, when the event has a limit.
pub fn places_left(capacity: Option<i64>, confirmed: i64) -> Option<i64> {
    capacity.map(|c| (c - confirmed).max(0))
}

/// The event form as typed (pages and API): one title and description per language, local
/// date and time in the event's zone.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EventInput {
    pub kind: String,
    pub subtype: String,
    pub title_es: String,
    pub title_eu: String,
    pub title_en: String,
    pub title_fr: String,
    pub description_es: String,
    pub description_eu: String,
    pub description_en: String,
    pub description_fr: String,
    /// YYYY-MM-DD and HH:MM, local to `time_zone`.
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
    pub time_zone: String,
    pub place: String,
    pub online_url: String,
    pub capacity: String,
    pub requires_approval: bool,
    pub member_price: String,
    pub guest_price: String,
    pub open_to_guests: bool,
    pub target_country: String,
    pub sector: String,
    pub b2b: bool,
    pub certificate: bool,
    pub published: bool,
}

/// A checked event, ready to store.
#[derive(Debug, Clone)]
pub struct EventDraft {
    pub kind: ActivityKind,
    pub subtype: Option<&'static str>,
    pub title: MultiText,
    pub description: MultiText,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub zone: Zone,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: Option<i64>,
    pub requires_approval: bool,
    pub member_price_cents: Option<i64>,
    pub guest_price_cents: Option<i64>,
    pub open_to_guests: bool,
    pub target_country: Option<String>,
    pub sector: Option<String>,
    pub b2b: bool,
    pub certificate: bool,
    pub published: bool,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub fn parse_time(field: &str, s: &str) -> std::result::Result<Time, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let bad = || FieldError::new(field, "invalid_time").detail(t.to_string());
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let m = m.get(..2).unwrap_or(m);
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    Time::from_hms(h, m, 0).map_err(|_| bad())
}

/// A price as people type it in their language ("12,50" or "12.50"); empty is no price.
pub fn parse_price(
    lang: &str,
    field: &str,
    s: &str,
) -> std::result::Result<Option<i64>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match parse_figure(lang, t) {
        Some(v) if (0.0..1e9).contains(&v) => Ok(Some((v * 100.0).round() as i64)),
        _ => Err(FieldError::new(field, "invalid_number").detail(t.to_string())),
    }
}

impl EventInput {
    /// Checks every field; `lang` reads prices typed with that language's decimal separator.
    pub fn parse(&self, lang: &str) -> Result<EventDraft> {
        let mut errs = Errors::new();
        let kind = errs.take(ActivityKind::parse("kind", &self.kind).and_then(|k| {
            if KINDS.contains(&k) {
                Ok(k)
            } else {
                Err(FieldError::new("kind", "unknown_value"))
            }
        }));
        let subtype = kind.and_then(|k| {
            let s = self.subtype.trim().to_lowercase().replace(['-', ' '], "_");
            if s.is_empty() {
                return None;
            }
            let found = k.subtypes().iter().copied().find(|x| *x == s);
            if found.is_none() {
                errs.push(FieldError::new("subtype", "unknown_value").detail(s));
            }
            found
        });
        let mut title = MultiText::new();
        let mut description = MultiText::new();
        for (l, t, d) in [
            ("es", &self.title_es, &self.description_es),
            ("eu", &self.title_eu, &self.description_eu),
            ("en", &self.title_en, &self.description_en),
            ("fr", &self.title_fr, &self.description_fr),
        ] {
            let t = t.trim();
            if t.chars().count() > 200 {
                errs.push(FieldError::new(format!("title_{l}"), "too_long").detail("200"));
            } else if t.chars().any(char::is_control) {
                errs.push(FieldError::new(format!("title_{l}"), "invalid_characters"));
            } else if !t.is_empty() {
                title.set(l, t);
            }
            if d.chars().count() > 20_000 {
                errs.push(FieldError::new(format!("description_{l}"), "too_long").detail("20000"));
            } else if !d.trim().is_empty() {
                description.set(l, d.trim());
            }
        }
        if title.is_empty() {
            errs.push(FieldError::new(format!("title_{lang}"), "required"));
        }
        let zone = errs.take(Zone::parse("time_zone", &self.time_zone));
        let start_date = errs.take(parse_date("start_date", &self.start_date));
        let start_time = errs.take(parse_time("start_time", &self.start_time));
        let end_date = if self.end_date.trim().is_empty() {
            start_date
        } else {
            errs.take(parse_date("end_date", &self.end_date))
        };
        let end_time = errs.take(parse_time("end_time", &self.end_time));
        let mut times = None;
        if let (Some(z), Some(sd), Some(st), Some(ed), Some(et)) =
            (&zone, start_date, start_time, end_date, end_time)
        {
            let s = z.to_utc(PrimitiveDateTime::new(sd, st));
            let e = z.to_utc(PrimitiveDateTime::new(ed, et));
            if e <= s {
                errs.push(FieldError::new("end_time", "before_start"));
            } else {
                times = Some((s, e));
            }
        }
        let online_url = if self.online_url.trim().is_empty() {
            None
        } else {
            errs.take(Website::parse("online_url", &self.online_url))
                .map(|w| w.into_inner())
        };
        let place = opt(&self.place);
        if place.as_deref().is_some_and(|p| p.chars().count() > 300) {
            errs.push(FieldError::new("place", "too_long").detail("300"));
        }
        let capacity = match self.capacity.trim() {
            "" => None,
            c => match c.parse::<i64>() {
                Ok(n) if (1..=100_000).contains(&n) => Some(n),
                _ => {
                    errs.push(FieldError::new("capacity", "invalid_capacity").detail(c));
                    None
                }
            },
        };
        let member_price_cents = errs
            .take(parse_price(lang, "member_price", &self.member_price))
            .flatten();
        let guest_price_cents = errs
            .take(parse_price(lang, "guest_price", &self.guest_price))
            .flatten();
        let target_country = opt(&self.target_country).map(|c| c.to_uppercase());
        if let Some(c) = &target_country
            && (c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            errs.push(FieldError::new("target_country", "unknown_country").detail(c.clone()));
        }
        errs.into_result()?;
        let (Some(kind), Some(zone), Some((starts_at, ends_at))) = (kind, zone, times) else {
            return Err(Error::invalid("kind", "required"));
        };
        Ok(EventDraft {
            kind,
            subtype,
            title,
            description,
            starts_at,
            ends_at,
            zone,
            place,
            online_url,
            capacity,
            requires_approval: self.requires_approval,
            member_price_cents,
            guest_price_cents,
            open_to_guests: self.open_to_guests,
            target_country,
            sector: opt(&self.sector),
            b2b: self.b2b,
            certificate: self.certificate,
            published: self.published,
        })
    }
}

/// A guest's registration form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct GuestInput {
    pub name: String,
    pub email: String,
    pub organisation: String,
}

#[derive(Debug, Clone)]
pub struct Guest {
    pub name: String,
    pub email: String,
    pub organisation: Option<String>,
}

impl GuestInput {
    pub fn parse(&self) -> Result<Guest> {
        let mut errs = Errors::new();
        let name = errs.take(Name::parse("name", &self.name));
        let email = errs.take(Email::parse("email", &self.email));
        let organisation = opt(&self.organisation);
        if organisation
            .as_deref()
            .is_some_and(|o| o.chars().count() > 200)
        {
            errs.push(FieldError::new("organisation", "too_long").detail("200"));
        }
        errs.into_result()?;
        match (name, email) {
            (Some(n), Some(e)) => Ok(Guest {
                name: n.into_inner(),
                email: e.into_inner(),
                organisation,
            }),
            _ => Err(Error::invalid("email", "required")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            kind: "event".into(),
            subtype: "breakfast".into(),
            title_es: "BHC Gosariak".into(),
            start_date: "2026-12-10".into(),
            start_time: "08:30".into(),
            end_time: "10:00".into(),
            time_zone: "Europe/Madrid".into(),
            capacity: "40".into(),
            member_price: "12,50".into(),
            ..Default::default()
        }
    }

    #[test]
    fn local_times_become_utc_and_prices_cents() {
        let d = input().parse("es").expect("valid");
        assert_eq!(crate::parse::stamp(d.starts_at), "2026-12-10T07:30:00Z");
        assert_eq!(crate::parse::stamp(d.ends_at), "2026-12-10T09:00:00Z");
        assert_eq!(d.member_price_cents, Some(1250));
        assert_eq!(d.capacity, Some(40));
        assert_eq!(d.subtype, Some("breakfast"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut i = input();
        i.title_es.clear();
        i.end_time = "07:00".into();
        i.capacity = "-3".into();
        i.time_zone = "Mars/Olympus".into();
        i.kind = "income".into();
        let Err(Error::Validation(v)) = i.parse("es") else {
            panic!("invalid")
        };
        let fields: Vec<&str> = v.iter().map(|f| f.field.as_str()).collect();
        for f in ["title_es", "capacity", "time_zone", "kind"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let mut i = input();
        i.end_time = "07:00".into();
        let Err(Error::Validation(v)) = i.parse("es") else {
            panic!("ends before")
        };
        assert_eq!(v[0].field, "end_time");
    }

    #[test]
    fn admission_never_goes_over() {
        assert_eq!(admission(true, false), Status::Pending);
        assert_eq!(admission(false, true), Status::Confirmed);
        assert_eq!(admission(false, false), Status::Waitlisted);
        assert_eq!(places_left(Some(3), 5), Some(0));
        assert_eq!(places_left(None, 5), None);
    }
}
