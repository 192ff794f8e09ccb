//! The PDF, typeset by Typst used as a library. The template `report.typ` is compiled inside a
//! minimal in-memory [`World`]: it holds the template, the report as `/data.json` and the fonts
//! that `typst-assets` embeds, and nothing else, so compiling never touches the disk or the
//! network (no packages, no system fonts). User text reaches Typst only as JSON strings, never
//! as markup, so `#`, `*` or `[` in a name print as themselves.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::AnnualReport;

const TEMPLATE: &str = include_str!("report.typ");
const MAIN_PATH: &str = "/report.typ";
const DATA_PATH: &str = "/data.json";

/// What the template reads from `/data.json`.
#[derive(Serialize)]
struct TemplateData<'a> {
    /// A language code Typst accepts for hyphenation and quotes.
    lang: String,
    report: &'a AnnualReport,
}

/// The standard library and the embedded fonts, parsed once per process: parsing the fonts
/// costs more than typesetting a short report.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// Typesets the report.
pub fn pdf(r: &AnnualReport) -> Result<Vec<u8>, String> {
    let data = TemplateData {
        lang: typst_lang(&r.lang),
        report: r,
    };
    typeset(TEMPLATE, &data)
}

/// Typesets any Typst `template` that reads its content from `/data.json` (`data` serialised).
/// Other documents (certificates, agendas) use this with their own template.
pub fn typeset(template: &str, data: &impl Serialize) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(data).map_err(|e| e.to_string())?;
    let world = ReportWorld::new(template, json)?;
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Typst memoises across compilations; a server renders reports rarely, so drop the cache
    // rather than let it grow with every report.
    typst::comemo::evict(0);
    let document = compiled.map_err(|d| diagnostics(&d[..]))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|d| diagnostics(&d[..]))
}

/// "es-ES" → "es". Typst rejects anything that is not a 2–3 letter code; fall back to English
/// rather than fail the whole report over a locale tag.
pub fn typst_lang(lang: &str) -> String {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let valid = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
    if valid { primary } else { "en".into() }
}

fn diagnostics(diags: &[SourceDiagnostic]) -> String {
    let messages: Vec<String> = diags
        .iter()
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                d.message.to_string()
            } else {
                format!("{} (hint: {})", d.message, hints.join("; "))
            }
        })
        .collect();
    format!("report template: {}", messages.join("; "))
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| e.to_string())?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Two in-memory files and the embedded fonts.
struct ReportWorld {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl ReportWorld {
    fn new(template: &str, json: Vec<u8>) -> Result<Self, String> {
        Ok(ReportWorld {
            main: Source::new(file_id(MAIN_PATH)?, template.to_string()),
            data_id: file_id(DATA_PATH)?,
            data: Bytes::new(json),
        })
    }

    fn not_found(id: FileId) -> FileError {
        FileError::NotFound(id.vpath().get_with_slash().into())
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(Self::not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(Self::not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    /// The report prints its own "generated on" text, so the template needs no clock.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_is_reduced_to_what_typst_accepts() {
        assert_eq!(typst_lang("es"), "es");
        assert_eq!(typst_lang("pt-BR"), "pt");
        assert_eq!(typst_lang("EU_es"), "eu");
        assert_eq!(typst_lang(""), "en");
        assert_eq!(typst_lang("x#"), "en");
    }
}
