//! Countries by ISO 3166 code or by name in English, Spanish or French, as CRM exports write them.

use crate::country_table::COUNTRIES;

/// Returns the alpha-2 code for a code (alpha-2 or alpha-3) or a name, ignoring case and accents
/// of apostrophes; `None` when nothing matches.
pub fn lookup(input: &str) -> Option<&'static str> {
    let needle = normalise(input);
    if needle.is_empty() {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|(a2, a3, en, es, fr)| {
            needle == a2.to_lowercase()
                || needle == a3.to_lowercase()
                || needle == normalise(en)
                || needle == normalise(es)
                || needle == normalise(fr)
        })
        .map(|c| c.0)
}

/// English name of an alpha-2 code.
pub fn name(alpha2: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|c| c.0 == alpha2).map(|c| c.2)
}

fn normalise(s: &str) -> String {
    s.trim().replace(['’', '`'], "'").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_codes_and_names_in_any_case() {
        assert_eq!(lookup("AU"), Some("AU"));
        assert_eq!(lookup("aus"), Some("AU"));
        assert_eq!(lookup("austRalia"), Some("AU"));
        assert_eq!(lookup("Côte d'Ivoire"), Some("CI"));
        assert_eq!(lookup("España"), Some("ES"));
        assert_eq!(lookup("New Zealand"), Some("NZ"));
        assert_eq!(lookup("ABC"), None);
        assert_eq!(lookup("1013"), None);
        assert_eq!(lookup(""), None);
    }
}
