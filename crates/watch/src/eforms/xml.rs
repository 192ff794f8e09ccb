//! The safety rules both XML readers of the crate (eForms notices, Genericode lists) follow:
//! UTF-8 only, no DTD, no entities beyond the five predefined ones and numeric character
//! references, bounded sizes, and errors that say where.

use quick_xml::events::{BytesRef, BytesStart};

/// Largest document accepted.
pub(crate) const MAX_DOC: usize = 50 * 1024 * 1024;
/// Largest text of a single element.
pub(crate) const MAX_TEXT: usize = 1024 * 1024;
/// Deepest element nesting accepted (eForms notices stay under 20).
pub(crate) const MAX_DEPTH: usize = 256;

/// 1-based line of byte offset `pos`.
pub(crate) fn line_at(input: &[u8], pos: usize) -> usize {
    let end = pos.min(input.len());
    input[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// What went wrong before the document could be read as XML at all.
pub(crate) enum Prelude {
    Empty,
    TooLarge(usize),
    Utf16,
    /// Invalid UTF-8 at this byte offset.
    NotUtf8(usize),
}

/// Checks size and encoding, strips a UTF-8 byte-order mark.
pub(crate) fn prelude(input: &[u8]) -> Result<&str, Prelude> {
    if input.len() > MAX_DOC {
        return Err(Prelude::TooLarge(input.len()));
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    if input.starts_with(b"\xFF\xFE")
        || input.starts_with(b"\xFE\xFF")
        || input.starts_with(b"<\0")
        || input.starts_with(b"\0<")
    {
        return Err(Prelude::Utf16);
    }
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Prelude::Empty);
    }
    std::str::from_utf8(input).map_err(|e| Prelude::NotUtf8(e.valid_up_to()))
}

/// Whether the XML declaration names an encoding other than UTF-8 (returns its name).
pub(crate) fn foreign_encoding(decl: &quick_xml::events::BytesDecl<'_>) -> Option<String> {
    match decl.encoding() {
        Some(Ok(enc)) => {
            let e = String::from_utf8_lossy(&enc).to_string();
            let norm = e.to_ascii_lowercase();
            (norm != "utf-8" && norm != "utf8").then_some(e)
        }
        _ => None,
    }
}

/// A general reference resolved to its character, or the entity name refused.
pub(crate) fn resolve_ref(r: &BytesRef<'_>) -> Result<char, String> {
    let raw: &[u8] = r;
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c),
            _ => Err(String::from_utf8_lossy(raw).to_string()),
        };
    }
    match raw {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        _ => Err(String::from_utf8_lossy(raw).to_string()),
    }
}

/// The message and whether the input simply ended too early, for a quick-xml error.
pub(crate) fn describe(err: &quick_xml::Error) -> (String, bool) {
    use quick_xml::errors::{Error, IllFormedError, SyntaxError};
    match err {
        Error::Syntax(s) => {
            let truncated = matches!(
                s,
                SyntaxError::UnclosedTag
                    | SyntaxError::UnclosedComment
                    | SyntaxError::UnclosedCData
                    | SyntaxError::UnclosedDoctype
                    | SyntaxError::UnclosedPIOrXmlDecl
            );
            (s.to_string(), truncated)
        }
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => (
            format!("end tag `</{found}>` does not match the open element `<{expected}>`"),
            false,
        ),
        Error::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            (format!("end tag `</{name}>` closes no open element"), false)
        }
        Error::IllFormed(e) => (e.to_string(), false),
        Error::Escape(e) => (e.to_string(), false),
        Error::InvalidAttr(e) => (format!("bad attribute: {e}"), false),
        Error::Encoding(e) => (e.to_string(), false),
        e => (e.to_string(), false),
    }
}

/// An attribute value by local name into `out`, entity references resolved (five predefined +
/// numeric ones; anything else is refused). `Ok(false)` when absent.
pub(crate) fn attr(e: &BytesStart<'_>, local: &[u8], out: &mut String) -> Result<bool, String> {
    out.clear();
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|e| format!("bad attribute: {e}"))?;
        if a.key.local_name().as_ref() == local
            && a.key.prefix().is_none_or(|p| p.as_ref() != b"xmlns")
        {
            if a.value.contains(&b'&') {
                let v = a
                    .unescape_value()
                    .map_err(|e| format!("attribute {}: {e}", String::from_utf8_lossy(local)))?;
                out.push_str(&v);
            } else {
                out.push_str(
                    std::str::from_utf8(&a.value)
                        .map_err(|_| "attribute is not UTF-8".to_string())?,
                );
            }
            return Ok(true);
        }
    }
    Ok(false)
}

/// Namespace declarations of a start tag: `(prefix, uri)`, prefix empty for the default one.
pub(crate) fn ns_decls(e: &BytesStart<'_>) -> Result<Vec<(Vec<u8>, String)>, String> {
    let mut out = Vec::new();
    if !contains(e.attributes_raw(), b"xmlns") {
        return Ok(out);
    }
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|e| format!("bad attribute: {e}"))?;
        let key = a.key.as_ref();
        let prefix = if key == b"xmlns" {
            Vec::new()
        } else if let Some(p) = key.strip_prefix(b"xmlns:") {
            p.to_vec()
        } else {
            continue;
        };
        let v = a
            .unescape_value()
            .map_err(|e| format!("namespace declaration: {e}"))?;
        out.push((prefix, v.into_owned()));
    }
    Ok(out)
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
