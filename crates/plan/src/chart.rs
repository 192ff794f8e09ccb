//! Charts as SVG strings, drawn on the server so they show without JavaScript and go into the
//! PDF report unchanged.

/// One bar of a trend chart.
pub struct Point {
    pub label: String,
    pub value: Option<f64>,
    pub target: Option<f64>,
    /// Colour class of the bar: `green`, `amber`, `red` or `none`.
    pub light: &'static str,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn colour(light: &str) -> &'static str {
    match light {
        "green" => "#2f855a",
        "amber" => "#b7791f",
        "red" => "#c53030",
        _ => "#718096",
    }
}

/// Bars for the values per period with the targets as a dashed line. `fmt` writes numbers in
/// the reader's locale; `title` is the accessible name of the picture.
pub fn trend(points: &[Point], title: &str, fmt: &dyn Fn(f64) -> String) -> String {
    let (w, h, left, bottom, top) = (360.0_f64, 160.0_f64, 8.0_f64, 22.0_f64, 18.0_f64);
    let max = points
        .iter()
        .flat_map(|p| [p.value, p.target])
        .flatten()
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let n = points.len().max(1) as f64;
    let slot = (w - 2.0 * left) / n;
    let bar = slot * 0.55;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - (v.max(0.0) / max));
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{t}" class="chart"><title>{t}</title>"#,
        t = esc(title)
    );
    out.push_str(&format!(
        r##"<line x1="{left}" y1="{b}" x2="{r}" y2="{b}" stroke="#a0aec0" stroke-width="1"/>"##,
        b = h - bottom,
        r = w - left
    ));
    let mut target_path = String::new();
    for (i, p) in points.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        if let Some(v) = p.value {
            let top_y = y(v);
            out.push_str(&format!(
                r#"<rect x="{x:.1}" y="{top_y:.1}" width="{bar:.1}" height="{hgt:.1}" fill="{c}"><title>{l}: {v}</title></rect>"#,
                x = cx - bar / 2.0,
                hgt = (h - bottom - top_y).max(0.5),
                c = colour(p.light),
                l = esc(&p.label),
                v = esc(&fmt(v)),
            ));
            out.push_str(&format!(
                r##"<text x="{cx:.1}" y="{ty:.1}" font-size="10" text-anchor="middle" fill="#1a202c">{v}</text>"##,
                ty = (top_y - 3.0).max(10.0),
                v = esc(&fmt(v)),
            ));
        }
        if let Some(t) = p.target {
            let cmd = if target_path.is_empty() { 'M' } else { 'L' };
            target_path.push_str(&format!("{cmd}{:.1} {:.1} ", cx, y(t)));
            out.push_str(&format!(
                r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="2.5" fill="#2b6cb0"><title>{l}: {v}</title></circle>"##,
                cy = y(t),
                l = esc(&p.label),
                v = esc(&fmt(t)),
            ));
        }
        out.push_str(&format!(
            r##"<text x="{cx:.1}" y="{ly:.1}" font-size="10" text-anchor="middle" fill="#4a5568">{l}</text>"##,
            ly = h - 6.0,
            l = esc(&p.label),
        ));
    }
    if !target_path.is_empty() {
        out.push_str(&format!(
            r##"<path d="{}" fill="none" stroke="#2b6cb0" stroke-width="1.5" stroke-dasharray="4 3"/>"##,
            target_path.trim_end()
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_bar_per_value_and_a_target_line() {
        let pts = vec![
            Point {
                label: "2024".into(),
                value: Some(4.0),
                target: Some(5.0),
                light: "amber",
            },
            Point {
                label: "2025".into(),
                value: None,
                target: Some(6.0),
                light: "none",
            },
            Point {
                label: "<x>".into(),
                value: Some(8.0),
                target: None,
                light: "green",
            },
        ];
        let svg = trend(&pts, "Trainings & co", &|v| format!("{v}"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.contains("Trainings &amp; co"));
        assert!(svg.contains("&lt;x&gt;"));
        assert!(!svg.contains("<x>"));
    }
}
