//! Values of eForms fields: dates and times with their offsets, amounts in cents, web addresses.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

pub(super) type DateOff = (Date, Option<UtcOffset>);
pub(super) type TimeOff = (Time, Option<UtcOffset>);

/// A web address as eForms accepts them (the scheme is optional: "www.example.com/docs"),
/// made absolute ("http://" is added when there is no scheme). `None` when it is not one:
/// whitespace, another scheme, a host without a dot.
pub(super) fn web_url(s: &str) -> Option<String> {
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        return None;
    }
    let (scheme, rest) = match s.split_once("://") {
        Some((sc, rest)) => {
            let ok = ["http", "https", "ftp", "ftps"]
                .iter()
                .any(|k| sc.eq_ignore_ascii_case(k));
            if !ok {
                return None;
            }
            (Some(sc), rest)
        }
        None => (None, s),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let host_name = match host.rsplit_once('@') {
        Some((_, h)) if scheme.is_some() => h,
        Some(_) => return None,
        None => host,
    };
    let name = match host_name.rsplit_once(':') {
        Some((n, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => host_name,
    };
    let good = name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if !good {
        return None;
    }
    Some(match scheme {
        Some(_) => s.to_string(),
        None => format!("http://{s}"),
    })
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `Z`, `+01:00`, `-05:30` or nothing.
fn parse_offset(s: &str) -> Result<Option<UtcOffset>, &'static str> {
    if s.is_empty() {
        return Ok(None);
    }
    if s == "Z" {
        return Ok(Some(UtcOffset::UTC));
    }
    let (sign, rest) = match s.as_bytes()[0] {
        b'+' => (1i8, &s[1..]),
        b'-' => (-1i8, &s[1..]),
        _ => return Err("bad time-zone offset"),
    };
    let (h, m) = rest.split_once(':').ok_or("bad time-zone offset")?;
    let (Some(h), Some(m)) = (digits(h), digits(m)) else {
        return Err("bad time-zone offset");
    };
    if h > 14 || m > 59 {
        return Err("time-zone offset out of range");
    }
    UtcOffset::from_hms(sign * h as i8, sign * m as i8, 0)
        .map(Some)
        .map_err(|_| "time-zone offset out of range")
}

/// `2019-11-15+01:00`, `2020-11-26Z`, `2020-04-08`.
pub(super) fn parse_date(s: &str) -> Result<DateOff, &'static str> {
    const BAD: &str = "expected a date like 2019-11-15+01:00";
    if s.len() < 10 || !s.is_char_boundary(10) {
        return Err(BAD);
    }
    let (d, off) = s.split_at(10);
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return Err(BAD);
    }
    let (Some(y), Some(m), Some(day)) = (digits(&d[..4]), digits(&d[5..7]), digits(&d[8..10]))
    else {
        return Err(BAD);
    };
    let month = Month::try_from(m as u8).map_err(|_| "no such month")?;
    let date = Date::from_calendar_date(y as i32, month, day as u8).map_err(|_| "no such day")?;
    Ok((date, parse_offset(off)?))
}

/// `12:00:00+01:00`, `09:00:00Z`, `10:00:00.000+02:00`.
pub(super) fn parse_time(s: &str) -> Result<TimeOff, &'static str> {
    const BAD: &str = "expected a time like 12:00:00+01:00";
    if s.len() < 8 || !s.is_char_boundary(8) {
        return Err(BAD);
    }
    let (t, mut rest) = s.split_at(8);
    let b = t.as_bytes();
    if b[2] != b':' || b[5] != b':' {
        return Err(BAD);
    }
    let (Some(h), Some(m), Some(sec)) = (digits(&t[..2]), digits(&t[3..5]), digits(&t[6..8]))
    else {
        return Err(BAD);
    };
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(BAD);
        }
        rest = &frac[n..];
    }
    // 24:00:00 is the end of the day.
    let time = if (h, m, sec) == (24, 0, 0) {
        Time::from_hms(23, 59, 59)
    } else {
        Time::from_hms(h as u8, m as u8, sec as u8)
    }
    .map_err(|_| "no such time")?;
    Ok((time, parse_offset(rest)?))
}

/// Date and time of a deadline: the time's offset, else the date's, else UTC. A date without
/// a time means the end of that day.
pub(super) fn combine((date, time): (Option<DateOff>, Option<TimeOff>)) -> Option<OffsetDateTime> {
    let (date, doff) = date?;
    let (time, toff) = time.unwrap_or((Time::from_hms(23, 59, 59).ok()?, None));
    let off = toff.or(doff).unwrap_or(UtcOffset::UTC);
    Some(PrimitiveDateTime::new(date, time).assume_offset(off))
}

/// Decimal text to hundredths, exactly: "9999999.99" → 999999999, "10000" → 1000000,
/// "12.5" → 1250. More than two decimals are rounded half away from zero on the digits
/// themselves (no floating point).
pub(super) fn parse_cents(s: &str) -> Result<i64, String> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("not a decimal amount".into());
    }
    let too_big = || "amount too large".to_string();
    let mut cents: i64 = 0;
    for b in int.bytes() {
        cents = cents
            .checked_mul(10)
            .and_then(|c| c.checked_add(i64::from(b - b'0')))
            .ok_or_else(too_big)?;
    }
    let fb = frac.as_bytes();
    for i in 0..2 {
        let digit = fb.get(i).map_or(0, |b| i64::from(b - b'0'));
        cents = cents
            .checked_mul(10)
            .and_then(|c| c.checked_add(digit))
            .ok_or_else(too_big)?;
    }
    if fb.get(2).is_some_and(|&b| b >= b'5') {
        cents = cents.checked_add(1).ok_or_else(too_big)?;
    }
    Ok(if neg { -cents } else { cents })
}
