//! OASIS Genericode 1.0 reader (streaming, quick-xml), for the embedded eForms lists and for
//! code lists people upload. Anything that is not a Genericode `CodeList` is refused, saying why.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{CodeList, Row};
use crate::eforms::xml::{self, Prelude};

/// The Genericode 1.0 namespace.
pub const GENERICODE_NS: &str = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

/// Why a file is not a usable Genericode code list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeListError {
    #[error("empty file")]
    Empty,
    #[error("file is {0} bytes, over the {max} byte limit", max = xml::MAX_DOC)]
    TooLarge(usize),
    #[error("not XML: {reason} at line {line}")]
    NotXml { reason: String, line: usize },
    #[error("truncated document: {reason} (line {line})")]
    Truncated { reason: String, line: usize },
    #[error(
        "DOCTYPE declarations are refused (no DTD processing, no entity expansion) at line {line}"
    )]
    Doctype { line: usize },
    #[error(
        "entity reference `&{name};` at line {line} is refused: only the five predefined XML entities and numeric character references are allowed"
    )]
    Entity { name: String, line: usize },
    #[error("text at line {line} is longer than 1 MB")]
    TextTooLong { line: usize },
    #[error("not a Genericode code list: {0}")]
    NotGenericode(String),
    #[error("{reason} at line {line}")]
    Invalid { reason: String, line: usize },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum El {
    Other,
    Identification,
    ShortName,
    LongName,
    Version,
    ColumnSet,
    Column,
    Data,
    SimpleCodeList,
    Row,
    Value,
    SimpleValue,
    Key,
    ColumnRef,
}

fn el(local: &[u8]) -> El {
    match local {
        b"Identification" => El::Identification,
        b"ShortName" => El::ShortName,
        b"LongName" => El::LongName,
        b"Version" => El::Version,
        b"ColumnSet" => El::ColumnSet,
        b"Column" => El::Column,
        b"Data" => El::Data,
        b"SimpleCodeList" => El::SimpleCodeList,
        b"Row" => El::Row,
        b"Value" => El::Value,
        b"SimpleValue" => El::SimpleValue,
        b"Key" => El::Key,
        b"ColumnRef" => El::ColumnRef,
        _ => El::Other,
    }
}

struct Column {
    id: String,
    lang: Option<String>,
}

/// Parses a Genericode 1.0 code list. The key column is `code` when there is one (the eForms
/// convention), else the first `Key/ColumnRef`, else the first column. Columns named
/// `<lang>_label` give labels per language, `Name` the name and `parentCode` the hierarchy.
pub fn parse_genericode(input: &[u8]) -> Result<CodeList, CodeListError> {
    let text = match xml::prelude(input) {
        Ok(t) => t,
        Err(Prelude::Empty) => return Err(CodeListError::Empty),
        Err(Prelude::TooLarge(n)) => return Err(CodeListError::TooLarge(n)),
        Err(Prelude::Utf16) => {
            return Err(CodeListError::NotXml {
                reason: "UTF-16 is not supported (UTF-8 only)".into(),
                line: 1,
            });
        }
        Err(Prelude::NotUtf8(pos)) => {
            return Err(CodeListError::NotXml {
                reason: "invalid UTF-8".into(),
                line: xml::line_at(input, pos),
            });
        }
    };
    let bytes = text.as_bytes();
    let line = |pos: u64| xml::line_at(bytes, pos as usize);
    let mut reader = Reader::from_str(text);

    let mut stack: Vec<El> = Vec::with_capacity(16);
    let mut root_seen = false;
    let mut root_closed = false;
    let mut text_buf = String::new();
    let mut text_len = 0usize;
    let mut capturing = false;
    let mut attr_buf = String::new();

    let mut short_name: Option<String> = None;
    let mut long_name: Option<String> = None;
    let mut version: Option<String> = None;
    let mut columns: Vec<Column> = Vec::new();
    let mut key_ref: Option<String> = None;
    let mut rows_raw: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
    let mut cur_row: Vec<(usize, String)> = Vec::new();
    let mut cur_col: Option<usize> = None;
    let mut long_name_plain = false;

    loop {
        let before = reader.buffer_position();
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let (reason, truncated) = xml::describe(&e);
                let l = line(reader.error_position());
                return Err(if truncated {
                    CodeListError::Truncated { reason, line: l }
                } else {
                    CodeListError::NotXml { reason, line: l }
                });
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if !root_seen {
                    root_seen = true;
                    check_root(e)?;
                } else if root_closed {
                    return Err(CodeListError::NotXml {
                        reason: "more than one root element".into(),
                        line: line(before),
                    });
                }
                if stack.len() >= xml::MAX_DEPTH {
                    return Err(CodeListError::Invalid {
                        reason: format!("elements nested deeper than {}", xml::MAX_DEPTH),
                        line: line(before),
                    });
                }
                let tag = el(e.local_name().as_ref());
                let d = stack.len();
                let parent = stack.last().copied().unwrap_or(El::Other);
                stack.push(tag);
                text_buf.clear();
                text_len = 0;
                capturing = false;
                let bad_attr = |reason: String| CodeListError::Invalid {
                    reason,
                    line: line(before),
                };
                match (tag, parent, d) {
                    (El::ShortName | El::Version, El::Identification, 2) => capturing = true,
                    (El::LongName, El::Identification, 2) => {
                        capturing = true;
                        long_name_plain =
                            !xml::attr(e, b"Identifier", &mut attr_buf).map_err(bad_attr)?;
                    }
                    (El::Column, El::ColumnSet, 2) => {
                        if !xml::attr(e, b"Id", &mut attr_buf).map_err(bad_attr)? {
                            return Err(CodeListError::Invalid {
                                reason: "Column without Id".into(),
                                line: line(before),
                            });
                        }
                        columns.push(Column {
                            id: attr_buf.clone(),
                            lang: None,
                        });
                    }
                    (El::Data, El::Column, 3) => {
                        if xml::attr(e, b"Lang", &mut attr_buf).map_err(bad_attr)?
                            && let Some(c) = columns.last_mut()
                        {
                            c.lang = Some(attr_buf.to_ascii_lowercase());
                        }
                    }
                    (El::ColumnRef, El::Key, 3) if key_ref.is_none() => {
                        let found = xml::attr(e, b"Ref", &mut attr_buf).map_err(bad_attr)?;
                        key_ref = found.then(|| attr_buf.clone());
                    }
                    (El::Row, El::SimpleCodeList, 2) => cur_row.clear(),
                    (El::Value, El::Row, 3) => {
                        if !xml::attr(e, b"ColumnRef", &mut attr_buf).map_err(bad_attr)? {
                            return Err(CodeListError::Invalid {
                                reason: "Value without ColumnRef".into(),
                                line: line(before),
                            });
                        }
                        match columns.iter().position(|c| c.id == attr_buf) {
                            Some(i) => cur_col = Some(i),
                            None => {
                                return Err(CodeListError::Invalid {
                                    reason: format!(
                                        "Value refers to column `{attr_buf}`, which the ColumnSet does not define"
                                    ),
                                    line: line(before),
                                });
                            }
                        }
                    }
                    (El::SimpleValue, El::Value, 4) => capturing = true,
                    _ => {}
                }
                if empty {
                    end_element(
                        &mut stack,
                        &mut capturing,
                        &text_buf,
                        &mut short_name,
                        &mut long_name,
                        &mut version,
                        long_name_plain,
                        &mut cur_row,
                        &mut cur_col,
                        &mut rows_raw,
                        before,
                    );
                    if stack.is_empty() {
                        root_closed = true;
                    }
                }
            }
            Event::End(_) => {
                end_element(
                    &mut stack,
                    &mut capturing,
                    &text_buf,
                    &mut short_name,
                    &mut long_name,
                    &mut version,
                    long_name_plain,
                    &mut cur_row,
                    &mut cur_col,
                    &mut rows_raw,
                    before,
                );
                if stack.is_empty() {
                    root_closed = true;
                }
            }
            Event::Text(t) => {
                let raw: &[u8] = &t;
                if stack.is_empty() {
                    if !raw.iter().all(|b| b.is_ascii_whitespace()) {
                        return Err(CodeListError::NotXml {
                            reason: "text outside the root element".into(),
                            line: line(before),
                        });
                    }
                    continue;
                }
                text_len += raw.len();
                if text_len > xml::MAX_TEXT {
                    return Err(CodeListError::TextTooLong { line: line(before) });
                }
                if capturing {
                    text_buf.push_str(&String::from_utf8_lossy(raw));
                }
            }
            Event::CData(t) => {
                let raw: &[u8] = &t;
                text_len += raw.len();
                if text_len > xml::MAX_TEXT {
                    return Err(CodeListError::TextTooLong { line: line(before) });
                }
                if capturing {
                    text_buf.push_str(&String::from_utf8_lossy(raw));
                }
            }
            Event::GeneralRef(r) => match xml::resolve_ref(&r) {
                Ok(c) => {
                    text_len += c.len_utf8();
                    if capturing {
                        text_buf.push(c);
                    }
                }
                Err(name) => {
                    return Err(CodeListError::Entity {
                        name,
                        line: line(before),
                    });
                }
            },
            Event::DocType(_) => {
                return Err(CodeListError::Doctype { line: line(before) });
            }
            Event::Decl(d) => {
                if let Some(enc) = xml::foreign_encoding(&d) {
                    return Err(CodeListError::NotXml {
                        reason: format!("encoding `{enc}` is not supported (UTF-8 only)"),
                        line: line(before),
                    });
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !root_seen {
        return Err(CodeListError::NotXml {
            reason: "no root element".into(),
            line: 1,
        });
    }
    if !stack.is_empty() {
        return Err(CodeListError::Truncated {
            reason: format!("{} element(s) still open at the end", stack.len()),
            line: line(bytes.len() as u64),
        });
    }
    let short_name = short_name
        .ok_or_else(|| CodeListError::NotGenericode("no Identification/ShortName".to_string()))?;
    if columns.is_empty() {
        return Err(CodeListError::NotGenericode("no ColumnSet/Column".into()));
    }
    let key = columns
        .iter()
        .position(|c| c.id == "code")
        .or_else(|| {
            key_ref
                .as_ref()
                .and_then(|k| columns.iter().position(|c| &c.id == k))
        })
        .unwrap_or(0);
    let name_col = columns.iter().position(|c| c.id == "Name");
    let parent_col = columns.iter().position(|c| c.id == "parentCode");
    let label_cols: Vec<(usize, Box<str>)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let lang = c.id.strip_suffix("_label")?;
            let lang = c.lang.as_deref().unwrap_or(lang);
            Some((i, lang.to_ascii_lowercase().into()))
        })
        .collect();
    let mut rows = Vec::with_capacity(rows_raw.len());
    let row_pos: Vec<usize> = rows_raw.iter().map(|(p, _)| *p).collect();
    for (pos, values) in rows_raw {
        let get = |col: Option<usize>| -> Option<Box<str>> {
            let col = col?;
            values
                .iter()
                .find(|(c, _)| *c == col)
                .map(|(_, v)| v.as_str().into())
        };
        let Some(code) = get(Some(key)) else {
            return Err(CodeListError::Invalid {
                reason: format!("Row has no value for the key column `{}`", columns[key].id),
                line: line(pos as u64),
            });
        };
        let labels: Box<[Option<Box<str>>]> =
            label_cols.iter().map(|(c, _)| get(Some(*c))).collect();
        rows.push(Row::new(code, get(name_col), get(parent_col), labels));
    }
    if rows.is_empty() {
        return Err(CodeListError::NotGenericode(
            "no SimpleCodeList/Row: the list is empty".into(),
        ));
    }
    CodeList::new(
        short_name,
        long_name,
        version,
        label_cols.into_iter().map(|(_, l)| l).collect(),
        rows,
    )
    .map_err(|(code, i)| CodeListError::Invalid {
        reason: format!("code `{code}` appears twice"),
        line: line(row_pos.get(i).copied().unwrap_or_default() as u64),
    })
}

#[allow(clippy::too_many_arguments)]
fn end_element(
    stack: &mut Vec<El>,
    capturing: &mut bool,
    text: &str,
    short_name: &mut Option<String>,
    long_name: &mut Option<String>,
    version: &mut Option<String>,
    long_name_plain: bool,
    cur_row: &mut Vec<(usize, String)>,
    cur_col: &mut Option<usize>,
    rows: &mut Vec<(usize, Vec<(usize, String)>)>,
    pos: u64,
) {
    let Some(tag) = stack.pop() else { return };
    let value = text.trim();
    if *capturing {
        match tag {
            El::ShortName if short_name.is_none() => *short_name = Some(value.to_string()),
            El::LongName if long_name_plain && long_name.is_none() => {
                *long_name = Some(value.to_string())
            }
            El::Version if version.is_none() => *version = Some(value.to_string()),
            El::SimpleValue => {
                if let Some(c) = *cur_col
                    && !value.is_empty()
                {
                    cur_row.push((c, value.to_string()));
                }
            }
            _ => {}
        }
        *capturing = false;
    }
    match (tag, stack.len()) {
        (El::Value, 3) => *cur_col = None,
        (El::Row, 2) => rows.push((pos as usize, std::mem::take(cur_row))),
        _ => {}
    }
}

fn check_root(e: &BytesStart<'_>) -> Result<(), CodeListError> {
    let name = String::from_utf8_lossy(e.name().as_ref()).to_string();
    let local = e.local_name();
    let prefix = e
        .name()
        .prefix()
        .map(|p| p.as_ref().to_vec())
        .unwrap_or_default();
    let decls = xml::ns_decls(e).map_err(|r| CodeListError::NotXml { reason: r, line: 1 })?;
    let ns = decls
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, u)| u.as_str());
    if local.as_ref() != b"CodeList" {
        return Err(CodeListError::NotGenericode(format!(
            "the root element is `{name}`, not gc:CodeList"
        )));
    }
    match ns {
        Some(GENERICODE_NS) => Ok(()),
        Some(other) => Err(CodeListError::NotGenericode(format!(
            "root element `{name}` is in namespace `{other}`, not {GENERICODE_NS}"
        ))),
        None => Err(CodeListError::NotGenericode(format!(
            "root element `{name}` has no namespace (expected {GENERICODE_NS})"
        ))),
    }
}
