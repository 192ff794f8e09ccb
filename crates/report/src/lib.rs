//! The annual report of a plan: an XLSX workbook and a PDF, built from an [`AnnualReport`] that
//! the web layer fills with values already computed and texts already translated, so this crate
//! knows nothing about databases or catalogues.

use serde::Serialize;

mod agenda;
mod certificate;
mod pdf;
#[cfg(test)]
mod tests;
mod xlsx;

pub use agenda::{Agenda, AgendaRow, agenda_pdf};
pub use certificate::{Attendee, CertificateLabels, Certificates, certificates};
pub use pdf::{pdf, typeset, typst_lang};
pub use xlsx::xlsx;

/// Everything the report shows, in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct AnnualReport {
    /// e.g. "es" or "en".
    pub lang: String,
    pub cluster: String,
    pub plan_title: String,
    pub year: i32,
    /// Plan period, e.g. "2024–2027".
    pub period: String,
    /// "Generated on 23 November 2026" in the reader's language.
    pub generated: String,
    /// Fixed words of the report (headings, column names), see [`Labels`].
    pub labels: Labels,
    /// Counts of indicators by light for the summary page.
    pub summary: Summary,
    /// One section per pillar (operational indicators) plus one "strategic" section first.
    pub sections: Vec<Section>,
    pub roadmap: Vec<RoadmapRow>,
    /// Roadmap column labels in order ("2024-S1" …).
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub title: String,
    pub summary: String,
    pub scorecard: String,
    pub strategic: String,
    pub operational: String,
    pub roadmap: String,
    pub code: String,
    pub indicator: String,
    pub unit: String,
    pub value: String,
    pub target: String,
    pub status: String,
    pub source: String,
    pub pillar: String,
    pub line: String,
    pub action: String,
    pub on_target: String,
    pub near_target: String,
    pub behind_target: String,
    pub no_data: String,
    pub trend: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub none: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Sheet / section name, e.g. "Talento" (at most 31 characters are used for a sheet).
    pub name: String,
    pub indicators: Vec<IndicatorRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub code: String,
    pub name: String,
    /// Translated unit, e.g. "%", "€", "Nº".
    pub unit: String,
    pub source: String,
    /// Raw numbers for the workbook; `None` when there is no value or no target.
    pub value: Option<f64>,
    pub target: Option<f64>,
    /// Same numbers formatted in the reader's locale for the PDF.
    pub value_text: String,
    pub target_text: String,
    /// `green`, `amber`, `red` or `none`.
    pub light: String,
    /// Translated light ("On target" …).
    pub status: String,
    /// Trend chart over the plan's years, an SVG from `clusterhub_plan::chart::trend`.
    pub chart_svg: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapRow {
    pub pillar: String,
    pub line: String,
    pub code: String,
    pub action: String,
    /// One cell per column: planned intensity (0 = not planned) and translated status ("" = none).
    pub cells: Vec<RoadmapCell>,
    /// True when some past column is not done.
    pub late: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapCell {
    pub intensity: u8,
    /// `planned`, `in_progress`, `done`, `delayed`, `dropped` or "".
    pub status: String,
    pub status_text: String,
}
