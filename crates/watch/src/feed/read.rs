//! Reading RSS (2.0, also 0.9x and 1.0/RDF) and Atom 1.0 feeds into [`FeedItem`]s.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::dates::{parse_rfc2822, parse_rfc3339};
use super::html::{collapse, decode_entities, html_to_text};

/// Larger documents are refused before parsing.
pub const MAX_FEED_BYTES: usize = 10 * 1024 * 1024;

/// One item of a feed (an RSS `item`, an Atom `entry`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    /// RSS `guid`, else the link, else a hash of the title (`"title:<16 hex digits>"`); Atom `id`
    /// (then the same fallbacks). Stable across fetches of the same item.
    pub guid: String,
    /// Plain text, one line. When the item has none, the start of the summary, else the link.
    pub title: String,
    /// Plain text, one line: RSS `description` (else `content:encoded`), Atom `summary` (else
    /// `content`), with HTML tags dropped, character references decoded, whitespace collapsed.
    pub summary: String,
    /// RSS `link` (else an `atom:link`, else a permalink `guid`); Atom `link rel="alternate"`
    /// (HTML preferred), resolved against `xml:base` or the feed's own link when relative.
    pub link: Option<String>,
    /// RSS `pubDate` (RFC 2822; else `dc:date`); Atom `published`, else `updated` (RFC 3339).
    pub published: Option<OffsetDateTime>,
    /// Atom `updated` (also `atom:updated` or `dcterms:modified` in RSS).
    pub updated: Option<OffsetDateTime>,
    /// RSS `category` and `dc:subject`; Atom `category` terms (labels when there is no term).
    /// Trimmed, deduplicated, in document order.
    pub categories: Vec<String>,
    /// ISO 639-1, lower case ("es"): the item's `xml:lang`, else the channel's `language` /
    /// `dc:language` / `xml:lang`, else the feed root's `xml:lang`.
    pub language: Option<String>,
}

/// Why a feed could not be read. Line numbers count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("feed too large: {size} bytes (at most {MAX_FEED_BYTES})")]
    TooLarge { size: usize },
    #[error("empty document")]
    Empty,
    #[error("document type declarations (<!DOCTYPE) are refused (line {line})")]
    Doctype { line: usize },
    #[error("unsupported encoding `{0}` (UTF-8, UTF-16, ISO-8859-1/15 and windows-1252 are read)")]
    Encoding(String),
    #[error("not an RSS or Atom feed: root element `{root}`")]
    NotAFeed { root: String },
    #[error(
        "not an RSS or Atom feed: root element `feed` is not in the Atom namespace \
         (http://www.w3.org/2005/Atom)"
    )]
    NotAtomNamespace,
    #[error("truncated document at line {line}")]
    Truncated { line: usize },
    #[error("malformed XML at line {line}: {message}")]
    Malformed { line: usize, message: String },
    /// `kind` is "item" (RSS) or "entry" (Atom); `index` counts from 1.
    #[error("{kind} {index} has no title or link (line {line})")]
    NoTitleOrLink {
        kind: &'static str,
        index: usize,
        line: usize,
    },
}

/// Reads an RSS or Atom feed (told apart by the root element).
pub fn parse_feed(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge { size: bytes.len() });
    }
    let text = to_utf8(bytes)?;
    let root = read_tree(&text)?;
    match (root.ns, root.name.as_str()) {
        (Ns::None, "rss") => Ok(rss(&root)?),
        (Ns::Rdf, "RDF") => Ok(rss(&root)?),
        (Ns::Atom, "feed") => Ok(atom(&root)?),
        _ => Err(FeedError::NotAFeed { root: root.qname }),
    }
}

// --- encoding -----------------------------------------------------------------------------------

/// The document as UTF-8. quick-xml reads UTF-8 only; Latin-1 and windows-1252 feeds (still
/// common on older Spanish sites) and UTF-16 ones are converted first. A document that declares
/// UTF-8 (or nothing) but is not valid UTF-8 is read as windows-1252 rather than refused.
fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, FeedError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(std::str::from_utf8(rest)
            .map_or_else(|_| Cow::Owned(cp1252(rest, false)), Cow::Borrowed));
    }
    if let Some(be) = match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    } {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            let pair = [c[0], c[1]];
            if be {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        return Ok(Cow::Owned(
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        ));
    }
    let declared = declared_encoding(bytes).map(|e| e.to_ascii_lowercase());
    match declared.as_deref() {
        None | Some("utf-8" | "utf8" | "us-ascii" | "ascii") => Ok(std::str::from_utf8(bytes)
            .map_or_else(|_| Cow::Owned(cp1252(bytes, false)), Cow::Borrowed)),
        Some(
            "iso-8859-1" | "latin1" | "latin-1" | "iso_8859-1" | "l1" | "windows-1252" | "cp1252",
        ) => Ok(Cow::Owned(cp1252(bytes, false))),
        Some("iso-8859-15" | "latin-9" | "latin9") => Ok(Cow::Owned(cp1252(bytes, true))),
        Some(other) => Err(FeedError::Encoding(other.to_string())),
    }
}

/// The `encoding` of the XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.strip_prefix(b"<?xml")?;
    let end = head.iter().take(400).position(|&b| b == b'>')?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].trim().to_string())
}

/// windows-1252 (a superset of ISO-8859-1's printable characters); with `latin9`, ISO-8859-15.
fn cp1252(bytes: &[u8], latin9: bool) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F if !latin9 => HIGH[usize::from(b - 0x80)],
            0xA4 if latin9 => '€',
            0xA6 if latin9 => 'Š',
            0xA8 if latin9 => 'š',
            0xB4 if latin9 => 'Ž',
            0xB8 if latin9 => 'ž',
            0xBC if latin9 => 'Œ',
            0xBD if latin9 => 'œ',
            0xBE if latin9 => 'Ÿ',
            _ => char::from(b),
        })
        .collect()
}

// --- a small element tree -----------------------------------------------------------------------

/// The namespaces feeds use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    None,
    Atom,
    Rss1,
    Rdf,
    Content,
    Dc,
    DcTerms,
    Xhtml,
    Other,
}

impl Ns {
    fn of(uri: &[u8]) -> Ns {
        match uri {
            b"http://www.w3.org/2005/Atom" | b"http://purl.org/atom/ns#" => Ns::Atom,
            b"http://purl.org/rss/1.0/" | b"http://channel.netscape.com/rdf/simple/0.9/" => {
                Ns::Rss1
            }
            b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" => Ns::Rdf,
            b"http://purl.org/rss/1.0/modules/content/" => Ns::Content,
            b"http://purl.org/dc/elements/1.1/" => Ns::Dc,
            b"http://purl.org/dc/terms/" => Ns::DcTerms,
            b"http://www.w3.org/1999/xhtml" => Ns::Xhtml,
            _ => Ns::Other,
        }
    }

    /// For a prefix nobody declared: the conventional meaning of the usual ones.
    fn of_prefix(prefix: &[u8]) -> Ns {
        match prefix {
            b"content" => Ns::Content,
            b"dc" => Ns::Dc,
            b"dcterms" => Ns::DcTerms,
            b"atom" => Ns::Atom,
            _ => Ns::Other,
        }
    }
}

#[derive(Debug)]
struct Elem {
    ns: Ns,
    /// Local name.
    name: String,
    /// Name as written, for messages.
    qname: String,
    /// Attributes by name as written (`xml:lang`, `href`…), values unescaped.
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    line: usize,
}

#[derive(Debug)]
enum Node {
    Elem(Elem),
    Text(String),
}

impl Elem {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elems(&self) -> impl Iterator<Item = &Elem> {
        self.children.iter().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn children_named<'a>(&'a self, ns: Ns, name: &str) -> impl Iterator<Item = &'a Elem> {
        self.elems().filter(move |e| e.ns == ns && e.name == name)
    }

    fn child(&self, ns: Ns, name: &str) -> Option<&Elem> {
        self.elems().find(|e| e.ns == ns && e.name == name)
    }

    /// All text inside, markup dropped (a space at block boundaries of XHTML content).
    fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Elem(e) => {
                    e.collect_text(out);
                    if e.ns == Ns::Xhtml {
                        out.push(' ');
                    }
                }
            }
        }
    }

    /// Trimmed text of a child, `None` when absent or blank.
    fn child_text(&self, ns: Ns, name: &str) -> Option<String> {
        self.child(ns, name)
            .map(|e| e.text().trim().to_string())
            .filter(|t| !t.is_empty())
    }
}

/// 1-based line of byte offsets, counted incrementally (offsets mostly grow).
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.bytes.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.pos..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = pos;
        self.line
    }
}

fn read_tree(text: &str) -> Result<Elem, FeedError> {
    let mut reader = NsReader::from_str(text);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.check_end_names = true;
    config.trim_text(false);
    let mut lines = Lines {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut stack: Vec<Elem> = Vec::new();
    let mut root: Option<Elem> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_resolved_event() {
            Ok((ns, event)) => {
                let ns = match &ns {
                    ResolveResult::Bound(uri) => Ns::of(uri.as_ref()),
                    ResolveResult::Unbound => Ns::None,
                    ResolveResult::Unknown(prefix) => Ns::of_prefix(prefix),
                };
                (ns, event)
            }
            Err(e) => return Err(xml_error(&e, &reader, &mut lines, text)),
        };
        match event {
            (ns, Event::Start(e)) => {
                let line = lines.at(before);
                let elem = new_elem(ns, &e, line)?;
                if stack.is_empty() {
                    check_root(&elem, root.is_some())?;
                }
                stack.push(elem);
            }
            (ns, Event::Empty(e)) => {
                let line = lines.at(before);
                let elem = new_elem(ns, &e, line)?;
                if stack.is_empty() {
                    check_root(&elem, root.is_some())?;
                }
                attach(&mut stack, &mut root, elem);
            }
            (_, Event::End(_)) => {
                if let Some(elem) = stack.pop() {
                    attach(&mut stack, &mut root, elem);
                }
            }
            (_, Event::Text(t)) => {
                if let Some(top) = stack.last_mut() {
                    push_text(top, &String::from_utf8_lossy(&t));
                }
            }
            (_, Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    push_text(top, &String::from_utf8_lossy(&t));
                }
            }
            (_, Event::GeneralRef(r)) => {
                if let Some(top) = stack.last_mut() {
                    let name = String::from_utf8_lossy(&r);
                    push_text(top, &resolve_ref(&name));
                }
            }
            (_, Event::DocType(_)) => {
                return Err(FeedError::Doctype {
                    line: lines.at(before),
                });
            }
            (_, Event::Eof) => break,
            (_, Event::Decl(_) | Event::PI(_) | Event::Comment(_)) => {}
        }
    }
    if !stack.is_empty() {
        return Err(FeedError::Truncated {
            line: lines.at(text.len()),
        });
    }
    root.ok_or(FeedError::Empty)
}

fn check_root(elem: &Elem, had_root: bool) -> Result<(), FeedError> {
    if had_root {
        return Err(FeedError::Malformed {
            line: elem.line,
            message: format!("element `{}` after the end of the root element", elem.qname),
        });
    }
    match (elem.ns, elem.name.as_str()) {
        (Ns::None, "rss") | (Ns::Rdf, "RDF") | (Ns::Atom, "feed") => Ok(()),
        (_, "feed") => Err(FeedError::NotAtomNamespace),
        _ => Err(FeedError::NotAFeed {
            root: elem.qname.clone(),
        }),
    }
}

fn attach(stack: &mut [Elem], root: &mut Option<Elem>, elem: Elem) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Elem(elem)),
        None => *root = Some(elem),
    }
}

fn push_text(elem: &mut Elem, t: &str) {
    if let Some(Node::Text(last)) = elem.children.last_mut() {
        last.push_str(t);
    } else {
        elem.children.push(Node::Text(t.to_string()));
    }
}

/// `&name;` in content: the five predefined entities and character references; anything else
/// stays as written (never expanded: there is no DTD to define it).
fn resolve_ref(name: &str) -> Cow<'static, str> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = name
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                });
            match code.and_then(char::from_u32).filter(|c| *c != '\0') {
                Some(c) => c,
                None => return Cow::Owned(format!("&{name};")),
            }
        }
    };
    Cow::Owned(c.to_string())
}

fn new_elem(ns: Ns, e: &BytesStart<'_>, line: usize) -> Result<Elem, FeedError> {
    let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| FeedError::Malformed {
            line,
            message: format!("in the attributes of `{qname}`: {err}"),
        })?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let raw = String::from_utf8_lossy(&a.value);
        let value = if raw.contains('&') {
            let mut v = String::with_capacity(raw.len());
            let mut rest: &str = &raw;
            while let Some(i) = rest.find('&') {
                v.push_str(&rest[..i]);
                rest = &rest[i..];
                match rest.find(';').filter(|&j| j <= 12) {
                    Some(j) => {
                        v.push_str(&resolve_ref(&rest[1..j]));
                        rest = &rest[j + 1..];
                    }
                    None => {
                        v.push('&');
                        rest = &rest[1..];
                    }
                }
            }
            v.push_str(rest);
            v
        } else {
            raw.into_owned()
        };
        attrs.push((key, value));
    }
    Ok(Elem {
        ns,
        name,
        qname,
        attrs,
        children: Vec::new(),
        line,
    })
}

fn xml_error(
    e: &quick_xml::Error,
    reader: &NsReader<&[u8]>,
    lines: &mut Lines<'_>,
    text: &str,
) -> FeedError {
    use quick_xml::errors::{IllFormedError, SyntaxError};
    match e {
        quick_xml::Error::Syntax(
            SyntaxError::UnclosedTag
            | SyntaxError::UnclosedCData
            | SyntaxError::UnclosedComment
            | SyntaxError::UnclosedPIOrXmlDecl
            | SyntaxError::UnclosedDoctype
            | SyntaxError::InvalidBangMarkup,
        ) => FeedError::Truncated {
            line: lines.at(text.len()),
        },
        quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => FeedError::Truncated {
            line: lines.at(text.len()),
        },
        _ => FeedError::Malformed {
            line: lines.at(reader.error_position() as usize),
            message: e.to_string(),
        },
    }
}

// --- RSS ------------------------------------------------------------------------------------------

fn rss(root: &Elem) -> Result<Vec<FeedItem>, FeedError> {
    let channel = root
        .child(Ns::None, "channel")
        .or_else(|| root.child(Ns::Rss1, "channel"));
    let lang = channel
        .and_then(|c| {
            c.child_text(Ns::None, "language")
                .or_else(|| c.child_text(Ns::Dc, "language"))
                .or_else(|| c.attr("xml:lang").map(str::to_string))
        })
        .or_else(|| root.attr("xml:lang").map(str::to_string))
        .and_then(|l| lang2(&l));
    // RSS 2.0 items are in the channel; RSS 1.0 ones beside it. Some feeds put them in both
    // places by mistake: take whichever holds items.
    let mut items: Vec<&Elem> = channel
        .map(|c| {
            c.elems()
                .filter(|e| matches!(e.ns, Ns::None | Ns::Rss1) && e.name == "item")
                .collect()
        })
        .unwrap_or_default();
    if items.is_empty() {
        items = root
            .elems()
            .filter(|e| matches!(e.ns, Ns::None | Ns::Rss1) && e.name == "item")
            .collect();
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| rss_item(item, i + 1, lang.as_deref()))
        .collect()
}

/// Child text in RSS 2.0 (no namespace) or RSS 1.0.
fn rss_text(item: &Elem, name: &str) -> Option<String> {
    item.child_text(Ns::None, name)
        .or_else(|| item.child_text(Ns::Rss1, name))
}

fn rss_item(item: &Elem, index: usize, channel_lang: Option<&str>) -> Result<FeedItem, FeedError> {
    let title = rss_text(item, "title")
        .map(|t| html_to_text(&t))
        .filter(|t| !t.is_empty());
    let guid_elem = item.child(Ns::None, "guid");
    let guid = guid_elem
        .map(|g| g.text().trim().to_string())
        .filter(|g| !g.is_empty())
        .or_else(|| item.attr("rdf:about").map(str::to_string));
    let permalink = guid_elem.is_some_and(|g| g.attr("isPermaLink") != Some("false"));
    let link = rss_text(item, "link")
        .or_else(|| atom_link(item, None))
        .or_else(|| {
            guid.clone()
                .filter(|g| permalink && (g.starts_with("http://") || g.starts_with("https://")))
        });
    let summary = rss_text(item, "description")
        .map(|d| html_to_text(&d))
        .filter(|s| !s.is_empty())
        .or_else(|| {
            item.child_text(Ns::Content, "encoded")
                .map(|d| html_to_text(&d))
        })
        .unwrap_or_default();
    let published = rss_text(item, "pubDate")
        .and_then(|d| parse_rfc2822(&d))
        .or_else(|| {
            item.child_text(Ns::Dc, "date")
                .and_then(|d| parse_rfc3339(&d))
        })
        .or_else(|| {
            item.child_text(Ns::Atom, "published")
                .and_then(|d| parse_rfc3339(&d))
        });
    let updated = item
        .child_text(Ns::Atom, "updated")
        .or_else(|| item.child_text(Ns::DcTerms, "modified"))
        .and_then(|d| parse_rfc3339(&d));
    let mut categories = Vec::new();
    for c in item
        .children_named(Ns::None, "category")
        .chain(item.children_named(Ns::Dc, "subject"))
    {
        push_unique(&mut categories, collapse(&decode_entities(&c.text())));
    }
    let language = item
        .attr("xml:lang")
        .and_then(lang2)
        .or_else(|| item.child_text(Ns::Dc, "language").and_then(|l| lang2(&l)))
        .or_else(|| channel_lang.map(str::to_string));
    finish(
        "item",
        index,
        item.line,
        Parts {
            guid,
            title,
            summary,
            link,
            published,
            updated,
            categories,
            language,
        },
    )
}

struct Parts {
    guid: Option<String>,
    title: Option<String>,
    summary: String,
    link: Option<String>,
    published: Option<OffsetDateTime>,
    updated: Option<OffsetDateTime>,
    categories: Vec<String>,
    language: Option<String>,
}

fn finish(kind: &'static str, index: usize, line: usize, p: Parts) -> Result<FeedItem, FeedError> {
    let link = p
        .link
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let title = match (p.title, &link) {
        (Some(t), _) => t,
        (None, Some(l)) if p.summary.is_empty() => l.clone(),
        (None, Some(_)) => shorten(&p.summary, 100),
        (None, None) => return Err(FeedError::NoTitleOrLink { kind, index, line }),
    };
    let guid = p
        .guid
        .or_else(|| link.clone())
        .unwrap_or_else(|| format!("title:{:016x}", fnv1a(title.as_bytes())));
    Ok(FeedItem {
        guid,
        title,
        summary: p.summary,
        link,
        published: p.published,
        updated: p.updated,
        categories: p.categories,
        language: p.language,
    })
}

/// The first `max` characters, cut at a word boundary when there is one, with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((cut, _)) => {
            let head = &s[..cut];
            let head = head.rfind(' ').map_or(head, |sp| &head[..sp]);
            format!("{}…", head.trim_end())
        }
    }
}

/// FNV-1a, 64 bits: a stable hash (std's is randomly seeded) for made-up ids.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

/// "es-ES" → "es", "EN" → "en"; a few ISO 639-2 codes are mapped; anything else is dropped.
fn lang2(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let two = match primary.as_str() {
        p if p.len() == 2 && p.bytes().all(|b| b.is_ascii_lowercase()) => return Some(primary),
        "spa" => "es",
        "eng" => "en",
        "eus" | "baq" => "eu",
        "cat" => "ca",
        "glg" => "gl",
        "por" => "pt",
        "fra" | "fre" => "fr",
        "deu" | "ger" => "de",
        "ita" => "it",
        "nld" | "dut" => "nl",
        _ => return None,
    };
    Some(two.to_string())
}

// --- Atom -------------------------------------------------------------------------------------------

fn atom(root: &Elem) -> Result<Vec<FeedItem>, FeedError> {
    let feed_lang = root.attr("xml:lang").and_then(lang2);
    let base = root
        .attr("xml:base")
        .map(str::to_string)
        .or_else(|| atom_link(root, None));
    root.children_named(Ns::Atom, "entry")
        .enumerate()
        .map(|(i, e)| atom_entry(e, i + 1, feed_lang.as_deref(), base.as_deref()))
        .collect()
}

/// An Atom text construct (`title`, `summary`, `content`) as plain text, by its `type`.
fn atom_text(e: &Elem) -> String {
    match e.attr("type").unwrap_or("text") {
        "html" | "text/html" => html_to_text(&e.text()),
        // xhtml: the markup is elements already, collected as text.
        _ => collapse(&e.text()),
    }
}

/// The `alternate` link (an HTML one first), resolved against `base`.
fn atom_link(e: &Elem, base: Option<&str>) -> Option<String> {
    let alternates: Vec<&Elem> = e
        .children_named(Ns::Atom, "link")
        .filter(|l| matches!(l.attr("rel"), None | Some("alternate")))
        .filter(|l| l.attr("href").is_some_and(|h| !h.trim().is_empty()))
        .collect();
    let best = alternates
        .iter()
        .find(|l| {
            matches!(
                l.attr("type"),
                None | Some("text/html" | "application/xhtml+xml")
            )
        })
        .or(alternates.first())?;
    let href = best.attr("href")?.trim();
    let base = best.attr("xml:base").or(e.attr("xml:base")).or(base);
    Some(resolve_url(base, href))
}

/// `href` made absolute against `base` (when it is relative and `base` is absolute).
fn resolve_url(base: Option<&str>, href: &str) -> String {
    let Some(base) = base.filter(|b| b.contains("://")) else {
        return href.to_string();
    };
    if href.contains("://") || href.starts_with("mailto:") {
        return href.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}//{rest}", &base[..scheme_end - 2]);
    }
    if href.starts_with('/') {
        return format!("{}{href}", &base[..origin_end]);
    }
    let path = &base[..base.find(['?', '#']).unwrap_or(base.len())];
    let dir_end = path
        .rfind('/')
        .filter(|&i| i >= origin_end)
        .map_or(path.len(), |i| i + 1);
    let dir = &path[..dir_end];
    if dir.ends_with('/') {
        format!("{dir}{href}")
    } else {
        format!("{dir}/{href}")
    }
}

fn atom_entry(
    entry: &Elem,
    index: usize,
    feed_lang: Option<&str>,
    base: Option<&str>,
) -> Result<FeedItem, FeedError> {
    let title = entry
        .child(Ns::Atom, "title")
        .map(atom_text)
        .filter(|t| !t.is_empty());
    let link = atom_link(entry, base);
    let summary = entry
        .child(Ns::Atom, "summary")
        .map(atom_text)
        .filter(|s| !s.is_empty())
        .or_else(|| entry.child(Ns::Atom, "content").map(atom_text))
        .unwrap_or_default();
    let date = |name: &str| {
        entry
            .child_text(Ns::Atom, name)
            .and_then(|d| parse_rfc3339(&d))
    };
    let updated = date("updated").or_else(|| date("modified"));
    let published = date("published").or_else(|| date("issued")).or(updated);
    let mut categories = Vec::new();
    for c in entry.children_named(Ns::Atom, "category") {
        let term = c
            .attr("term")
            .filter(|t| !t.trim().is_empty())
            .or(c.attr("label"))
            .unwrap_or_default();
        push_unique(&mut categories, collapse(term));
    }
    let language = entry
        .attr("xml:lang")
        .and_then(lang2)
        .or_else(|| feed_lang.map(str::to_string));
    finish(
        "entry",
        index,
        entry.line,
        Parts {
            guid: entry.child_text(Ns::Atom, "id"),
            title,
            summary,
            link,
            published,
            updated,
            categories,
            language,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const CDTI_RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Convocatorias de ayudas a la I+D+i</title>
    <link>https://agencia.example/convocatorias</link>
    <atom:link href="https://agencia.example/convocatorias.rss" rel="self" type="application/rss+xml"/>
    <language>es-ES</language>
    <item>
      <title><![CDATA[Misiones Ciencia e Innovación 2025: financiación para proyectos de I+D en salud]]></title>
      <link>https://agencia.example/convocatorias/misiones-2025</link>
      <guid isPermaLink="false">conv-2025-0417</guid>
      <pubDate>Tue, 04 Mar 2025 09:30:00 +0100</pubDate>
      <category>Salud</category>
      <category><![CDATA[Biotecnología]]></category>
      <category>Salud</category>
      <description><![CDATA[<p>Ayudas para <strong>proyectos de I+D</strong> en tecnologías sanitarias.&nbsp;Plazo hasta el 30&nbsp;de&nbsp;abril.</p>
        <ul><li>Presupuesto: 25 M&euro;</li><li>Cofinanciación FEDER</li></ul>]]></description>
    </item>
    <item>
      <title>Subvenciones &amp;quot;Neotec&amp;quot; &#8211; empresas de base tecnológica</title>
      <link>https://agencia.example/convocatorias/neotec?año=2025&amp;tipo=emp</link>
      <pubDate>Wed, 05 Mar 2025 08:00:00 GMT</pubDate>
      <dc:subject>Emprendimiento</dc:subject>
      <description>&lt;p&gt;Apoyo a la creación de empresas innovadoras&lt;/p&gt;</description>
      <content:encoded><![CDATA[<p>Texto largo que no se usa porque hay descripción.</p>]]></content:encoded>
    </item>
    <item>
      <title>Programa Hazitek (Euskadi)</title>
      <guid>https://agencia.example/hazitek</guid>
      <pubDate>Thu, 06 Mar 2025 10:15:00 EST</pubDate>
      <content:encoded><![CDATA[<div>Laguntzak enpresen <em>I+G</em> proiektuetarako.</div>]]></content:encoded>
    </item>
  </channel>
</rss>
"#;

    #[test]
    fn rss_funding_agency() {
        let items = parse_feed(CDTI_RSS.as_bytes()).expect("parses");
        assert_eq!(items.len(), 3);
        let a = &items[0];
        assert_eq!(a.guid, "conv-2025-0417");
        assert_eq!(
            a.title,
            "Misiones Ciencia e Innovación 2025: financiación para proyectos de I+D en salud"
        );
        assert_eq!(
            a.summary,
            "Ayudas para proyectos de I+D en tecnologías sanitarias. Plazo hasta el 30 de abril. \
             Presupuesto: 25 M€ Cofinanciación FEDER"
        );
        assert_eq!(
            a.link.as_deref(),
            Some("https://agencia.example/convocatorias/misiones-2025")
        );
        assert_eq!(a.published, Some(datetime!(2025-03-04 09:30:00 +1)));
        assert_eq!(a.updated, None);
        assert_eq!(a.categories, ["Salud", "Biotecnología"]);
        assert_eq!(a.language.as_deref(), Some("es"));

        let b = &items[1];
        assert_eq!(
            b.title,
            "Subvenciones \"Neotec\" – empresas de base tecnológica"
        );
        assert_eq!(
            b.guid,
            "https://agencia.example/convocatorias/neotec?año=2025&tipo=emp"
        );
        assert_eq!(b.summary, "Apoyo a la creación de empresas innovadoras");
        assert_eq!(b.published, Some(datetime!(2025-03-05 08:00:00 UTC)));
        assert_eq!(b.categories, ["Emprendimiento"]);

        let c = &items[2];
        // A permalink guid is the link when there is no <link>.
        assert_eq!(c.link.as_deref(), Some("https://agencia.example/hazitek"));
        assert_eq!(c.summary, "Laguntzak enpresen I+G proiektuetarako.");
        assert_eq!(c.published, Some(datetime!(2025-03-06 10:15:00 -5)));
    }

    const EU_ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB" xml:base="https://calls.example/portal/">
  <title>Funding &amp; tender opportunities: open calls</title>
  <id>urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66</id>
  <updated>2025-03-10T12:00:00Z</updated>
  <link rel="self" href="https://calls.example/portal/calls.atom"/>
  <entry>
    <id>urn:call:HORIZON-CL4-2025-DIGITAL-EMERGING-01</id>
    <title type="text">Horizon Europe — Digital &amp; emerging technologies (RIA)</title>
    <link rel="alternate" type="application/json" href="api/calls/1"/>
    <link rel="alternate" type="text/html" href="calls/HORIZON-CL4-2025-DIGITAL-EMERGING-01"/>
    <link rel="enclosure" href="https://calls.example/docs/wp.pdf"/>
    <published>2025-03-01T09:00:00+01:00</published>
    <updated>2025-03-08T16:30:00Z</updated>
    <category term="HORIZON-CL4" label="Cluster 4"/>
    <category term="" label="Digital"/>
    <summary type="html">&lt;p&gt;Research and innovation actions on &lt;em&gt;emerging&lt;/em&gt; technologies.&lt;/p&gt;</summary>
  </entry>
  <entry xml:lang="fr">
    <id>urn:call:EIC-2025-PATHFINDER</id>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">EIC <b>Pathfinder</b> ouvert</div></title>
    <link href="/eic/pathfinder"/>
    <updated>2025-03-09T10:00:00.5+02:00</updated>
    <content type="html"><![CDATA[<p>Appel à propositions pour des technologies de rupture.</p>]]></content>
  </entry>
</feed>
"#;

    #[test]
    fn atom_eu_calls() {
        let items = parse_feed(EU_ATOM.as_bytes()).expect("parses");
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a.guid, "urn:call:HORIZON-CL4-2025-DIGITAL-EMERGING-01");
        assert_eq!(
            a.title,
            "Horizon Europe — Digital & emerging technologies (RIA)"
        );
        assert_eq!(
            a.link.as_deref(),
            Some("https://calls.example/portal/calls/HORIZON-CL4-2025-DIGITAL-EMERGING-01")
        );
        assert_eq!(
            a.summary,
            "Research and innovation actions on emerging technologies."
        );
        assert_eq!(a.published, Some(datetime!(2025-03-01 09:00:00 +1)));
        assert_eq!(a.updated, Some(datetime!(2025-03-08 16:30:00 UTC)));
        assert_eq!(a.categories, ["HORIZON-CL4", "Digital"]);
        assert_eq!(a.language.as_deref(), Some("en"));

        let b = &items[1];
        assert_eq!(b.title, "EIC Pathfinder ouvert");
        assert_eq!(
            b.link.as_deref(),
            Some("https://calls.example/eic/pathfinder")
        );
        assert_eq!(
            b.summary,
            "Appel à propositions pour des technologies de rupture."
        );
        // No <published>: the update time stands in.
        assert_eq!(b.published, Some(datetime!(2025-03-09 10:00:00 +2)));
        assert_eq!(b.language.as_deref(), Some("fr"));
    }

    #[test]
    fn rss1_and_latin1() {
        let rdf = br#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://a.example/"><title>A</title><dc:language>eus</dc:language></channel>
  <item rdf:about="https://a.example/1"><title>Deialdia</title><link>https://a.example/1</link>
    <dc:date>2025-01-02T03:04:05Z</dc:date></item>
</rdf:RDF>"#;
        let items = parse_feed(rdf).expect("parses");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].guid, "https://a.example/1");
        assert_eq!(items[0].language.as_deref(), Some("eu"));
        assert_eq!(items[0].published, Some(datetime!(2025-01-02 03:04:05 UTC)));

        let mut latin1 =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Licitaci"
                .to_vec();
        latin1.extend_from_slice(&[0xF3, b'n', b' ', 0x80]);
        latin1.extend_from_slice(b"</title></item></channel></rss>");
        let items = parse_feed(&latin1).expect("parses");
        assert_eq!(items[0].title, "Licitación €");
        // No guid, no link: a hash of the title, stable.
        assert!(items[0].guid.starts_with("title:"));
        assert_eq!(items[0].guid, parse_feed(&latin1).expect("parses")[0].guid);
    }

    #[test]
    fn tolerated_oddities() {
        // Undeclared prefixes, a bare "&", an undefined entity left as written, empty items.
        let feed = r#"<rss version="2.0"><channel><item><title>R&D & more &nbsp;x</title>
            <content:encoded>&lt;b&gt;Body&lt;/b&gt;</content:encoded></item>
            <item><link>https://x.example/only-link</link></item></channel></rss>"#;
        let items = parse_feed(feed.as_bytes()).expect("parses");
        assert_eq!(items[0].title, "R&D & more x");
        assert_eq!(items[0].summary, "Body");
        assert_eq!(items[1].title, "https://x.example/only-link");
        assert_eq!(parse_feed(b"<rss><channel/></rss>").expect("parses"), []);
    }

    #[test]
    fn refused_inputs() {
        let err = |s: &[u8]| parse_feed(s).expect_err("refused").to_string();
        assert_eq!(
            err(b"<!DOCTYPE html>\n<html><body>x</body></html>"),
            "document type declarations (<!DOCTYPE) are refused (line 1)"
        );
        assert_eq!(
            err(b"<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"aaaa\">]>\n<rss>&a;</rss>"),
            "document type declarations (<!DOCTYPE) are refused (line 2)"
        );
        assert_eq!(
            err(b"<html><body>not a feed</body></html>"),
            "not an RSS or Atom feed: root element `html`"
        );
        assert_eq!(
            err(b"<feed><entry/></feed>"),
            "not an RSS or Atom feed: root element `feed` is not in the Atom namespace \
             (http://www.w3.org/2005/Atom)"
        );
        assert_eq!(
            err(b"<rss>\n<channel>\n<item><title>A</title></item>\n<item><title>B"),
            "truncated document at line 4"
        );
        assert_eq!(
            err(b"<rss>\n<channel>\n<item><title>A</tit"),
            "truncated document at line 3"
        );
        assert_eq!(
            err(b"<rss><channel>\n<item><title>A</title></item>\n<item><title>B</title></item>\n<item>\n<description>x</description></item></channel></rss>"),
            "item 3 has no title or link (line 4)"
        );
        assert!(
            err(b"<rss><channel>\n</item></channel></rss>").starts_with("malformed XML at line 2")
        );
        assert_eq!(err(b""), "empty document");
        assert_eq!(
            err(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss/>"),
            "unsupported encoding `shift_jis` (UTF-8, UTF-16, ISO-8859-1/15 and windows-1252 are read)"
        );
        let big = vec![b' '; MAX_FEED_BYTES + 1];
        assert!(err(&big).starts_with("feed too large"));
    }
}
