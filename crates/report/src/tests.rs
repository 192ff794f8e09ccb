//! Builds a small report by hand, with the typst-special characters user text may hold, and
//! checks both outputs. The files are also written to the temp dir for a look by eye.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use clusterhub_plan::chart::{Point, trend};

use crate::*;

fn labels() -> Labels {
    Labels {
        title: "Annual report".into(),
        summary: "Summary".into(),
        scorecard: "Scorecard".into(),
        strategic: "Strategic".into(),
        operational: "Operational".into(),
        roadmap: "Roadmap".into(),
        code: "Code".into(),
        indicator: "Indicator".into(),
        unit: "Unit".into(),
        value: "Value".into(),
        target: "Target".into(),
        status: "Status".into(),
        source: "Source".into(),
        pillar: "Pillar".into(),
        line: "Line of action".into(),
        action: "Action".into(),
        on_target: "On target".into(),
        near_target: "Near target".into(),
        behind_target: "Behind target".into(),
        no_data: "No data".into(),
        trend: "Trend".into(),
    }
}

fn status(light: &str) -> String {
    match light {
        "green" => "On target",
        "amber" => "Near target",
        "red" => "Behind target",
        _ => "No data",
    }
    .into()
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn indicator(
    code: &str,
    name: &str,
    unit: &str,
    value: Option<f64>,
    target: Option<f64>,
) -> IndicatorRow {
    let light = match (value, target) {
        (Some(v), Some(t)) if v >= t => "green",
        (Some(v), Some(t)) if v >= 0.8 * t => "amber",
        (Some(_), Some(_)) => "red",
        _ => "none",
    };
    // Three past years rising towards this year's value.
    let points: Vec<Point> = (0..4)
        .map(|k| Point {
            label: format!("{}", 2023 + k),
            value: value.map(|v| v * (0.6 + 0.1 * f64::from(k) + 0.1 * f64::from(k == 3))),
            target,
            light: if k == 3 { light } else { "none" },
        })
        .collect();
    IndicatorRow {
        code: code.into(),
        name: name.into(),
        unit: unit.into(),
        source: "Member survey #2 *draft*".into(),
        value,
        target,
        value_text: value.map(fmt).unwrap_or_else(|| "–".into()),
        target_text: target.map(fmt).unwrap_or_else(|| "–".into()),
        light: light.into(),
        status: status(light),
        chart_svg: trend(&points, name, &fmt),
    }
}

fn cell(intensity: u8, status: &str) -> RoadmapCell {
    let text = match status {
        "planned" => "Planned",
        "in_progress" => "In progress",
        "done" => "Done",
        "delayed" => "Delayed",
        "dropped" => "Dropped",
        _ => "",
    };
    RoadmapCell {
        intensity,
        status: status.into(),
        status_text: text.into(),
    }
}

fn action(
    pillar: &str,
    line: &str,
    code: &str,
    name: &str,
    cells: Vec<RoadmapCell>,
    late: bool,
) -> RoadmapRow {
    RoadmapRow {
        pillar: pillar.into(),
        line: line.into(),
        code: code.into(),
        action: name.into(),
        cells,
        late,
    }
}

pub(crate) fn sample() -> AnnualReport {
    let strategic = Section {
        name: "Strategic".into(),
        indicators: vec![
            indicator(
                "E1",
                "Members #1 [x] growth *net*",
                "Nº",
                Some(128.0),
                Some(120.0),
            ),
            indicator(
                "E2",
                "Turnover $ of members",
                "€",
                Some(2_450_000.5),
                Some(3_000_000.0),
            ),
            indicator("E3", "Exports share", "%", Some(31.5), Some(45.0)),
        ],
    };
    let talent = Section {
        // Longer than 31 characters and full of characters Excel forbids in sheet names.
        name: "Talent: people/skills [2024*] & training?".into(),
        indicators: vec![
            indicator("T1", "People trained", "Nº", Some(340.0), Some(300.0)),
            indicator("T2", "Courses with #hashtag", "Nº", None, Some(12.0)),
        ],
    };
    let innovation = Section {
        name: "Innovation".into(),
        indicators: vec![indicator(
            "I1",
            "Joint R&D projects",
            "Nº",
            Some(7.0),
            Some(8.0),
        )],
    };
    let columns: Vec<String> = (2024..2028)
        .flat_map(|y| [format!("{y}-S1"), format!("{y}-S2")])
        .collect();
    let roadmap = vec![
        action(
            "1. Talent #",
            "1.1 Skills [core]",
            "A1",
            "Dual training with *vocational* schools",
            vec![
                cell(1, "done"),
                cell(2, "done"),
                cell(2, "in_progress"),
                cell(1, "planned"),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
            ],
            false,
        ),
        action(
            "1. Talent #",
            "1.1 Skills [core]",
            "A2",
            "Talent observatory $ report",
            vec![
                cell(0, ""),
                cell(3, "delayed"),
                cell(3, "planned"),
                cell(2, "planned"),
                cell(1, "planned"),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
            ],
            true,
        ),
        action(
            "1. Talent #",
            "1.2 Attraction",
            "A3",
            "International job fair",
            vec![
                cell(0, ""),
                cell(0, ""),
                cell(2, "in_progress"),
                cell(2, "planned"),
                cell(0, ""),
                cell(2, "planned"),
                cell(0, ""),
                cell(0, ""),
            ],
            false,
        ),
        action(
            "2. Innovation",
            "2.1 Projects",
            "B1",
            "Joint R&D calls",
            vec![
                cell(3, "done"),
                cell(3, "done"),
                cell(3, "in_progress"),
                cell(3, "planned"),
                cell(3, "planned"),
                cell(3, "planned"),
                cell(2, "planned"),
                cell(1, "planned"),
            ],
            false,
        ),
        action(
            "2. Innovation",
            "2.1 Projects",
            "B2",
            "Pilot line for [x] digital twins",
            vec![
                cell(2, "dropped"),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
                cell(0, ""),
            ],
            false,
        ),
    ];
    let sections = vec![strategic, talent.clone(), innovation, talent];
    let mut summary = Summary::default();
    for i in sections.iter().flat_map(|s| &s.indicators) {
        match i.light.as_str() {
            "green" => summary.green += 1,
            "amber" => summary.amber += 1,
            "red" => summary.red += 1,
            _ => summary.none += 1,
        }
    }
    AnnualReport {
        lang: "en-GB".into(),
        cluster: "Cluster #1 *Industria* [Basque]".into(),
        plan_title: "Strategic plan 2024–2027 $ #plan".into(),
        year: 2025,
        period: "2024–2027".into(),
        generated: "Generated on 23 November 2026".into(),
        labels: labels(),
        summary,
        sections,
        roadmap,
        columns,
    }
}

fn write_temp(name: &str, bytes: &[u8]) {
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn xlsx_reads_back_with_names_numbers_and_statuses() {
    let bytes = xlsx(&sample()).unwrap();
    write_temp("clusterhub-report-test.xlsx", &bytes);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Strategic",
            "Talent_ people_skills _2024__ &",
            "Innovation",
            "Talent_ people_skills _2024 (2)",
            "Roadmap",
        ]
    );

    let strategic = wb.worksheet_range("Strategic").unwrap();
    assert_eq!(
        strategic.get_value((0, 1)),
        Some(&Data::String("Indicator".into()))
    );
    assert_eq!(strategic.get_value((2, 3)), Some(&Data::Float(2_450_000.5)));
    assert_eq!(
        strategic.get_value((2, 5)),
        Some(&Data::String("Near target".into()))
    );
    assert_eq!(
        strategic.get_value((1, 1)),
        Some(&Data::String("Members #1 [x] growth *net*".into()))
    );

    let summary = wb.worksheet_range("Summary").unwrap();
    assert_eq!(summary.get_value((3, 0)), Some(&Data::Float(2025.0)));
    assert_eq!(summary.get_value((7, 1)), Some(&Data::Float(3.0)));

    let roadmap = wb.worksheet_range("Roadmap").unwrap();
    assert_eq!(
        roadmap.get_value((0, 4)),
        Some(&Data::String("2024-S1".into()))
    );
    assert_eq!(
        roadmap.get_value((2, 5)),
        Some(&Data::String("■■■ Delayed".into()))
    );
}

#[test]
fn pdf_has_cover_summary_scorecard_and_roadmap_pages() {
    let bytes = pdf(&sample()).unwrap();
    write_temp("clusterhub-report-test.pdf", &bytes);
    assert!(bytes.starts_with(b"%PDF"));
    assert!(page_count(&bytes) >= 4, "pages: {}", page_count(&bytes));
}

#[test]
fn pdf_renders_an_empty_report() {
    let mut r = sample();
    r.sections.clear();
    r.roadmap.clear();
    r.columns.clear();
    r.summary = Summary::default();
    let bytes = pdf(&r).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(!xlsx(&r).unwrap().is_empty());
}

/// Counts page objects: "/Type /Page" (with or without the space) not followed by "s", which
/// would be the page tree. Page dictionaries are not compressed, so a byte search is enough.
fn page_count(pdf: &[u8]) -> usize {
    (0..pdf.len())
        .filter(|&at| {
            let Some(rest) = pdf[at..].strip_prefix(b"/Type") else {
                return false;
            };
            let rest = rest.trim_ascii_start();
            rest.starts_with(b"/Page") && rest.get(5) != Some(&b's')
        })
        .count()
}
