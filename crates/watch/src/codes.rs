//! The checks alert profiles and opportunities make on CPV and NUTS codes typed by people.

/// The significant prefix of a CPV entry typed by a person ([`crate::matching::cpv_prefix`]:
/// "33140000-2" and "33140000" give "3314", "331" stays "331"), or None when it is malformed or
/// no CPV 2008 code starts with it.
pub fn cpv_prefix_of(raw: &str) -> Option<String> {
    crate::matching::cpv_prefix(raw).filter(|p| crate::codelist::get().cpv_has_prefix(p))
}

/// A NUTS 2021 code (any level) or a country's two-letter prefix that NUTS uses.
pub fn is_region(code: &str) -> bool {
    crate::codelist::get().nuts_has_prefix(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpv_entries_reduce_to_their_significant_digits_and_must_exist() {
        assert_eq!(cpv_prefix_of("33140000-2").as_deref(), Some("3314"));
        assert_eq!(cpv_prefix_of("331").as_deref(), Some("331"));
        assert_eq!(cpv_prefix_of("85000000").as_deref(), Some("85"));
        assert_eq!(cpv_prefix_of("99999999"), None);
        assert_eq!(cpv_prefix_of("3x1"), None);
    }

    #[test]
    fn regions_are_nuts_codes_or_their_country_prefix() {
        assert!(is_region("ES213"));
        assert!(is_region("ES"));
        assert!(!is_region("XX9"));
    }
}
