//! The workbook: a summary sheet, one sheet per section and the roadmap. Numbers are written as
//! numbers so readers can sort, filter and chart them in their spreadsheet.

use std::collections::HashSet;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::{AnnualReport, IndicatorRow, RoadmapRow, Section};

/// Excel's limit on sheet name length, in characters.
const SHEET_NAME_MAX: usize = 31;
/// Column widths are fitted to the content but kept within these bounds (in characters) so one
/// long indicator name does not push the rest of the table off screen.
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

/// Builds the workbook in memory.
pub fn xlsx(r: &AnnualReport) -> Result<Vec<u8>, String> {
    build(r).map_err(|e| e.to_string())
}

fn build(r: &AnnualReport) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut names = SheetNames::default();
    summary_sheet(wb.add_worksheet(), r, &names.claim(&r.labels.summary))?;
    for section in &r.sections {
        section_sheet(wb.add_worksheet(), r, section, &names.claim(&section.name))?;
    }
    roadmap_sheet(wb.add_worksheet(), r, &names.claim(&r.labels.roadmap))?;
    wb.save_to_buffer()
}

/// Hands out sheet names that Excel accepts and that are unique in the workbook.
#[derive(Default)]
struct SheetNames {
    /// Lower-cased, because Excel compares sheet names case-insensitively.
    taken: HashSet<String>,
}

impl SheetNames {
    fn claim(&mut self, wanted: &str) -> String {
        let base = sheet_name(wanted);
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = SHEET_NAME_MAX - suffix.chars().count();
            name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            n += 1;
        }
        name
    }
}

/// Replaces the characters Excel forbids, trims the apostrophes it forbids at either end, and
/// truncates to 31 characters. "History" is reserved by Excel, so it gets a suffix.
fn sheet_name(wanted: &str) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let mut name: String = cleaned.chars().take(SHEET_NAME_MAX).collect();
    name = name.trim_end().trim_end_matches('\'').to_string();
    if name.is_empty() {
        name = "Sheet".into();
    }
    if name.eq_ignore_ascii_case("history") {
        name.push('_');
    }
    name
}

/// Fill and font colours per light, Excel's own "Good / Neutral / Bad" styles so the workbook
/// looks familiar to spreadsheet users.
fn light_colours(light: &str) -> (u32, u32) {
    match light {
        "green" => (0xC6EFCE, 0x006100),
        "amber" => (0xFFEB9C, 0x9C5700),
        "red" => (0xFFC7CE, 0x9C0006),
        _ => (0xEDEDED, 0x595959),
    }
}

fn cell() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
        .set_align(FormatAlign::Top)
}

fn header() -> Format {
    cell()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x2B4C7E))
        .set_text_wrap()
}

fn light_format(light: &str) -> Format {
    let (fill, font) = light_colours(light);
    cell()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
}

/// Whole numbers without decimals, others with two: a count shown as "12.00" reads oddly.
fn number_format(v: f64) -> Format {
    let pattern = if v.fract() == 0.0 {
        "#,##0"
    } else {
        "#,##0.00"
    };
    cell().set_num_format(pattern)
}

/// Tracks the widest text per column so widths can be set once the sheet is written.
struct Widths(Vec<usize>);

impl Widths {
    fn new(columns: usize) -> Self {
        Widths(vec![0; columns])
    }

    fn see(&mut self, col: usize, text: &str) {
        let len = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if let Some(w) = self.0.get_mut(col) {
            *w = (*w).max(len);
        }
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, &w) in self.0.iter().enumerate() {
            let width = (w as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH);
            ws.set_column_width(col as u16, width)?;
        }
        Ok(())
    }
}

fn write_header(ws: &mut Worksheet, titles: &[&str], widths: &mut Widths) -> Result<(), XlsxError> {
    let fmt = header();
    for (col, title) in titles.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *title, &fmt)?;
        widths.see(col, title);
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, r: &AnnualReport, name: &str) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let l = &r.labels;
    ws.write_string_with_format(0, 0, &l.title, &Format::new().set_bold().set_font_size(16))?;
    ws.write_string_with_format(
        1,
        0,
        &r.cluster,
        &Format::new().set_bold().set_font_size(12),
    )?;
    ws.write_string(2, 0, &r.plan_title)?;
    ws.write_number(3, 0, f64::from(r.year))?;
    ws.write_string(3, 1, &r.period)?;
    ws.write_string_with_format(4, 0, &r.generated, &Format::new().set_italic())?;

    ws.write_string_with_format(6, 0, &l.summary, &header())?;
    ws.write_string_with_format(6, 1, "", &header())?;
    let s = &r.summary;
    let rows = [
        ("green", &l.on_target, s.green),
        ("amber", &l.near_target, s.amber),
        ("red", &l.behind_target, s.red),
        ("none", &l.no_data, s.none),
    ];
    for (i, (light, label, count)) in rows.into_iter().enumerate() {
        let row = 7 + i as u32;
        ws.write_string_with_format(row, 0, label, &light_format(light))?;
        ws.write_number_with_format(row, 1, count as f64, &cell())?;
    }
    let texts = [
        &l.title,
        &r.cluster,
        &r.plan_title,
        &l.on_target,
        &l.near_target,
    ];
    let first = texts
        .into_iter()
        .chain([&l.behind_target, &l.no_data])
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0);
    // Title and cluster are in larger type, so give column A a little more than their length.
    ws.set_column_width(0, (first as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH))?;
    ws.set_column_width(1, (r.period.chars().count() as f64 + 4.0).max(12.0))?;
    Ok(())
}

fn section_sheet(
    ws: &mut Worksheet,
    r: &AnnualReport,
    section: &Section,
    name: &str,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let l = &r.labels;
    let titles = [
        &l.code,
        &l.indicator,
        &l.unit,
        &l.value,
        &l.target,
        &l.status,
        &l.source,
    ];
    let titles: Vec<&str> = titles.iter().map(|s| s.as_str()).collect();
    let mut widths = Widths::new(titles.len());
    write_header(ws, &titles, &mut widths)?;
    for (i, ind) in section.indicators.iter().enumerate() {
        indicator_row(ws, 1 + i as u32, ind, &mut widths)?;
    }
    // Numbers are at most ~12 characters wide; their column need not follow the header.
    widths.see(3, "000,000,000.00");
    widths.see(4, "000,000,000.00");
    widths.apply(ws)?;
    let last = section.indicators.len() as u32;
    ws.autofilter(0, 0, last, titles.len() as u16 - 1)?;
    Ok(())
}

fn indicator_row(
    ws: &mut Worksheet,
    row: u32,
    ind: &IndicatorRow,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let text = cell().set_text_wrap();
    for (col, value) in [
        (0, &ind.code),
        (1, &ind.name),
        (2, &ind.unit),
        (6, &ind.source),
    ] {
        ws.write_string_with_format(row, col, value, &text)?;
        widths.see(col as usize, value);
    }
    for (col, value) in [(3, ind.value), (4, ind.target)] {
        match value {
            Some(v) => ws.write_number_with_format(row, col, v, &number_format(v))?,
            None => ws.write_blank(row, col, &cell())?,
        };
    }
    ws.write_string_with_format(row, 5, &ind.status, &light_format(&ind.light))?;
    widths.see(5, &ind.status);
    Ok(())
}

/// Fill per planned intensity: the busier a period, the darker its cell, as in the PDF Gantt.
fn intensity_fill(intensity: u8) -> Option<u32> {
    match intensity {
        0 => None,
        1 => Some(0xDDEBF7),
        2 => Some(0xBDD7EE),
        _ => Some(0x9BC2E6),
    }
}

/// "■■ Done": one mark per intensity level, then the status.
fn roadmap_text(intensity: u8, status: &str) -> String {
    let marks = "■".repeat(usize::from(intensity.min(5)));
    match (marks.is_empty(), status.is_empty()) {
        (_, true) => marks,
        (true, false) => status.to_string(),
        (false, false) => format!("{marks} {status}"),
    }
}

fn roadmap_sheet(ws: &mut Worksheet, r: &AnnualReport, name: &str) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let l = &r.labels;
    let mut titles: Vec<&str> = vec![&l.pillar, &l.line, &l.code, &l.action];
    titles.extend(r.columns.iter().map(String::as_str));
    let mut widths = Widths::new(titles.len());
    write_header(ws, &titles, &mut widths)?;
    // Keep the action visible while scrolling through the periods.
    ws.set_freeze_panes(1, 4)?;
    for (i, row) in r.roadmap.iter().enumerate() {
        roadmap_row(ws, 1 + i as u32, row, &mut widths)?;
    }
    widths.apply(ws)?;
    ws.autofilter(0, 0, r.roadmap.len() as u32, titles.len() as u16 - 1)?;
    Ok(())
}

fn roadmap_row(
    ws: &mut Worksheet,
    row: u32,
    rm: &RoadmapRow,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    // Late actions stand out in red so the reader sees at a glance what needs attention.
    let text = if rm.late {
        light_format("red").set_text_wrap().set_bold()
    } else {
        cell().set_text_wrap()
    };
    for (col, value) in [&rm.pillar, &rm.line, &rm.code, &rm.action]
        .into_iter()
        .enumerate()
    {
        ws.write_string_with_format(row, col as u16, value, &text)?;
        widths.see(col, value);
    }
    for (i, c) in rm.cells.iter().enumerate() {
        let col = 4 + i;
        let value = roadmap_text(c.intensity, &c.status_text);
        let mut fmt = cell().set_align(FormatAlign::Center);
        if let Some(fill) = intensity_fill(c.intensity) {
            fmt = fmt.set_background_color(Color::RGB(fill));
        }
        if c.status == "delayed" {
            fmt = fmt.set_font_color(Color::RGB(0x9C0006)).set_bold();
        }
        ws.write_string_with_format(row, col as u16, &value, &fmt)?;
        widths.see(col, &value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned_truncated_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.claim("a[b]:c*d?e/f\\g"), "a_b__c_d_e_f_g");
        let long = "Competitividad e internacionalización del sector";
        let first = names.claim(long);
        assert_eq!(first.chars().count(), 31);
        let second = names.claim(long);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"));
        assert_eq!(names.claim("TALENTO"), "TALENTO");
        assert_eq!(names.claim("talento"), "talento (2)");
        assert_eq!(names.claim("''"), "Sheet");
        assert_eq!(names.claim("History"), "History_");
    }

    #[test]
    fn roadmap_text_combines_marks_and_status() {
        assert_eq!(roadmap_text(2, "Done"), "■■ Done");
        assert_eq!(roadmap_text(0, "Done"), "Done");
        assert_eq!(roadmap_text(3, ""), "■■■");
        assert_eq!(roadmap_text(0, ""), "");
    }
}
