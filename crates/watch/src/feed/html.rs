//! HTML fragments as feeds carry them (escaped or in CDATA) turned into plain text: tags
//! dropped (with the content of `script` and `style`), character references decoded, whitespace
//! collapsed. This is text extraction for display and matching, not sanitising for output.

/// Tags after which words must not run together.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Plain text of an HTML fragment, on one line.
pub(crate) fn html_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('&') {
            let (text, used) = entity(rest);
            out.push_str(text.as_deref().unwrap_or("&"));
            rest = &rest[used..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        let next = rest[1..].chars().next();
        if !matches!(next, Some(c) if c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?') {
            // "a < b": not a tag.
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let Some(end) = tag_end(rest) else {
            // A tag cut short: nothing after it is text.
            rest = "";
            break;
        };
        rest = &rest[end..];
        if BLOCK.contains(&name.as_str()) {
            out.push(' ');
        }
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(j) => tag_end(&rest[j..]).map_or("", |e| &rest[j + e..]),
                None => "",
            };
        }
    }
    out.push_str(rest);
    collapse(&out)
}

/// Index just past the `>` closing the tag that starts `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Decodes the character references of a text that is not markup (a title).
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (text, used) = entity(rest);
        out.push_str(text.as_deref().unwrap_or("&"));
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}

/// Whitespace runs (including no-break spaces) to one space, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The character reference at the start of `s` (which starts with `&`): its text and the bytes
/// it used; `(None, 1)` when it is not one, so the `&` stays as written.
fn entity(s: &str) -> (Option<String>, usize) {
    let Some(end) = s.as_bytes().iter().take(34).position(|&b| b == b';') else {
        return (None, 1);
    };
    let name = &s[1..end];
    let text = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        code.and_then(char::from_u32)
            .filter(|c| *c != '\0')
            .map(String::from)
    } else {
        named(name).map(String::from)
    };
    match text {
        Some(t) => (Some(t), end + 1),
        None => (None, 1),
    }
}

/// The HTML named references that turn up in European funding and procurement feeds.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "",
        "ensp" | "emsp" | "thinsp" => " ",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "bull" => "•",
        "middot" => "·",
        "euro" => "€",
        "pound" => "£",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "ordm" => "º",
        "ordf" => "ª",
        "iexcl" => "¡",
        "iquest" => "¿",
        "sect" => "§",
        "para" => "¶",
        "times" => "×",
        "aacute" => "á",
        "eacute" => "é",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "Aacute" => "Á",
        "Eacute" => "É",
        "Iacute" => "Í",
        "Oacute" => "Ó",
        "Uacute" => "Ú",
        "agrave" => "à",
        "egrave" => "è",
        "igrave" => "ì",
        "ograve" => "ò",
        "ugrave" => "ù",
        "Agrave" => "À",
        "Egrave" => "È",
        "Ograve" => "Ò",
        "acirc" => "â",
        "ecirc" => "ê",
        "icirc" => "î",
        "ocirc" => "ô",
        "ucirc" => "û",
        "atilde" => "ã",
        "otilde" => "õ",
        "Atilde" => "Ã",
        "Otilde" => "Õ",
        "auml" => "ä",
        "euml" => "ë",
        "iuml" => "ï",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "ntilde" => "ñ",
        "Ntilde" => "Ñ",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "szlig" => "ß",
        "oelig" => "œ",
        "aelig" => "æ",
        "oslash" => "ø",
        "aring" => "å",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes() {
        assert_eq!(
            html_to_text("<p>Convocatoria&nbsp;de <b>ayudas</b></p><p>I+D&amp;i &aacute;mbito</p>"),
            "Convocatoria de ayudas I+D&i ámbito"
        );
        assert_eq!(html_to_text("a < b and c<br/>d"), "a < b and c d");
        assert_eq!(
            html_to_text("x<script type=\"a>b\">var a = '<p>';</script>y<!-- c -->z"),
            "xyz"
        );
        assert_eq!(
            html_to_text("<a href=\"x?a=1&b=2\">link</a> &unknown; & &#233;&#xE9;"),
            "link &unknown; & éé"
        );
        assert_eq!(html_to_text("text <a href="), "text");
        assert_eq!(
            html_to_text("<STYLE>p{}</STYLE>Hola\n\t  mundo"),
            "Hola mundo"
        );
        assert_eq!(
            decode_entities("R&amp;D &lt;b&gt; &#0; &"),
            "R&D <b> &#0; &"
        );
    }
}
