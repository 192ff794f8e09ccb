//! Dates as feeds write them: RFC 2822 (RSS `pubDate`) and RFC 3339 (Atom, `dc:date`), each
//! parsed tolerantly: what a feed gets wrong in practice (missing weekday or seconds, two-digit
//! years, full or Spanish month names, named zones) still gives a date.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// RFC 2822 / RFC 822 date-time as in RSS `pubDate`: "Tue, 10 Jun 2003 04:00:00 GMT",
/// "Wed, 02 Oct 2002 13:00:00 +0100", "2 Oct 2002 08:00 EST". Named zones (UT, GMT, Z, the US
/// zones, CET/CEST, WET/WEST, EET/EEST, BST…) are understood; an unknown zone or none is taken
/// as UTC. Falls back to [`parse_rfc3339`] since some feeds write ISO dates in `pubDate`.
pub fn parse_rfc2822(s: &str) -> Option<OffsetDateTime> {
    parse_2822(s).or_else(|| parse_rfc3339(s))
}

fn parse_2822(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    // The weekday, with or without its comma, carries nothing: drop it.
    let rest = match s.split_once(',') {
        Some((head, tail)) if head.trim().chars().all(|c| c.is_alphabetic() || c == '.') => tail,
        _ => s,
    };
    let mut toks = rest.split_whitespace().peekable();
    if let Some(t) = toks.peek()
        && t.chars().all(char::is_alphabetic)
        && month(t).is_none()
    {
        toks.next();
    }
    // "10 Jun 2003" or, in some feeds, "10-Jun-2003".
    let first = toks.next()?;
    let (day, mon, year) = if first.contains('-') {
        let mut p = first.split('-');
        (p.next()?, p.next()?, p.next()?)
    } else {
        (first, toks.next()?, toks.next()?)
    };
    let day: u8 = day.parse().ok()?;
    let month = month(mon)?;
    let year: i32 = match year.len() {
        // RFC 2822 §4.3: two-digit years before 50 are 20xx, three-digit ones add 1900.
        2 => year
            .parse::<i32>()
            .ok()
            .map(|y| if y < 50 { 2000 + y } else { 1900 + y })?,
        3 => 1900 + year.parse::<i32>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let (time, offset) = match toks.next() {
        None => (Time::MIDNIGHT, UtcOffset::UTC),
        Some(t) => {
            let time = hms(t)?;
            let offset = toks.next().map_or(Some(UtcOffset::UTC), zone)?;
            (time, offset)
        }
    };
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// "HH:MM" or "HH:MM:SS" (a leap second 60 is read as 59).
fn hms(t: &str) -> Option<Time> {
    let mut p = t.split(':');
    let h: u8 = p.next()?.parse().ok()?;
    let m: u8 = p.next()?.parse().ok()?;
    let s: u8 = match p.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if p.next().is_some() {
        return None;
    }
    Time::from_hms(h, m, s.min(59)).ok()
}

fn month(s: &str) -> Option<Month> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    let p = s.get(..3)?;
    Some(match p {
        "jan" | "ene" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" | "abr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" | "ago" => Month::August,
        "sep" | "set" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" | "dic" => Month::December,
        _ => return None,
    })
}

/// "+0100", "-05:00", "GMT", "EST"… An unknown alphabetic zone is UTC (RFC 2822 §4.3 says to
/// read unknown and military zones as "-0000", that is, no information); `None` for garbage.
fn zone(z: &str) -> Option<UtcOffset> {
    let z = z.trim_matches(|c| c == '(' || c == ')');
    if let Some(sign) = z.strip_prefix(['+', '-']).map(|_| z.as_bytes()[0]) {
        let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let h: i8 = digits[..2].parse().ok()?;
        let m: i8 = digits[2..].parse().ok()?;
        let (h, m) = if sign == b'-' { (-h, -m) } else { (h, m) };
        return UtcOffset::from_hms(h, m, 0).ok();
    }
    if !z.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let hours: i8 = match z.to_ascii_uppercase().as_str() {
        "EST" | "CDT" => -5,
        "EDT" => -4,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" | "AKDT" => -8,
        "AKST" => -9,
        "HST" => -10,
        "BST" | "CET" | "MET" | "WEST" => 1,
        "CEST" | "MEST" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "JST" => 9,
        "AEST" => 10,
        _ => 0,
    };
    UtcOffset::from_hms(hours, 0, 0).ok()
}

/// RFC 3339 / ISO 8601 date-time as in Atom and `dc:date`: "2025-03-01T10:00:00Z",
/// "2025-03-01T10:00:00.123+01:00". Tolerated: a space or lower-case `t` for the `T`, no seconds,
/// "+0100" or "+01" offsets, no offset (UTC), and a bare date (midnight UTC).
pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = s.get(..4)?.parse().ok()?;
    let month: u8 = s.get(5..7)?.parse().ok()?;
    let day: u8 = s.get(8..10)?.parse().ok()?;
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(date.midnight().assume_utc());
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // The time runs to the zone designator.
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let time = hms(&rest[..zone_at])?;
    let offset = match &rest[zone_at..] {
        "" | "Z" | "z" => UtcOffset::UTC,
        z => {
            let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
            let digits = if digits.len() == 2 {
                digits + "00"
            } else {
                digits
            };
            zone(&format!("{}{digits}", &z[..1]))?
        }
    };
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rfc2822_variants() {
        let cases = [
            (
                "Tue, 10 Jun 2003 04:00:00 GMT",
                datetime!(2003-06-10 04:00:00 UTC),
            ),
            (
                "Wed, 02 Oct 2002 13:00:00 +0100",
                datetime!(2002-10-02 13:00:00 +1),
            ),
            (
                "Wed, 02 Oct 2002 08:00:00 EST",
                datetime!(2002-10-02 08:00:00 -5),
            ),
            (
                "Wed, 02 Oct 2002 08:00:00 EDT",
                datetime!(2002-10-02 08:00:00 -4),
            ),
            ("2 Oct 2002 08:00 CEST", datetime!(2002-10-02 08:00:00 +2)),
            (
                "Wed, 2 Oct 02 08:00:00 -0330",
                datetime!(2002-10-02 08:00:00 -3:30),
            ),
            (
                "Monday, 03 March 2025 09:30:00 +01:00",
                datetime!(2025-03-03 09:30:00 +1),
            ),
            (
                "lun, 03 mar 2025 09:30:00 +0100",
                datetime!(2025-03-03 09:30:00 +1),
            ),
            (
                "Mon, 15 Dic 2025 12:00:00 Z",
                datetime!(2025-12-15 12:00:00 UTC),
            ),
            (
                "Sat, 01 Feb 2025 10:00:00 +0000 (UTC)",
                datetime!(2025-02-01 10:00:00 UTC),
            ),
            (
                "01-Feb-2025 10:00:00 GMT",
                datetime!(2025-02-01 10:00:00 UTC),
            ),
            ("Sat, 01 Feb 2025", datetime!(2025-02-01 00:00:00 UTC)),
            (
                "Sat, 01 Feb 2025 10:00:00",
                datetime!(2025-02-01 10:00:00 UTC),
            ),
            (
                "Sat, 01 Feb 2025 10:00:00 XYZ",
                datetime!(2025-02-01 10:00:00 UTC),
            ),
            (
                "2025-02-01T10:00:00+01:00",
                datetime!(2025-02-01 10:00:00 +1),
            ),
        ];
        for (s, want) in cases {
            assert_eq!(parse_rfc2822(s), Some(want), "{s}");
        }
        for bad in [
            "",
            "yesterday",
            "Sat, 31 Feb 2025 10:00:00 GMT",
            "Sat, 01 Foo 2025",
            "1 Feb 2025 25:00",
        ] {
            assert_eq!(parse_rfc2822(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339_variants() {
        let cases = [
            ("2025-03-01T10:00:00Z", datetime!(2025-03-01 10:00:00 UTC)),
            (
                "2025-03-01T10:00:00.250+01:00",
                datetime!(2025-03-01 10:00:00 +1),
            ),
            ("2025-03-01t10:00:00z", datetime!(2025-03-01 10:00:00 UTC)),
            (
                "2025-03-01 10:00:00-0500",
                datetime!(2025-03-01 10:00:00 -5),
            ),
            ("2025-03-01T10:00+02", datetime!(2025-03-01 10:00:00 +2)),
            ("2025-03-01T10:00:00", datetime!(2025-03-01 10:00:00 UTC)),
            ("2025-03-01", datetime!(2025-03-01 00:00:00 UTC)),
            (" 2016-12-31T23:59:60Z ", datetime!(2016-12-31 23:59:59 UTC)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_rfc3339(s), Some(want), "{s}");
        }
        for bad in [
            "",
            "2025",
            "2025-13-01",
            "2025-03-01X10:00",
            "2025-03-01T10:00:00+1",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
