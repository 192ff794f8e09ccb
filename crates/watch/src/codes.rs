//! The checks alert profiles and opportunities make on CPV and NUTS codes typed by people.

/// The significant prefix of a CPV entry typed by a person: "33140000-2" and "33140000" give
/// "3314" (trailing zeros of a full code are insignificant), "331" stays "331". None when no
/// CPV code starts with it.
pub fn cpv_prefix_of(raw: &str) -> Option<String> {
    let code = raw.split('-').next().unwrap_or(raw).trim();
    if code.len() < 2 || code.len() > 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix = if code.len() == 8 {
        let t = code.trim_end_matches('0');
        if t.len() < 2 { &code[..2] } else { t }
    } else {
        code
    };
    crate::codelist::get()
        .cpv_has_prefix(prefix)
        .then(|| prefix.to_string())
}

/// A NUTS 2021 code (any level) or a country's two-letter prefix that NUTS uses.
pub fn is_region(code: &str) -> bool {
    crate::codelist::get().nuts_has_prefix(code)
}
