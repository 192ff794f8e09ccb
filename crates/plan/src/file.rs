//! The plan file (TOML, docs/plan-format.md): read it, check all of it, and report every problem
//! with its line, so that a plan is imported whole or not at all.

use crate::measure::Measure;
use clusterhub_core::FieldError;
use clusterhub_core::MultiText;
use clusterhub_core::model::{IndicatorLevel, PillarKind, Unit};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use toml::Spanned;

const LANGUAGES: &[&str] = &["es", "eu", "en", "fr", "gl", "pt"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub code: String,
    pub cluster: Option<String>,
    pub title: MultiText,
    pub vision: MultiText,
    pub mission: MultiText,
    pub from: i32,
    pub to: i32,
    pub columns: Vec<String>,
    pub objectives: Vec<Objective>,
    pub pillars: Vec<Pillar>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub code: String,
    pub name: MultiText,
    pub description: MultiText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pillar {
    pub code: String,
    pub kind: PillarKind,
    pub name: MultiText,
    pub goals: MultiText,
    pub objectives: Vec<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub code: String,
    pub name: MultiText,
    pub description: MultiText,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub code: String,
    pub name: MultiText,
    pub detail: MultiText,
    /// Column → intensity 1..=3.
    pub schedule: BTreeMap<String, u8>,
    pub steps: BTreeMap<String, MultiText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub level: IndicatorLevel,
    pub objective: Option<String>,
    pub pillar: Option<String>,
    pub name: MultiText,
    pub how: MultiText,
    pub unit: Unit,
    pub source: String,
    /// False when less is better.
    pub up: bool,
    pub targets: BTreeMap<i32, f64>,
    pub measure: Measure,
}

impl Plan {
    /// Reads and checks a plan file. Every problem found is returned, each with its line.
    pub fn parse(text: &str) -> Result<Plan, Vec<FieldError>> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
            vec![
                FieldError::new("file", "invalid_toml")
                    .detail(e.message().to_string())
                    .at_line(line),
            ]
        })?;
        let mut c = Checker {
            text,
            errs: Vec::new(),
            codes: HashMap::new(),
        };
        let plan = c.plan(raw);
        if c.errs.is_empty() {
            Ok(plan)
        } else {
            c.errs.sort_by_key(|e| e.line);
            Err(c.errs)
        }
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }
    pub fn pillar(&self, code: &str) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.code == code)
    }

    /// Every pillar, line and action code with the codes above it (itself first), so that an
    /// activity linked to an action also counts for its line and pillar.
    pub fn ancestry(&self) -> HashMap<String, Vec<String>> {
        let mut out = HashMap::new();
        for p in &self.pillars {
            out.insert(p.code.clone(), vec![p.code.clone()]);
            for l in &p.lines {
                out.insert(l.code.clone(), vec![l.code.clone(), p.code.clone()]);
                for a in &l.actions {
                    out.insert(
                        a.code.clone(),
                        vec![a.code.clone(), l.code.clone(), p.code.clone()],
                    );
                }
            }
        }
        out
    }

    /// Actions with the pillar and line they belong to, in plan order.
    pub fn actions(&self) -> impl Iterator<Item = (&Pillar, &Line, &Action)> {
        self.pillars.iter().flat_map(|p| {
            p.lines
                .iter()
                .flat_map(move |l| l.actions.iter().map(move |a| (p, l, a)))
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    plan: RawPlan,
    #[serde(default)]
    objective: Vec<RawObjective>,
    #[serde(default)]
    pillar: Vec<RawPillar>,
    #[serde(default)]
    indicator: Vec<RawIndicator>,
}

type Text = Spanned<BTreeMap<String, String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    code: Spanned<String>,
    cluster: Option<String>,
    title: Text,
    vision: Option<Text>,
    mission: Option<Text>,
    from: Spanned<i32>,
    to: Spanned<i32>,
    columns: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    code: Spanned<String>,
    name: Text,
    description: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPillar {
    code: Spanned<String>,
    kind: Spanned<String>,
    name: Text,
    goals: Option<Text>,
    #[serde(default)]
    objectives: Vec<Spanned<String>>,
    #[serde(default)]
    line: Vec<RawLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    code: Spanned<String>,
    name: Text,
    description: Option<Text>,
    #[serde(default)]
    action: Vec<RawAction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    code: Spanned<String>,
    name: Text,
    detail: Option<Text>,
    #[serde(default)]
    schedule: BTreeMap<Spanned<String>, Spanned<i64>>,
    #[serde(default)]
    steps: BTreeMap<Spanned<String>, Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: Spanned<String>,
    level: Spanned<String>,
    objective: Option<Spanned<String>>,
    pillar: Option<Spanned<String>>,
    name: Text,
    how: Option<Text>,
    unit: Spanned<String>,
    #[serde(default)]
    source: String,
    direction: Option<Spanned<String>>,
    #[serde(default)]
    targets: BTreeMap<Spanned<String>, Spanned<f64>>,
    measure: Spanned<toml::Table>,
}

struct Checker<'a> {
    text: &'a str,
    errs: Vec<FieldError>,
    /// Every code of the plan with the line that defines it: codes are unique across kinds so a
    /// `where = { pillar = … }` or an activity link names one thing.
    codes: HashMap<String, usize>,
}

impl Checker<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> usize {
        line_of(self.text, s.span().start)
    }
    fn err<T>(&mut self, at: &Spanned<T>, field: &str, code: &str, detail: impl Into<String>) {
        let line = self.line(at);
        self.errs
            .push(FieldError::new(field, code).detail(detail).at_line(line));
    }

    fn code(&mut self, field: &str, code: &Spanned<String>) -> String {
        let c = code.get_ref().trim().to_string();
        let ok = !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'));
        if !ok {
            self.err(code, field, "invalid_code", c.clone());
        } else if let Some(first) = self.codes.get(&c) {
            let first = *first;
            self.err(
                code,
                field,
                "duplicate_code",
                format!("{c} (first defined on line {first})"),
            );
        } else {
            let line = self.line(code);
            self.codes.insert(c.clone(), line);
        }
        c
    }

    fn text(&mut self, field: &str, t: Option<&Text>, required: bool) -> MultiText {
        let Some(t) = t else {
            return MultiText::new();
        };
        let mut out = MultiText::new();
        for (lang, s) in t.get_ref() {
            if !LANGUAGES.contains(&lang.as_str()) {
                self.err(t, field, "unknown_language", lang.clone());
            }
            out.set(lang, s);
        }
        if required && out.is_empty() {
            self.err(t, field, "required", "");
        }
        out
    }

    fn plan(&mut self, raw: RawFile) -> Plan {
        let p = raw.plan;
        let code = p.code.get_ref().trim().to_string();
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            self.err(&p.code, "plan.code", "invalid_code", code.clone());
        }
        let (from, to) = (*p.from.get_ref(), *p.to.get_ref());
        if !(2000..=2100).contains(&from) {
            self.err(&p.from, "plan.from", "invalid_year", from.to_string());
        }
        if to < from || to > from + 15 {
            self.err(&p.to, "plan.to", "invalid_year", to.to_string());
        }
        let columns: Vec<String> = match &p.columns {
            Some(cols) => {
                for c in cols {
                    if !valid_column(c.get_ref(), from, to) {
                        self.err(c, "plan.columns", "invalid_column", c.get_ref().clone());
                    }
                }
                cols.iter().map(|c| c.get_ref().clone()).collect()
            }
            None => (from..=to)
                .flat_map(|y| [format!("{y}-S1"), format!("{y}-S2")])
                .collect(),
        };
        let title = self.text("plan.title", Some(&p.title), true);
        let vision = self.text("plan.vision", p.vision.as_ref(), false);
        let mission = self.text("plan.mission", p.mission.as_ref(), false);

        let objectives: Vec<Objective> = raw
            .objective
            .iter()
            .map(|o| Objective {
                code: self.code("objective.code", &o.code),
                name: self.text("objective.name", Some(&o.name), true),
                description: self.text("objective.description", o.description.as_ref(), false),
            })
            .collect();
        let objective_codes: HashSet<String> = objectives.iter().map(|o| o.code.clone()).collect();

        let mut pillars = Vec::new();
        for rp in &raw.pillar {
            let code = self.code("pillar.code", &rp.code);
            let kind = PillarKind::parse("pillar.kind", rp.kind.get_ref())
                .map_err(|e| self.err(&rp.kind, "pillar.kind", &e.code, rp.kind.get_ref().clone()))
                .unwrap_or(PillarKind::Pillar);
            for o in &rp.objectives {
                if !objective_codes.contains(o.get_ref()) {
                    self.err(
                        o,
                        "pillar.objectives",
                        "unknown_objective",
                        o.get_ref().clone(),
                    );
                }
            }
            let mut lines = Vec::new();
            for rl in &rp.line {
                let lcode = self.code("line.code", &rl.code);
                let mut actions = Vec::new();
                for ra in &rl.action {
                    actions.push(self.action(ra, &columns));
                }
                lines.push(Line {
                    code: lcode,
                    name: self.text("line.name", Some(&rl.name), true),
                    description: self.text("line.description", rl.description.as_ref(), false),
                    actions,
                });
            }
            pillars.push(Pillar {
                code,
                kind,
                name: self.text("pillar.name", Some(&rp.name), true),
                goals: self.text("pillar.goals", rp.goals.as_ref(), false),
                objectives: rp.objectives.iter().map(|o| o.get_ref().clone()).collect(),
                lines,
            });
        }
        let pillar_codes: HashSet<String> = pillars.iter().map(|p| p.code.clone()).collect();
        let item_codes: HashSet<String> = self.codes.keys().cloned().collect();

        let mut indicators = Vec::new();
        let mut measure_lines = HashMap::new();
        for ri in &raw.indicator {
            if let Some(i) = self.indicator(ri, &objective_codes, &pillar_codes, &item_codes) {
                measure_lines.insert(i.code.clone(), self.line(&ri.measure));
                indicators.push(i);
            }
        }
        self.references(&indicators, &measure_lines);

        Plan {
            code,
            cluster: p.cluster.map(|c| c.trim().to_string()),
            title,
            vision,
            mission,
            from,
            to,
            columns,
            objectives,
            pillars,
            indicators,
        }
    }

    fn action(&mut self, ra: &RawAction, columns: &[String]) -> Action {
        let code = self.code("action.code", &ra.code);
        let mut schedule = BTreeMap::new();
        for (col, n) in &ra.schedule {
            if !columns.contains(col.get_ref()) {
                self.err(
                    col,
                    "action.schedule",
                    "unknown_column",
                    col.get_ref().clone(),
                );
            }
            match u8::try_from(*n.get_ref()) {
                Ok(i @ 1..=3) => {
                    schedule.insert(col.get_ref().clone(), i);
                }
                _ => self.err(
                    n,
                    "action.schedule",
                    "invalid_intensity",
                    n.get_ref().to_string(),
                ),
            }
        }
        let mut steps = BTreeMap::new();
        for (col, t) in &ra.steps {
            if !columns.contains(col.get_ref()) {
                self.err(col, "action.steps", "unknown_column", col.get_ref().clone());
            }
            steps.insert(
                col.get_ref().clone(),
                self.text("action.steps", Some(t), false),
            );
        }
        Action {
            code,
            name: self.text("action.name", Some(&ra.name), true),
            detail: self.text("action.detail", ra.detail.as_ref(), false),
            schedule,
            steps,
        }
    }

    fn indicator(
        &mut self,
        ri: &RawIndicator,
        objectives: &HashSet<String>,
        pillars: &HashSet<String>,
        items: &HashSet<String>,
    ) -> Option<Indicator> {
        let code = self.code("indicator.code", &ri.code);
        let at = format!("indicator {code}");
        let before = self.errs.len();
        let level = IndicatorLevel::parse("level", ri.level.get_ref())
            .map_err(|e| {
                self.err(
                    &ri.level,
                    &format!("{at}.level"),
                    &e.code,
                    ri.level.get_ref().clone(),
                )
            })
            .ok();
        let unit = Unit::parse("unit", ri.unit.get_ref())
            .map_err(|_| {
                self.err(
                    &ri.unit,
                    &format!("{at}.unit"),
                    "unknown_unit",
                    format!(
                        "{} (expected one of: {})",
                        ri.unit.get_ref(),
                        Unit::ALL
                            .iter()
                            .map(|u| u.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
            .ok();
        if let Some(o) = &ri.objective
            && !objectives.contains(o.get_ref())
        {
            self.err(
                o,
                &format!("{at}.objective"),
                "unknown_objective",
                o.get_ref().clone(),
            );
        }
        if let Some(p) = &ri.pillar
            && !pillars.contains(p.get_ref())
        {
            self.err(
                p,
                &format!("{at}.pillar"),
                "unknown_pillar",
                p.get_ref().clone(),
            );
        }
        match level {
            Some(IndicatorLevel::Strategic) if ri.objective.is_none() => {
                self.err(&ri.code, &format!("{at}.objective"), "required", "")
            }
            Some(IndicatorLevel::Operational) if ri.pillar.is_none() => {
                self.err(&ri.code, &format!("{at}.pillar"), "required", "")
            }
            _ => {}
        }
        let up = match ri.direction.as_ref().map(|d| d.get_ref().as_str()) {
            None | Some("up") => true,
            Some("down") => false,
            Some(other) => {
                let d = ri.direction.as_ref().map(|d| d.span()).unwrap_or_default();
                let line = line_of(self.text, d.start);
                self.errs.push(
                    FieldError::new(format!("{at}.direction"), "unknown_value")
                        .detail(other.to_string())
                        .at_line(line),
                );
                true
            }
        };
        let mut targets = BTreeMap::new();
        for (y, v) in &ri.targets {
            match y.get_ref().parse::<i32>() {
                Ok(year) if (2000..=2100).contains(&year) => {
                    targets.insert(year, *v.get_ref());
                }
                _ => self.err(
                    y,
                    &format!("{at}.targets"),
                    "invalid_year",
                    y.get_ref().clone(),
                ),
            }
        }
        let mut merrs = Vec::new();
        let measure = Measure::parse(&format!("{at}.measure"), ri.measure.get_ref(), &mut merrs);
        let mline = self.line(&ri.measure);
        self.errs
            .extend(merrs.into_iter().map(|e| e.at_line(mline)));
        if let Some(m) = &measure {
            for item in measure_items(m) {
                if !items.contains(&item) {
                    self.errs.push(
                        FieldError::new(format!("{at}.measure.where"), "unknown_plan_item")
                            .detail(item)
                            .at_line(mline),
                    );
                }
            }
        }
        let name = self.text(&format!("{at}.name"), Some(&ri.name), true);
        let how = self.text(&format!("{at}.how"), ri.how.as_ref(), false);
        if self.errs.len() != before {
            return None;
        }
        Some(Indicator {
            code,
            level: level?,
            objective: ri.objective.as_ref().map(|o| o.get_ref().clone()),
            pillar: ri.pillar.as_ref().map(|p| p.get_ref().clone()),
            name,
            how,
            unit: unit?,
            source: ri.source.trim().to_string(),
            up,
            targets,
            measure: measure?,
        })
    }

    /// Ratios and growth rates must name indicators that exist, without going round in circles.
    fn references(&mut self, indicators: &[Indicator], lines: &HashMap<String, usize>) {
        let by_code: HashMap<&str, &Indicator> =
            indicators.iter().map(|i| (i.code.as_str(), i)).collect();
        for i in indicators {
            let line = lines.get(&i.code).copied().unwrap_or(1);
            for r in i.measure.references() {
                if !by_code.contains_key(r) && !self.codes.contains_key(r) {
                    self.errs.push(
                        FieldError::new(
                            format!("indicator {}.measure", i.code),
                            "unknown_indicator",
                        )
                        .detail(r.to_string())
                        .at_line(line),
                    );
                }
            }
            // Depth-first walk from this indicator; meeting it again is a cycle.
            let mut stack: Vec<&str> = i.measure.references();
            let mut seen = HashSet::new();
            while let Some(c) = stack.pop() {
                if c == i.code {
                    self.errs.push(
                        FieldError::new(
                            format!("indicator {}.measure", i.code),
                            "circular_reference",
                        )
                        .at_line(line),
                    );
                    break;
                }
                if seen.insert(c)
                    && let Some(next) = by_code.get(c)
                {
                    stack.extend(next.measure.references());
                }
            }
        }
    }
}

fn measure_items(m: &Measure) -> Vec<String> {
    use crate::measure::Operand;
    match m {
        Measure::Count { filter, .. }
        | Measure::Distinct { filter, .. }
        | Measure::Sum { filter, .. }
        | Measure::Avg { filter, .. } => filter.items.clone(),
        Measure::Ratio { num, den } => [num, den]
            .iter()
            .flat_map(|o| match o.as_ref() {
                Operand::Measure(m) => measure_items(m),
                Operand::Indicator(_) => Vec::new(),
            })
            .collect(),
        Measure::Growth { base } => match base.as_ref() {
            Operand::Measure(m) => measure_items(m),
            Operand::Indicator(_) => Vec::new(),
        },
        Measure::Manual => Vec::new(),
    }
}

/// `2026` or `2026-S1`, inside the plan's years.
fn valid_column(c: &str, from: i32, to: i32) -> bool {
    let year = c
        .strip_suffix("-S1")
        .or_else(|| c.strip_suffix("-S2"))
        .unwrap_or(c);
    year.parse::<i32>().is_ok_and(|y| (from..=to).contains(&y))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[plan]
code = "test-2025"
title = { en = "Test" }
from = 2025
to = 2026

[[objective]]
code = "O1"
name = { en = "Members" }

[[pillar]]
code = "talent"
kind = "pillar"
name = { en = "Talent" }
objectives = ["O1"]

[[pillar.line]]
code = "talent.1"
name = { en = "Training" }

[[pillar.line.action]]
code = "talent.1.1"
name = { en = "Microcredentials" }
schedule = { "2025-S1" = 3, "2026-S2" = 1 }

[[indicator]]
code = "T1"
level = "operational"
pillar = "talent"
name = { en = "Trainings" }
unit = "number"
targets = { 2025 = 8 }
measure = { op = "count", of = "activities", where = { kind = "training", pillar = "talent" } }

[[indicator]]
code = "M1"
level = "strategic"
objective = "O1"
name = { en = "Members" }
unit = "number"
measure = { op = "count", of = "members" }

[[indicator]]
code = "R1"
level = "strategic"
objective = "O1"
name = { en = "Trainings per member" }
unit = "number"
measure = { op = "ratio", num = "T1", den = "M1" }
"#;

    #[test]
    fn reads_a_whole_plan() {
        let p = Plan::parse(GOOD).expect("plan");
        assert_eq!(p.columns.len(), 4);
        assert_eq!(p.pillars[0].lines[0].actions[0].schedule["2025-S1"], 3);
        assert_eq!(p.indicators.len(), 3);
        assert_eq!(p.indicators[0].targets[&2025], 8.0);
        assert_eq!(
            p.ancestry()["talent.1.1"],
            vec!["talent.1.1", "talent.1", "talent"]
        );
    }

    fn errors(text: &str) -> Vec<(String, String, Option<usize>)> {
        Plan::parse(text)
            .expect_err("should fail")
            .into_iter()
            .map(|e| (e.field, e.code, e.line))
            .collect()
    }

    #[test]
    fn reports_wrong_reference_duplicate_code_and_unknown_unit_with_lines() {
        let bad = GOOD
            .replace(r#"den = "M1""#, r#"den = "M9""#)
            .replace(r#"code = "talent.1.1""#, r#"code = "talent.1""#)
            .replace(
                r#"unit = "number"
targets"#,
                r#"unit = "units"
targets"#,
            );
        let errs = errors(&bad);
        assert!(
            errs.contains(&("action.code".into(), "duplicate_code".into(), Some(23))),
            "{errs:?}"
        );
        assert!(
            errs.contains(&("indicator T1.unit".into(), "unknown_unit".into(), Some(32))),
            "{errs:?}"
        );
        assert!(
            errs.contains(&(
                "indicator R1.measure".into(),
                "unknown_indicator".into(),
                Some(50)
            )),
            "{errs:?}"
        );
    }

    #[test]
    fn reports_toml_syntax_and_unknown_keys_with_lines() {
        let errs = errors(
            "[plan]\ncode = \"x\"\ntitle = { en = \"T\" }\nfrom = 2025\nto = 2026\ncolour = 1\n",
        );
        assert_eq!(errs[0].1, "invalid_toml");
        assert_eq!(errs[0].2, Some(6));
        let errs = errors(&GOOD.replace(
            "schedule = { \"2025-S1\" = 3",
            "schedule = { \"2029-S1\" = 4",
        ));
        assert!(errs.iter().any(|e| e.1 == "unknown_column"), "{errs:?}");
        assert!(errs.iter().any(|e| e.1 == "invalid_intensity"), "{errs:?}");
    }

    #[test]
    fn refuses_circular_ratios() {
        let bad = GOOD.replace(
            r#"measure = { op = "count", of = "members" }"#,
            r#"measure = { op = "growth", base = "R1" }"#,
        );
        let errs = errors(&bad);
        assert!(errs.iter().any(|e| e.1 == "circular_reference"), "{errs:?}");
    }
}
