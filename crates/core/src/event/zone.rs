//! An event happens at a local time in a named IANA zone (a mission to Boston is at 9:00 in
//! Boston). We store the instant in UTC beside the zone name, and convert with the time-zone
//! database compiled into the binary, so hosts without tzdata give the same answers.

use crate::error::FieldError;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

/// A checked IANA time-zone name, e.g. "Europe/Madrid".
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl PartialEq for Zone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Zone {
    pub fn parse(field: &str, s: &str) -> Result<Zone, FieldError> {
        let name = s.trim();
        match jiff::tz::TimeZone::get(name) {
            Ok(tz) if !name.is_empty() => Ok(Zone {
                name: name.to_string(),
                tz,
            }),
            _ => Err(FieldError::new(field, "invalid_time_zone").detail(name)),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instant a wall-clock time in this zone stands for. In the hour skipped when clocks
    /// go forward, the later offset applies (02:30 becomes 03:30), as calendar programs do.
    pub fn to_utc(&self, local: PrimitiveDateTime) -> OffsetDateTime {
        let civil = jiff::civil::DateTime::new(
            local.year() as i16,
            u8::from(local.month()) as i8,
            local.day() as i8,
            local.hour() as i8,
            local.minute() as i8,
            local.second() as i8,
            0,
        );
        let seconds = civil
            .and_then(|c| self.tz.to_ambiguous_zoned(c).later())
            .map(|z| z.timestamp().as_second())
            .unwrap_or_else(|_| local.assume_utc().unix_timestamp());
        OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(local.assume_utc())
    }

    /// The wall-clock time in this zone at an instant.
    pub fn to_local(&self, at: OffsetDateTime) -> PrimitiveDateTime {
        let fallback = PrimitiveDateTime::new(at.date(), at.time());
        let Ok(ts) = jiff::Timestamp::from_second(at.unix_timestamp()) else {
            return fallback;
        };
        let dt = self.tz.to_datetime(ts);
        let date = time::Month::try_from(dt.month() as u8)
            .ok()
            .and_then(|m| Date::from_calendar_date(dt.year() as i32, m, dt.day() as u8).ok());
        let clock = Time::from_hms(dt.hour() as u8, dt.minute() as u8, dt.second() as u8).ok();
        match (date, clock) {
            (Some(d), Some(t)) => PrimitiveDateTime::new(d, t),
            _ => fallback,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn madrid_summer_and_winter() {
        let z = Zone::parse("zone", "Europe/Madrid").expect("zone");
        assert_eq!(
            z.to_utc(datetime!(2026-06-10 09:30)),
            datetime!(2026-06-10 07:30 UTC)
        );
        assert_eq!(
            z.to_utc(datetime!(2026-12-10 09:30)),
            datetime!(2026-12-10 08:30 UTC)
        );
        assert_eq!(
            z.to_local(datetime!(2026-12-10 08:30 UTC)),
            datetime!(2026-12-10 09:30)
        );
    }

    #[test]
    fn skipped_hour_moves_forward_and_names_are_checked() {
        let z = Zone::parse("zone", "Europe/Paris").expect("zone");
        // 2026-03-29 02:30 does not exist in Paris.
        assert_eq!(
            z.to_utc(datetime!(2026-03-29 02:30)),
            datetime!(2026-03-29 01:30 UTC)
        );
        let boston = Zone::parse("zone", "America/New_York").expect("zone");
        assert_eq!(
            boston.to_utc(datetime!(2026-11-24 09:00)),
            datetime!(2026-11-24 14:00 UTC)
        );
        assert!(Zone::parse("zone", "Europe/Bilbo").is_err());
        assert!(Zone::parse("zone", "").is_err());
    }
}
