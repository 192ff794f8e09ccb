//! Inputs that cross a boundary (forms, API bodies, CSV cells) become these types or a
//! `FieldError` naming the field and the reason. Parse, don't validate.

use crate::error::FieldError;
use serde::Serialize;
use time::{Date, OffsetDateTime};

macro_rules! string_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_type!(
    /// A required single-line name, trimmed, 1..=200 characters.
    Name
);
string_type!(
    /// An e-mail address, lower-cased.
    Email
);
string_type!(
    /// A VAT number or national legal id, normalised so that "ES-B 12.345.678" and "b12345678"
    /// are the same organisation.
    LegalId
);
string_type!(
    /// An http(s) address; a bare host gets https:// in front.
    Website
);
string_type!(
    /// A NUTS 2021 code (country + up to three levels), e.g. ES21, ES212, FRI15.
    NutsCode
);
string_type!(
    /// A phone number as people write it: digits, spaces and + ( ) - . only.
    Phone
);
string_type!(
    /// A URL-safe identifier: lower-case letters, digits and dashes.
    Slug
);

impl Name {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if t.chars().count() > 200 {
            return Err(FieldError::new(field, "too_long").detail("200"));
        }
        if t.chars().any(char::is_control) {
            return Err(FieldError::new(field, "invalid_characters"));
        }
        Ok(Self(t.to_string()))
    }
}

impl Email {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim().to_lowercase();
        let bad = || FieldError::new(field, "invalid_email").detail(s.trim().to_string());
        if t.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let (local, domain) = t.split_once('@').ok_or_else(bad)?;
        let ok = !local.is_empty()
            && local.len() <= 64
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && t.len() <= 254
            && !t
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]".contains(c));
        if ok { Ok(Self(t)) } else { Err(bad()) }
    }
}

/// EU VAT prefixes stripped during normalisation.
const VAT_PREFIXES: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
];

impl LegalId {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let mut t: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '/'))
            .flat_map(char::to_uppercase)
            .collect();
        if t.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if t.len() > 10
            && t.chars().take(2).all(|c| c.is_ascii_alphabetic())
            && VAT_PREFIXES.contains(&&t[..2])
        {
            t.drain(..2);
        }
        if !(4..=20).contains(&t.len())
            || !t.chars().all(|c| c.is_ascii_alphanumeric())
            || !t.chars().any(|c| c.is_ascii_digit())
        {
            return Err(FieldError::new(field, "invalid_legal_id").detail(s.trim().to_string()));
        }
        Ok(Self(t))
    }
}

impl Website {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        let bad = || FieldError::new(field, "invalid_url").detail(t.to_string());
        if t.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let full = if t.contains("://") {
            t.to_string()
        } else {
            format!("https://{t}")
        };
        let rest = full
            .strip_prefix("https://")
            .or_else(|| full.strip_prefix("http://"))
            .ok_or_else(bad)?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host
            .rsplit_once(':')
            .map(|(h, p)| {
                if p.chars().all(|c| c.is_ascii_digit()) {
                    h
                } else {
                    host
                }
            })
            .unwrap_or(host);
        let ok = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            && !full
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
        if ok { Ok(Self(full)) } else { Err(bad()) }
    }
}

impl NutsCode {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim().to_uppercase();
        if t.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let ok = (2..=5).contains(&t.len())
            && t.chars().take(2).all(|c| c.is_ascii_uppercase())
            && t.chars().skip(2).all(|c| c.is_ascii_alphanumeric());
        if ok {
            Ok(Self(t))
        } else {
            Err(FieldError::new(field, "invalid_nuts").detail(s.trim().to_string()))
        }
    }
    /// The country part, e.g. "ES" for ES212.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
    /// True when `self` lies inside `region` (a shorter prefix code).
    pub fn within(&self, region: &str) -> bool {
        self.0.starts_with(region)
    }
}

impl Phone {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let ok = (3..=20).contains(&digits)
            && t.chars()
                .all(|c| c.is_ascii_digit() || " +()-./".contains(c))
            && t.len() <= 40;
        if ok {
            Ok(Self(t.to_string()))
        } else {
            Err(FieldError::new(field, "invalid_phone").detail(t.to_string()))
        }
    }
}

impl Slug {
    pub fn parse(field: &str, s: &str) -> Result<Self, FieldError> {
        let t = s.trim();
        let ok = (2..=40).contains(&t.len())
            && t.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !t.starts_with('-');
        if ok {
            Ok(Self(t.to_string()))
        } else {
            Err(FieldError::new(field, "invalid_slug").detail(t.to_string()))
        }
    }
}

/// A calendar date in the forms CRM exports use: 2008-09-01, 2008-9-1, 20080901, 01/09/2008.
pub fn parse_date(field: &str, s: &str) -> Result<Date, FieldError> {
    let t = s.trim();
    let bad = || FieldError::new(field, "invalid_date").detail(t.to_string());
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let (y, m, d): (i32, u8, u8) = if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        (
            t[..4].parse().map_err(|_| bad())?,
            t[4..6].parse().map_err(|_| bad())?,
            t[6..].parse().map_err(|_| bad())?,
        )
    } else {
        let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
        if parts.len() != 3 {
            return Err(bad());
        }
        let n = |p: &str| p.parse::<i32>().map_err(|_| bad());
        let (a, b, c) = (n(parts[0])?, n(parts[1])?, n(parts[2])?);
        // Year first (ISO) or year last (day/month/year as written in Europe).
        let (y, m, d) = if parts[0].len() == 4 {
            (a, b, c)
        } else if parts[2].len() == 4 {
            (c, b, a)
        } else {
            return Err(bad());
        };
        (
            y,
            u8::try_from(m).map_err(|_| bad())?,
            u8::try_from(d).map_err(|_| bad())?,
        )
    };
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

/// Formats a date as ISO 8601 (the storage form).
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// An optional start and end date (a term, a mandate), stored as ISO dates; the end may not come
/// before the start. Problems are added to `errs` under the given field names.
pub fn term(
    errs: &mut Vec<FieldError>,
    start: (&str, &str),
    end: (&str, &str),
) -> (Option<String>, Option<String>) {
    let mut one = |(field, v): (&str, &str)| match optional(Some(v)) {
        None => None,
        Some(v) => parse_date(field, v)
            .map(iso_date)
            .map_err(|e| errs.push(e))
            .ok(),
    };
    let (s, e) = (one(start), one(end));
    if let (Some(s), Some(e)) = (&s, &e)
        && e < s
    {
        errs.push(FieldError::new(end.0, "before_start"));
    }
    (s, e)
}

/// Trims an optional text input; empty means absent.
pub fn optional(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|t| !t.is_empty())
}

/// A figure as people write it in `lang`: "1.234,5" in Spanish or Basque, "1 234,5" in French,
/// "1,234.5" in English. With both marks present the last one is the decimal mark, whatever
/// the language. With one kind only, the language decides: its decimal mark is a decimal mark
/// (unless repeated, then it groups thousands); the other mark groups thousands when it splits
/// the digits in threes, and is otherwise taken as a decimal mark typed out of habit ("7.5" in
/// Spanish). A guess that ignores the language cannot tell "1,234" (1.234 in Spanish) from
/// 1234 (English), and would misread a stored 1234.567 shown back in the form.
pub fn parse_figure(lang: &str, s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .trim_matches(['€', '%'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    let mark = if lang == "en" { '.' } else { ',' };
    let (int, frac) = match t.rfind(['.', ',']) {
        None => (t.to_string(), ""),
        Some(last) => {
            let sep = if t[last..].starts_with('.') { '.' } else { ',' };
            let repeated = t.matches(sep).count() > 1;
            let both = t.contains('.') && t.contains(',');
            let decimal = both || (!repeated && (sep == mark || !grouped(t, sep)));
            if decimal {
                let other = if sep == '.' { ',' } else { '.' };
                let int = &t[..last];
                if int.contains(other) && !grouped(int, other) {
                    return None;
                }
                (int.replace(other, ""), &t[last + 1..])
            } else if grouped(t, sep) {
                (t.replace(sep, ""), "")
            } else {
                return None;
            }
        }
    };
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if !digits(&int) || !digits(frac) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let v: f64 = format!("0{int}.{frac}0").parse().ok()?;
    Some(if neg { -v } else { v })
}

/// "1.234.567": one to three digits, then groups of exactly three.
fn grouped(t: &str, sep: char) -> bool {
    let mut parts = t.split(sep);
    let first = parts.next().unwrap_or("");
    let mut rest = parts.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && rest.all(|p| p.len() == 3)
}

/// A time as stored: RFC 3339 UTC with seconds (`2026-03-02T09:30:00Z`), which sorts as text.
pub fn stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Reads a stored time (any RFC 3339 time) back.
pub fn parse_stamp(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_as_written_in_each_language() {
        let es = |s| parse_figure("es", s);
        let en = |s| parse_figure("en", s);
        assert_eq!(es("1.234,5"), Some(1234.5));
        assert_eq!(es("1.234"), Some(1234.0));
        assert_eq!(es("1,234"), Some(1.234));
        assert_eq!(es("1234,567"), Some(1234.567));
        assert_eq!(
            es("7.5"),
            Some(7.5),
            "a dot that cannot group is a decimal mark"
        );
        assert_eq!(es("0.125"), Some(0.125));
        assert_eq!(es("1.234.567"), Some(1_234_567.0));
        assert_eq!(es("2.500.000 €"), Some(2_500_000.0));
        assert_eq!(es("-3"), Some(-3.0));
        assert_eq!(en("1,234.5"), Some(1234.5));
        assert_eq!(en("1,234"), Some(1234.0));
        assert_eq!(en("1.234"), Some(1.234));
        assert_eq!(en(".5"), Some(0.5));
        assert_eq!(parse_figure("fr", "1\u{202f}234,5"), Some(1234.5));
        assert_eq!(parse_figure("eu", "12,5 %"), Some(12.5));
        for bad in [
            "", "x", "1e5", "inf", "1.23.4", "1,234,5", "1.2,3.4", "-", "1-2",
        ] {
            assert_eq!(es(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("e", " John@Doe.Example ").map(|e| e.into_inner()),
            Ok("john@doe.example".into())
        );
        for bad in ["john", "@x.com", "a@b", "a b@c.com", "a@.com", "a@b.com."] {
            assert_eq!(
                Email::parse("email", bad).unwrap_err().code,
                "invalid_email",
                "{bad}"
            );
        }
    }

    #[test]
    fn legal_ids_normalise_to_one_form() {
        let a = LegalId::parse("l", "ES-B12.345.678").expect("ok");
        let b = LegalId::parse("l", "b12345678").expect("ok");
        assert_eq!(a, b);
        assert_eq!(
            LegalId::parse("l", "FR 12 345678901").map(|x| x.into_inner()),
            Ok("12345678901".into())
        );
        assert_eq!(
            LegalId::parse("l", "hello").unwrap_err().code,
            "invalid_legal_id"
        );
        assert_eq!(
            LegalId::parse("l", "B1").unwrap_err().code,
            "invalid_legal_id"
        );
    }

    #[test]
    fn websites_accept_idn_and_bare_hosts_and_reject_prose() {
        assert_eq!(
            Website::parse("w", "www.bhc.eus").map(|w| w.into_inner()),
            Ok("https://www.bhc.eus".into())
        );
        assert!(Website::parse("w", "https://কানাডা.com").is_ok());
        assert!(Website::parse("w", "http://localhost.test:8080/a?b=c").is_ok());
        for bad in [
            "not a url",
            "ftp://x.com",
            "https://",
            "https://nodot",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                Website::parse("website", bad).unwrap_err().code,
                "invalid_url",
                "{bad}"
            );
        }
    }

    #[test]
    fn nuts_codes() {
        let n = NutsCode::parse("t", "es212").expect("ok");
        assert_eq!((n.as_str(), n.country()), ("ES212", "ES"));
        assert!(n.within("ES21"));
        assert!(NutsCode::parse("t", "1234").is_err());
        assert!(NutsCode::parse("t", "ES21234").is_err());
    }

    #[test]
    fn dates_in_crm_export_forms() {
        for ok in ["2008-09-01", "20080901", "2008-9-1 ", "01/09/2008"] {
            assert_eq!(
                parse_date("d", ok).map(iso_date),
                Ok("2008-09-01".into()),
                "{ok}"
            );
        }
        for bad in ["2008-25-1", "2008-02-30", "tomorrow", "08-09-01"] {
            assert_eq!(
                parse_date("birth_date", bad).unwrap_err().code,
                "invalid_date",
                "{bad}"
            );
        }
    }

    #[test]
    fn terms_are_optional_ordered_dates() {
        let mut errs = Vec::new();
        assert_eq!(
            term(&mut errs, ("s", "2026-1-1"), ("e", "")),
            (Some("2026-01-01".into()), None)
        );
        assert!(errs.is_empty());
        term(&mut errs, ("s", "2026-01-01"), ("e", "2025-01-01"));
        term(&mut errs, ("s", "soon"), ("e", "2025-01-01"));
        let codes: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(codes, [("e", "before_start"), ("s", "invalid_date")]);
    }

    #[test]
    fn phones_and_names() {
        assert!(Phone::parse("p", "(446) 758-2122").is_ok());
        assert!(Phone::parse("p", "call me").is_err());
        assert_eq!(Name::parse("n", "  ").unwrap_err().code, "required");
        assert!(Name::parse("n", &"x".repeat(201)).is_err());
    }
}
