//! Numbers, money and dates in the reader's language.

/// Thousands and decimal separators per language. French groups with a narrow no-break space.
fn separators(lang: &str) -> (&'static str, &'static str) {
    match lang {
        "en" => (",", "."),
        "fr" => ("\u{202f}", ","),
        _ => (".", ","),
    }
}

pub fn integer(lang: &str, n: i64) -> String {
    let (group, _) = separators(lang);
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    // Spanish style guides do not group four-digit numbers.
    if lang == "es" && digits.len() == 4 {
        out = digits;
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A number with `places` decimals (trailing zeros dropped), grouped the reader's way.
pub fn decimal(lang: &str, v: f64, places: usize) -> String {
    let (_, dec) = separators(lang);
    let scale = 10f64.powi(places as i32);
    let r = (v * scale).round() / scale;
    let whole = r.trunc() as i64;
    let mut out = integer(lang, whole);
    if r < 0.0 && whole == 0 {
        out = format!("-{out}");
    }
    let frac = format!("{:.*}", places, r.abs().fract());
    let frac = frac
        .trim_start_matches('0')
        .trim_start_matches('.')
        .trim_end_matches('0');
    if !frac.is_empty() {
        out.push_str(dec);
        out.push_str(frac);
    }
    out
}

/// Whole euros: "46.300.000 €" (es, eu, fr) or "€46,300,000" (en), for figures where cents
/// would be noise.
pub fn money_eur_whole(lang: &str, euros: i64) -> String {
    let whole = integer(lang, euros);
    match lang {
        "en" => format!("€{whole}"),
        _ => format!("{whole}\u{a0}€"),
    }
}

/// Amount in cents as money: "1.234,50 €" (es, eu, fr) or "€1,234.50" (en).
pub fn money_eur(lang: &str, cents: i64) -> String {
    let (_, dec) = separators(lang);
    let whole = integer(lang, cents / 100);
    let frac = (cents % 100).abs();
    match lang {
        "en" => format!("€{whole}{dec}{frac:02}"),
        _ => format!("{whole}{dec}{frac:02}\u{a0}€"),
    }
}

const MONTHS: [[&str; 12]; 4] = [
    [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    [
        "urt", "ots", "mar", "api", "mai", "eka", "uzt", "abu", "ira", "urr", "aza", "abe",
    ],
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
];

/// A stored ISO date or timestamp (YYYY-MM-DD…) shown as people of that language write it.
/// Anything unparseable is returned unchanged rather than hidden.
pub fn date(lang: &str, iso: &str) -> String {
    let parts: Option<(i32, usize, u32)> = (|| {
        let y = iso.get(0..4)?.parse().ok()?;
        let m: usize = iso.get(5..7)?.parse().ok()?;
        let d = iso.get(8..10)?.parse().ok()?;
        (1..=12).contains(&m).then_some((y, m, d))
    })();
    let Some((y, m, d)) = parts else {
        return iso.to_string();
    };
    let idx = match lang {
        "es" => 0,
        "eu" => 1,
        "fr" => 3,
        _ => 2,
    };
    let mon = MONTHS[idx][m - 1];
    match lang {
        // Basque writes year first: 2026ko aza. 23.
        "eu" => format!("{y}ko {mon}. {d}"),
        "en" => format!("{d} {mon} {y}"),
        _ => format!("{d} {mon} {y}"),
    }
}

/// Date and time (UTC, as stored) for timestamps.
pub fn datetime(lang: &str, iso: &str) -> String {
    match iso.get(11..16) {
        Some(hm) if iso.len() >= 16 => format!("{} {hm}", date(lang, iso)),
        _ => date(lang, iso),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_euros_keep_their_thousands() {
        assert_eq!(money_eur_whole("es", 46_300_000), "46.300.000\u{a0}€");
        assert_eq!(money_eur_whole("en", 44_000_000), "€44,000,000");
        assert_eq!(money_eur_whole("fr", 1_200), "1\u{202f}200\u{a0}€");
    }

    #[test]
    fn decimals_per_language() {
        assert_eq!(decimal("es", 12345.678, 1), "12.345,7");
        assert_eq!(decimal("en", 7.5, 2), "7.5");
        assert_eq!(decimal("fr", 3.0, 1), "3");
        assert_eq!(decimal("es", -0.25, 2), "-0,25");
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(integer("en", 1234567), "1,234,567");
        assert_eq!(integer("es", 1234567), "1.234.567");
        assert_eq!(integer("es", 1234), "1234");
        assert_eq!(integer("eu", 1234), "1.234");
        assert_eq!(integer("fr", -1234), "-1\u{202f}234");
        assert_eq!(money_eur("es", 123450), "1234,50\u{a0}€");
        assert_eq!(money_eur("en", 123405), "€1,234.05");
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(date("en", "2026-11-23"), "23 Nov 2026");
        assert_eq!(date("es", "2026-11-03T10:00:00Z"), "3 nov 2026");
        assert_eq!(date("eu", "2026-11-23"), "2026ko aza. 23");
        assert_eq!(date("fr", "2026-02-01"), "1 févr. 2026");
        assert_eq!(datetime("en", "2026-11-23T09:30:00Z"), "23 Nov 2026 09:30");
        assert_eq!(date("en", "garbage"), "garbage");
    }
}
