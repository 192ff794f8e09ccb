//! Declarative measures: how an indicator's value is computed (docs/plan-format.md, "Measures").

use clusterhub_core::FieldError;
use clusterhub_core::model::{
    ActivityKind, Counterpart, EntityType, GroupKind, Scope, subtype_index,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Activities,
    Members,
    NewMembers,
    Groups,
    GroupMembers,
    Survey,
}

impl Source {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "activities" => Self::Activities,
            "members" => Self::Members,
            "new_members" => Self::NewMembers,
            "groups" => Self::Groups,
            "group_members" => Self::GroupMembers,
            "survey" => Self::Survey,
            _ => return None,
        })
    }
    fn where_keys(self) -> &'static [&'static str] {
        match self {
            Self::Activities => &[
                "kind",
                "subtype",
                "scope",
                "counterpart",
                "external",
                "pillar",
                "line",
                "action",
                "member",
            ],
            Self::Members | Self::NewMembers => &["typology", "entity_type"],
            Self::Groups | Self::GroupMembers => &["kind"],
            Self::Survey => &["entity_type"],
        }
    }
    /// Fields `sum` and `avg` accept.
    fn number_fields(self) -> &'static [&'static str] {
        match self {
            Self::Activities => &["amount", "attendees", "organisations"],
            Self::Survey => &[
                "employment",
                "revenue",
                "exports",
                "rd_investment",
                "new_funding",
                "satisfaction",
            ],
            _ => &[],
        }
    }
    /// Fields `distinct` accepts.
    fn who_fields(self) -> &'static [&'static str] {
        match self {
            Self::Activities => &["organisation", "person"],
            Self::GroupMembers | Self::Survey | Self::Members | Self::NewMembers => {
                &["organisation"]
            }
            Self::Groups => &[],
        }
    }
}

/// Which records count. Empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    pub kind: Vec<ActivityKind>,
    /// Indexes into `clusterhub_core::model::SUBTYPES`.
    pub subtype: Vec<u8>,
    pub scope: Vec<Scope>,
    pub counterpart: Vec<Counterpart>,
    pub external: Option<bool>,
    /// Plan item codes (pillar, line or action); an activity linked to an action matches its line
    /// and pillar too.
    pub items: Vec<String>,
    pub member: Option<bool>,
    pub typology: Vec<String>,
    pub entity_type: Vec<EntityType>,
    pub group_kind: Vec<GroupKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "op")]
pub enum Measure {
    Count {
        of: Source,
        filter: Filter,
    },
    Distinct {
        of: Source,
        field: String,
        filter: Filter,
    },
    Sum {
        of: Source,
        field: String,
        filter: Filter,
    },
    Avg {
        of: Source,
        field: String,
        filter: Filter,
    },
    Ratio {
        num: Box<Operand>,
        den: Box<Operand>,
    },
    Growth {
        base: Box<Operand>,
    },
    Manual,
}

/// The other side of a ratio or growth: another indicator of the plan, or a measure of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operand {
    Indicator(String),
    Measure(Box<Measure>),
}

impl Measure {
    /// Indicator codes this measure refers to.
    pub fn references(&self) -> Vec<&str> {
        fn visit<'a>(o: &'a Operand, out: &mut Vec<&'a str>) {
            match o {
                Operand::Indicator(c) => out.push(c.as_str()),
                Operand::Measure(m) => out.extend(m.references()),
            }
        }
        let mut out = Vec::new();
        match self {
            Measure::Ratio { num, den } => {
                visit(num, &mut out);
                visit(den, &mut out);
            }
            Measure::Growth { base } => visit(base, &mut out),
            _ => {}
        }
        out
    }

    /// Flows add up over time (a year is the sum of its months); stocks and averages do not.
    /// Targets of flows are prorated for part of a year.
    pub fn is_flow(&self) -> bool {
        match self {
            Measure::Count { of, .. } | Measure::Sum { of, .. } => {
                matches!(of, Source::Activities | Source::NewMembers)
            }
            Measure::Distinct { of, .. } => *of == Source::Activities,
            _ => false,
        }
    }

    /// Parses the inline table of an indicator's `measure` (or of a ratio's `num`). `at` names
    /// where it sits in the file, for messages such as `indicator E3.measure.where.kind`.
    pub fn parse(at: &str, t: &toml::Table, errs: &mut Vec<FieldError>) -> Option<Measure> {
        let get_str = |k: &str| t.get(k).and_then(|v| v.as_str());
        let op = match get_str("op") {
            Some(op) => op,
            None => {
                errs.push(FieldError::new(format!("{at}.op"), "required"));
                return None;
            }
        };
        let allowed: &[&str] = match op {
            "count" => &["op", "of", "where"],
            "distinct" | "sum" | "avg" => &["op", "of", "field", "where"],
            "ratio" => &["op", "num", "den"],
            "growth" => &["op", "base"],
            "manual" => &["op"],
            other => {
                errs.push(FieldError::new(format!("{at}.op"), "unknown_value").detail(other));
                return None;
            }
        };
        let before = errs.len();
        for k in t.keys() {
            if !allowed.contains(&k.as_str()) {
                errs.push(FieldError::new(format!("{at}.{k}"), "unknown_key").detail(op));
            }
        }
        let operand = |k: &str, errs: &mut Vec<FieldError>| -> Option<Operand> {
            match t.get(k) {
                Some(toml::Value::String(code)) => Some(Operand::Indicator(code.clone())),
                Some(toml::Value::Table(inner)) => {
                    Measure::parse(&format!("{at}.{k}"), inner, errs)
                        .map(|m| Operand::Measure(Box::new(m)))
                }
                Some(_) => {
                    errs.push(FieldError::new(format!("{at}.{k}"), "invalid_operand"));
                    None
                }
                None => {
                    errs.push(FieldError::new(format!("{at}.{k}"), "required"));
                    None
                }
            }
        };
        match op {
            "manual" => return Some(Measure::Manual),
            "ratio" => {
                let num = operand("num", errs);
                let den = operand("den", errs);
                return Some(Measure::Ratio {
                    num: Box::new(num?),
                    den: Box::new(den?),
                })
                .filter(|_| errs.len() == before);
            }
            "growth" => {
                let base = operand("base", errs)?;
                return Some(Measure::Growth {
                    base: Box::new(base),
                })
                .filter(|_| errs.len() == before);
            }
            _ => {}
        }
        let of = match get_str("of") {
            None => {
                errs.push(FieldError::new(format!("{at}.of"), "required"));
                return None;
            }
            Some(s) => match Source::parse(s) {
                Some(of) => of,
                None => {
                    errs.push(FieldError::new(format!("{at}.of"), "unknown_value").detail(s));
                    return None;
                }
            },
        };
        let field = if op == "count" {
            String::new()
        } else {
            let fields = if op == "distinct" {
                of.who_fields()
            } else {
                of.number_fields()
            };
            match get_str("field") {
                Some(f) if fields.contains(&f) => f.to_string(),
                Some(f) => {
                    errs.push(
                        FieldError::new(format!("{at}.field"), "unknown_value")
                            .detail(format!("{f} (expected one of: {})", fields.join(", "))),
                    );
                    String::new()
                }
                None => {
                    errs.push(FieldError::new(format!("{at}.field"), "required"));
                    String::new()
                }
            }
        };
        let filter = match t.get("where") {
            None => Filter::default(),
            Some(toml::Value::Table(w)) => parse_filter(&format!("{at}.where"), of, w, errs),
            Some(_) => {
                errs.push(FieldError::new(format!("{at}.where"), "invalid_table"));
                Filter::default()
            }
        };
        if errs.len() != before {
            return None;
        }
        Some(match op {
            "count" => Measure::Count { of, filter },
            "distinct" => Measure::Distinct { of, field, filter },
            "sum" => Measure::Sum { of, field, filter },
            _ => Measure::Avg { of, field, filter },
        })
    }
}

/// A `where` value is a string, a boolean, or a list of strings.
fn strings(at: &str, v: &toml::Value, errs: &mut Vec<FieldError>) -> Vec<String> {
    match v {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Array(a) => a
            .iter()
            .filter_map(|x| match x.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    errs.push(FieldError::new(at, "invalid_list"));
                    None
                }
            })
            .collect(),
        _ => {
            errs.push(FieldError::new(at, "invalid_list"));
            Vec::new()
        }
    }
}

fn parse_filter(at: &str, of: Source, w: &toml::Table, errs: &mut Vec<FieldError>) -> Filter {
    let mut f = Filter::default();
    fn each<T>(
        at: &str,
        v: &toml::Value,
        errs: &mut Vec<FieldError>,
        p: impl Fn(&str, &str) -> Result<T, FieldError>,
    ) -> Vec<T> {
        strings(at, v, errs)
            .iter()
            .filter_map(|s| p(at, s).map_err(|e| errs.push(e)).ok())
            .collect()
    }
    let boolean = |k: &str, v: &toml::Value, errs: &mut Vec<FieldError>| match v.as_bool() {
        Some(b) => Some(b),
        None => {
            errs.push(FieldError::new(format!("{at}.{k}"), "invalid_boolean"));
            None
        }
    };
    for (k, v) in w {
        let here = format!("{at}.{k}");
        if !of.where_keys().contains(&k.as_str()) {
            errs.push(
                FieldError::new(here, "unknown_key")
                    .detail(format!("expected one of: {}", of.where_keys().join(", "))),
            );
            continue;
        }
        match (of, k.as_str()) {
            (Source::Activities, "kind") => f.kind = each(&here, v, errs, ActivityKind::parse),
            (Source::Groups | Source::GroupMembers, "kind") => {
                f.group_kind = each(&here, v, errs, GroupKind::parse)
            }
            (_, "subtype") => {
                f.subtype = each(&here, v, errs, |at, s| {
                    subtype_index(s)
                        .ok_or_else(|| FieldError::new(at, "unknown_value").detail(s.to_string()))
                })
            }
            (_, "scope") => f.scope = each(&here, v, errs, Scope::parse),
            (_, "counterpart") => f.counterpart = each(&here, v, errs, Counterpart::parse),
            (_, "entity_type") => f.entity_type = each(&here, v, errs, EntityType::parse),
            (_, "typology") => f.typology = strings(&here, v, errs),
            (_, "pillar" | "line" | "action") => f.items.extend(strings(&here, v, errs)),
            (_, "external") => f.external = boolean(k, v, errs),
            (_, "member") => f.member = boolean(k, v, errs),
            _ => {}
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> (Option<Measure>, Vec<FieldError>) {
        let t: toml::Table = toml::from_str(s).expect("toml");
        let mut errs = Vec::new();
        let m = Measure::parse("m", t["measure"].as_table().expect("table"), &mut errs);
        (m, errs)
    }

    #[test]
    fn reads_counts_ratios_and_references() {
        let (m, errs) = parse(
            r#"measure = { op = "ratio", num = { op = "distinct", of = "group_members", field = "organisation", where = { kind = "working_group" } }, den = "E12" }"#,
        );
        assert!(errs.is_empty(), "{errs:?}");
        let m = m.expect("measure");
        assert_eq!(m.references(), vec!["E12"]);
        let (m, _) = parse(
            r#"measure = { op = "count", of = "activities", where = { kind = ["mission", "fair"], scope = "international", member = true } }"#,
        );
        match m.expect("count") {
            Measure::Count { of, filter } => {
                assert_eq!(of, Source::Activities);
                assert_eq!(filter.kind, vec![ActivityKind::Mission, ActivityKind::Fair]);
                assert_eq!(filter.member, Some(true));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_each_wrong_key_and_value() {
        let (m, errs) = parse(
            r#"measure = { op = "sum", of = "survey", field = "turnover", where = { kind = "x" } }"#,
        );
        assert!(m.is_none());
        let fields: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("m.field", "unknown_value"),
                ("m.where.kind", "unknown_key")
            ]
        );
        let (_, errs) = parse(r#"measure = { op = "median", of = "survey" }"#);
        assert_eq!(errs[0].code, "unknown_value");
        let (_, errs) = parse(
            r#"measure = { op = "count", of = "activities", where = { kind = "trainings" } }"#,
        );
        assert_eq!(errs[0].detail.as_deref(), Some("trainings"));
    }
}
