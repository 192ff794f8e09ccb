//! Scorecard benchmark, ClusterHub side (driven by `bench/scorecard/run`).
//!
//!     cargo run --release -p clusterhub-plan --example scorecard_bench -- \
//!         [--n 1000000] [--out DIR] [--plan FILE] [--seed 42] [--runs 5] [--incremental 1000]
//!
//! 1. Generates one cluster's facts deterministically (an inline PRNG, no dependency): N activities
//!    spread over the plan's years, ~600 organisations, ~2,000 people, ~600 memberships, 15 groups
//!    with 300 seats, ~1,200 survey answers.
//! 2. Writes them as CSV files into DIR for the SQL peers (`bench/scorecard/peers.py`), with
//!    `queries.sql`: one SQL query per indicator, generated from the indicator's measure with the
//!    engine's semantics, portable across SQLite, PostgreSQL and DuckDB.
//! 3. Times in-process: `Engine::new` (the full recompute, median of `--runs`), the board of every
//!    plan year after the build, and the incremental path (`upsert` of one new activity + the
//!    board of its year) for `--incremental` new activities; checks the incremental engine against
//!    a fresh build. Timings go to stdout as JSON lines; the values per indicator and year go to
//!    DIR/values.json so the peers' answers can be checked against them.

use clusterhub_core::model::{
    ActivityKind, Counterpart, EntityType, GroupKind, SUBTYPES, Scope, Unit, subtype_index,
};
use clusterhub_plan::engine::{Activity, Facts, Group, Membership, Seat, SurveyAnswer};
use clusterhub_plan::file::Indicator;
use clusterhub_plan::measure::{Filter, Measure, Operand, Source};
use clusterhub_plan::{Engine, Period, Plan};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use time::{Date, Month};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const ORGS: i64 = 600;
const PEOPLE: i64 = 2000;

// ---------------------------------------------------------------------------------------------
// Arguments

struct Args {
    n: usize,
    out: PathBuf,
    plan: PathBuf,
    seed: u64,
    runs: usize,
    incremental: usize,
}

fn args() -> Res<Args> {
    let mut a = Args {
        n: 1_000_000,
        out: PathBuf::from("scorecard-data"),
        plan: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../demo/plans/bhc-2024-2027.toml"
        )),
        seed: 42,
        runs: 5,
        incremental: 1000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().ok_or_else(|| format!("{k} needs a value"));
        match k.as_str() {
            "--n" => a.n = v()?.replace('_', "").parse()?,
            "--out" => a.out = PathBuf::from(v()?),
            "--plan" => a.plan = PathBuf::from(v()?),
            "--seed" => a.seed = v()?.parse()?,
            "--runs" => a.runs = v()?.parse::<usize>()?.max(1),
            "--incremental" => a.incremental = v()?.parse()?,
            "-h" | "--help" => {
                println!(
                    "scorecard_bench [--n N] [--out DIR] [--plan FILE] [--seed S] [--runs R] [--incremental K]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    Ok(a)
}

// ---------------------------------------------------------------------------------------------
// Deterministic generator

/// SplitMix64: tiny, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = (self.next() % u64::from(total)) as u32;
        for (x, w) in xs {
            if r < *w {
                return *x;
            }
            r -= w;
        }
        xs[xs.len() - 1].0
    }
}

fn ymd(y: i32, m: Month, d: u8) -> Date {
    Date::from_calendar_date(y, m, d).unwrap_or(Date::MIN)
}
fn jd(d: Date) -> i64 {
    i64::from(d.to_julian_day())
}
fn from_jd(j: i64) -> Date {
    Date::from_julian_day(j as i32).unwrap_or(Date::MIN)
}
fn rand_date(rng: &mut Rng, from: Date, to: Date) -> Date {
    from_jd(rng.range(jd(from), jd(to)))
}

struct World {
    facts: Facts,
    /// Codes of every pillar, line and action, weighted towards actions.
    items: Vec<(usize, u32)>,
    codes: Vec<String>,
    first: Date,
    last: Date,
}

const KINDS: &[(ActivityKind, u32)] = &[
    (ActivityKind::Meeting, 24),
    (ActivityKind::Event, 12),
    (ActivityKind::Support, 14),
    (ActivityKind::Training, 8),
    (ActivityKind::Bulletin, 5),
    (ActivityKind::MediaMention, 6),
    (ActivityKind::InstitutionalContact, 6),
    (ActivityKind::Mission, 3),
    (ActivityKind::Fair, 2),
    (ActivityKind::RdProposal, 3),
    (ActivityKind::RdProject, 2),
    (ActivityKind::Network, 3),
    (ActivityKind::Sponsorship, 2),
    (ActivityKind::Income, 10),
];
const SCOPES: &[(Scope, u32)] = &[
    (Scope::Local, 15),
    (Scope::Regional, 30),
    (Scope::National, 25),
    (Scope::European, 20),
    (Scope::International, 10),
];
const COUNTERPARTS: &[(Counterpart, u32)] = &[
    (Counterpart::RegionalHealthSystem, 18),
    (Counterpart::OtherHealthSystem, 6),
    (Counterpart::ConsolidatedCompany, 14),
    (Counterpart::Institution, 16),
    (Counterpart::Fund, 8),
    (Counterpart::ResearchCentre, 10),
    (Counterpart::University, 8),
    (Counterpart::Cluster, 6),
    (Counterpart::Member, 10),
    (Counterpart::Other, 4),
];
const ENTITY_TYPES: &[(EntityType, u32)] = &[
    (EntityType::Company, 70),
    (EntityType::ResearchCentre, 6),
    (EntityType::TechnologyCentre, 5),
    (EntityType::Hospital, 6),
    (EntityType::University, 4),
    (EntityType::PublicBody, 4),
    (EntityType::Association, 3),
    (EntityType::Investor, 2),
];
const TYPOLOGIES: &[&str] = &[
    "company",
    "sme",
    "research",
    "health_provider",
    "institutional",
];

/// Organisations that take part more often have low ids (density ~ 1/sqrt(id)).
fn pick_org(rng: &mut Rng) -> i64 {
    let u = rng.unit();
    1 + ((u * u) * ORGS as f64) as i64
}

fn has_scope(k: ActivityKind) -> bool {
    use ActivityKind::*;
    matches!(
        k,
        Event | Mission | RdProposal | RdProject | MediaMention | Network
    )
}

impl World {
    fn new(plan: &Plan, rng: &mut Rng) -> World {
        let first = ymd(plan.from, Month::January, 1);
        let last = ymd(plan.to, Month::December, 31);
        let mut codes = Vec::new();
        let mut items = Vec::new();
        for p in &plan.pillars {
            codes.push(p.code.clone());
            items.push((codes.len() - 1, 2));
            for l in &p.lines {
                codes.push(l.code.clone());
                items.push((codes.len() - 1, 3));
                for a in &l.actions {
                    codes.push(a.code.clone());
                    items.push((codes.len() - 1, 5));
                }
            }
        }
        let org_type: Vec<Option<EntityType>> = (0..=ORGS)
            .map(|_| (!rng.chance(0.03)).then(|| rng.weighted(ENTITY_TYPES)))
            .collect();
        let person_org: Vec<Option<i64>> = (0..=PEOPLE)
            .map(|_| (!rng.chance(0.04)).then(|| pick_org(rng)))
            .collect();

        // Memberships: most organisations that take part are or were members; some left and
        // joined again, a few since the founding (no start date).
        let mut memberships = Vec::new();
        let mut member_orgs = Vec::new();
        for org in 1..=ORGS {
            let p = if org <= 300 { 0.9 } else { 0.55 };
            if !rng.chance(p) {
                continue;
            }
            member_orgs.push(org);
            let typology = rng.pick(TYPOLOGIES).to_string();
            let mut push = |since: Option<Date>, until: Option<Date>| {
                memberships.push(Membership {
                    id: memberships.len() as i64 + 1,
                    organisation: org,
                    since,
                    until,
                    typology: typology.clone(),
                    entity_type: org_type[org as usize],
                });
            };
            if rng.chance(0.35) {
                let s1 = (!rng.chance(0.1)).then(|| {
                    rand_date(
                        rng,
                        ymd(2008, Month::January, 1),
                        ymd(2020, Month::December, 31),
                    )
                });
                let lo = s1.map_or(jd(ymd(2012, Month::January, 1)), |d| jd(d) + 30);
                let u1 = from_jd(rng.range(lo, jd(ymd(2025, Month::June, 30))));
                let s2 = from_jd(jd(u1) + rng.range(30, 900));
                let u2 = rng
                    .chance(0.1)
                    .then(|| from_jd(jd(s2) + rng.range(60, 1200)));
                push(s1, Some(u1));
                push(Some(s2), u2);
            } else {
                let s = (!rng.chance(0.1)).then(|| {
                    rand_date(
                        rng,
                        ymd(2008, Month::January, 1),
                        ymd(2027, Month::June, 30),
                    )
                });
                let u = rng.chance(0.2).then(|| {
                    let lo = s.map_or(jd(ymd(2015, Month::January, 1)), |d| jd(d) + 60);
                    from_jd(rng.range(lo, lo.max(jd(ymd(2027, Month::December, 31)))))
                });
                push(s, u);
            }
        }

        // Governance: 1 board, 1 assembly, 3 committees, 10 working groups; 300 seats.
        let mut groups = Vec::new();
        let mut seats = Vec::new();
        let shape: Vec<(GroupKind, usize)> = [(GroupKind::Board, 15), (GroupKind::Assembly, 65)]
            .into_iter()
            .chain((0..3).map(|_| (GroupKind::Committee, 20)))
            .chain((0..10).map(|_| (GroupKind::WorkingGroup, 16)))
            .collect();
        for (i, (kind, size)) in shape.into_iter().enumerate() {
            let id = i as i64 + 1;
            let (starts_on, ends_on) = match kind {
                GroupKind::Board | GroupKind::Assembly => (None, None),
                GroupKind::Committee => (
                    Some(rand_date(
                        rng,
                        ymd(2019, Month::January, 1),
                        ymd(2023, Month::December, 31),
                    )),
                    rng.chance(0.3).then(|| ymd(2026, Month::June, 30)),
                ),
                GroupKind::WorkingGroup => {
                    let s = rand_date(
                        rng,
                        ymd(2021, Month::January, 1),
                        ymd(2027, Month::June, 30),
                    );
                    let e = rng
                        .chance(0.4)
                        .then(|| from_jd(jd(s) + rng.range(200, 1200)));
                    (Some(s), e)
                }
            };
            groups.push(Group {
                id,
                kind,
                starts_on,
                ends_on,
            });
            let mut seated = Vec::new();
            while seated.len() < size {
                let p = rng.range(1, PEOPLE);
                if seated.contains(&p) {
                    continue;
                }
                seated.push(p);
                let from = (!rng.chance(0.3)).then(|| {
                    rand_date(
                        rng,
                        ymd(2020, Month::January, 1),
                        ymd(2027, Month::June, 30),
                    )
                });
                let to = rng.chance(0.3).then(|| {
                    let lo = from.map_or(jd(ymd(2022, Month::January, 1)), jd);
                    from_jd(lo + rng.range(100, 1500))
                });
                seats.push(Seat {
                    group: id,
                    kind,
                    person: p,
                    organisation: person_org[p as usize],
                    from,
                    to,
                });
            }
        }

        // The annual survey: about 300 answers a year from (former) members.
        let mut survey = Vec::new();
        let p_answer = 300.0 / member_orgs.len().max(1) as f64;
        for year in plan.from..=plan.to {
            for &org in &member_orgs {
                if !rng.chance(p_answer) {
                    continue;
                }
                let mut v =
                    |p: f64, lo: i64, hi: i64| (!rng.chance(p)).then(|| rng.range(lo, hi) as f64);
                let employment = v(0.05, 2, 2500);
                let revenue = v(0.1, 50_000, 400_000_000);
                let exports = v(0.2, 0, 150_000_000);
                let rd = v(0.15, 0, 20_000_000);
                let funding = v(0.3, 0, 5_000_000);
                let satisfaction = v(0.1, 0, 20).map(|x| x / 2.0);
                survey.push(SurveyAnswer {
                    id: survey.len() as i64 + 1,
                    organisation: org,
                    year,
                    entity_type: org_type[org as usize],
                    values: [employment, revenue, exports, rd, funding, satisfaction],
                });
            }
        }

        World {
            facts: Facts {
                activities: Vec::new(),
                memberships,
                groups,
                seats,
                survey,
                manual: Vec::new(),
            },
            items,
            codes,
            first,
            last,
        }
    }

    fn activity(&self, rng: &mut Rng, id: i64, date: Option<Date>) -> Activity {
        let kind = rng.weighted(KINDS);
        let subs = kind.subtypes();
        let subtype = if subs.is_empty() || rng.chance(0.05) {
            None
        } else {
            subtype_index(rng.pick(subs))
        };
        let scope = (has_scope(kind) && !rng.chance(0.1)).then(|| rng.weighted(SCOPES));
        let counterpart = (matches!(
            kind,
            ActivityKind::Meeting | ActivityKind::InstitutionalContact
        ) && !rng.chance(0.1))
        .then(|| rng.weighted(COUNTERPARTS));
        let sub = subtype.map(|i| SUBTYPES[usize::from(i)]);
        let meeting = kind == ActivityKind::Meeting
            && matches!(sub, Some("governance" | "working_group"))
            && rng.chance(0.5);
        let attendees = match kind {
            ActivityKind::Training | ActivityKind::Event => rng.range(5, 300),
            ActivityKind::Meeting => rng.range(2, 20),
            _ => 0,
        };
        let amount_cents = match kind {
            ActivityKind::Income => rng.range(50_000, 5_000_000),
            ActivityKind::RdProject => rng.range(5_000_000, 200_000_000),
            ActivityKind::RdProposal => rng.range(2_000_000, 150_000_000),
            ActivityKind::Sponsorship => rng.range(100_000, 3_000_000),
            _ => 0,
        };
        let n_items = rng.weighted(&[(0usize, 25), (1, 55), (2, 20)]);
        let mut items: Vec<String> = Vec::with_capacity(n_items);
        while items.len() < n_items {
            let c = &self.codes[rng.weighted(&self.items)];
            if !items.contains(c) {
                items.push(c.clone());
            }
        }
        let n_orgs = rng.weighted(&[(0usize, 15), (1, 35), (2, 20), (3, 15), (4, 10), (5, 5)]);
        let mut organisations = Vec::with_capacity(n_orgs);
        while organisations.len() < n_orgs {
            let o = pick_org(rng);
            if !organisations.contains(&o) {
                organisations.push(o);
            }
        }
        let n_people = rng.weighted(&[(0usize, 30), (1, 40), (2, 20), (3, 10)]);
        let mut people = Vec::with_capacity(n_people);
        while people.len() < n_people {
            let p = rng.range(1, PEOPLE);
            if !people.contains(&p) {
                people.push(p);
            }
        }
        Activity {
            id,
            meeting,
            date: date.unwrap_or_else(|| rand_date(rng, self.first, self.last)),
            kind,
            subtype,
            scope,
            counterpart,
            external: rng.chance(0.08),
            attendees,
            amount_cents,
            items,
            organisations,
            people,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV for the peers

fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn write_csv(dir: &Path, plan: &Plan, w: &World) -> Res<BTreeMap<&'static str, usize>> {
    std::fs::create_dir_all(dir)?;
    let file = |name: &str| -> Res<BufWriter<std::fs::File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(dir.join(name))?,
        ))
    };
    let mut rows = BTreeMap::new();
    let f = &w.facts;
    let mut acts = file("activities.csv")?;
    let mut links = file("activity_links.csv")?;
    let mut orgs = file("activity_organisations.csv")?;
    let mut people = file("activity_people.csv")?;
    writeln!(
        acts,
        "id,meeting,starts_on,yr,kind,subtype,scope,counterpart,external,attendees,amount_cents"
    )?;
    writeln!(links, "activity_id,item")?;
    writeln!(orgs, "activity_id,organisation_id")?;
    writeln!(people, "activity_id,person_id")?;
    let (mut nl, mut no, mut np) = (0, 0, 0);
    for a in &f.activities {
        writeln!(
            acts,
            "{},{},{},{},{},{},{},{},{},{},{}",
            a.id,
            a.meeting,
            a.date,
            a.date.year(),
            a.kind.as_str(),
            opt(a.subtype.map(|i| SUBTYPES[usize::from(i)])),
            opt(a.scope.map(Scope::as_str)),
            opt(a.counterpart.map(Counterpart::as_str)),
            a.external,
            a.attendees,
            a.amount_cents
        )?;
        for i in &a.items {
            writeln!(links, "{},{}", a.id, i)?;
        }
        for o in &a.organisations {
            writeln!(orgs, "{},{}", a.id, o)?;
        }
        for p in &a.people {
            writeln!(people, "{},{}", a.id, p)?;
        }
        nl += a.items.len();
        no += a.organisations.len();
        np += a.people.len();
    }
    rows.insert("activities", f.activities.len());
    rows.insert("activity_links", nl);
    rows.insert("activity_organisations", no);
    rows.insert("activity_people", np);

    let mut m = file("memberships.csv")?;
    writeln!(m, "id,organisation_id,since,until,typology,entity_type")?;
    for x in &f.memberships {
        writeln!(
            m,
            "{},{},{},{},{},{}",
            x.id,
            x.organisation,
            opt(x.since),
            opt(x.until),
            x.typology,
            opt(x.entity_type.map(EntityType::as_str))
        )?;
    }
    rows.insert("memberships", f.memberships.len());
    let mut g = file("groups.csv")?;
    writeln!(g, "id,kind,starts_on,ends_on")?;
    for x in &f.groups {
        writeln!(
            g,
            "{},{},{},{}",
            x.id,
            x.kind.as_str(),
            opt(x.starts_on),
            opt(x.ends_on)
        )?;
    }
    rows.insert("groups", f.groups.len());
    let mut s = file("seats.csv")?;
    writeln!(
        s,
        "group_id,kind,person_id,organisation_id,term_start,term_end"
    )?;
    for x in &f.seats {
        writeln!(
            s,
            "{},{},{},{},{},{}",
            x.group,
            x.kind.as_str(),
            x.person,
            opt(x.organisation),
            opt(x.from),
            opt(x.to)
        )?;
    }
    rows.insert("seats", f.seats.len());
    let mut sv = file("survey.csv")?;
    writeln!(
        sv,
        "id,organisation_id,yr,entity_type,employment,revenue,exports,rd_investment,new_funding,satisfaction"
    )?;
    for x in &f.survey {
        let v: Vec<String> = x.values.iter().map(|v| opt(*v)).collect();
        writeln!(
            sv,
            "{},{},{},{},{}",
            x.id,
            x.organisation,
            x.year,
            opt(x.entity_type.map(EntityType::as_str)),
            v.join(",")
        )?;
    }
    rows.insert("survey", f.survey.len());
    // The years the queries report, plus the one before (growth rates compare with it).
    let mut y = file("years.csv")?;
    writeln!(y, "yr,y_start,y_end")?;
    for yr in plan.from - 1..=plan.to {
        let p = Period::year(yr);
        writeln!(y, "{},{},{}", yr, p.start, p.end)?;
    }
    for mut f in [acts, links, orgs, people, m, g, s, sv, y] {
        f.flush()?;
    }
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Measure → SQL
//
// Every measure becomes a derived table `(yr, v)` with one row per year of the `years` table
// (the plan's years and the one before), whose NULLs follow the engine: counts and sums over the
// log are 0 when nothing matches, averages and survey sums are NULL, a ratio is NULL when either
// side is NULL or the denominator is 0, a growth rate when either year is NULL or the previous
// one is 0. Dates are compared as columns only (no date literals), so the same text runs on
// SQLite (ISO text dates), PostgreSQL and DuckDB (DATE columns).

struct SqlGen<'a> {
    plan: &'a Plan,
    ancestry: HashMap<String, Vec<String>>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
fn in_list<S: AsRef<str>>(col: &str, vals: &[S]) -> String {
    let v: Vec<String> = vals.iter().map(|s| quote(s.as_ref())).collect();
    format!("{col} IN ({})", v.join(", "))
}
/// Membership `m` active on date expression `d` (both ends included, open ends allowed).
fn active(d: &str) -> String {
    format!("(m.since IS NULL OR m.since <= {d}) AND (m.until IS NULL OR m.until >= {d})")
}
fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    }
}

impl SqlGen<'_> {
    fn indicator(&self, ind: &Indicator) -> Option<String> {
        let body = self.node(&ind.measure, ind.unit)?;
        Some(format!(
            "SELECT q.yr, q.v FROM ({body}) q WHERE q.yr BETWEEN {} AND {} ORDER BY q.yr",
            self.plan.from, self.plan.to
        ))
    }

    fn operand(&self, o: &Operand, unit: Unit) -> Option<String> {
        match o {
            // A referenced indicator is computed as that indicator (its own unit for a ratio).
            Operand::Indicator(code) => {
                let ind = self.plan.indicator(code)?;
                self.node(&ind.measure, ind.unit)
            }
            Operand::Measure(m) => self.node(m, unit),
        }
    }

    fn node(&self, m: &Measure, unit: Unit) -> Option<String> {
        match m {
            Measure::Manual => None,
            Measure::Ratio { num, den } => {
                let n = self.operand(num, unit)?;
                let d = self.operand(den, unit)?;
                let scale = if unit == Unit::Percent { " * 100" } else { "" };
                Some(format!(
                    "SELECT n.yr, CASE WHEN d.v IS NULL OR d.v = 0 OR n.v IS NULL THEN NULL \
                     ELSE CAST(n.v AS FLOAT8) / d.v{scale} END AS v \
                     FROM ({n}) n JOIN ({d}) d ON d.yr = n.yr"
                ))
            }
            Measure::Growth { base } => {
                let b = self.operand(base, unit)?;
                Some(format!(
                    "SELECT c.yr, CASE WHEN c.v IS NULL OR p.v IS NULL OR p.v = 0 THEN NULL \
                     ELSE (CAST(c.v AS FLOAT8) - p.v) / p.v * 100 END AS v \
                     FROM ({b}) c JOIN ({b}) p ON p.yr = c.yr - 1"
                ))
            }
            Measure::Count { of, filter } => Some(self.leaf(*of, "count", "", filter)),
            Measure::Distinct { of, field, filter } => {
                Some(self.leaf(*of, "distinct", field, filter))
            }
            Measure::Sum { of, field, filter } => Some(self.leaf(*of, "sum", field, filter)),
            Measure::Avg { of, field, filter } => Some(self.leaf(*of, "avg", field, filter)),
        }
    }

    /// Conditions on activity `a`; with `member`, the organisation condition of the filter at
    /// the activity level (at least one organisation passes it).
    fn activity_conds(&self, f: &Filter, member: bool) -> Vec<String> {
        let mut c = Vec::new();
        if !f.kind.is_empty() {
            let v: Vec<&str> = f.kind.iter().map(|k| k.as_str()).collect();
            c.push(in_list("a.kind", &v));
        }
        if !f.subtype.is_empty() {
            let v: Vec<&str> = f
                .subtype
                .iter()
                .map(|i| SUBTYPES.get(usize::from(*i)).copied().unwrap_or("?"))
                .collect();
            c.push(in_list("a.subtype", &v));
        }
        if !f.scope.is_empty() {
            let v: Vec<&str> = f.scope.iter().map(|k| k.as_str()).collect();
            c.push(in_list("a.scope", &v));
        }
        if !f.counterpart.is_empty() {
            let v: Vec<&str> = f.counterpart.iter().map(|k| k.as_str()).collect();
            c.push(in_list("a.counterpart", &v));
        }
        if let Some(x) = f.external {
            c.push(format!("a.external = {}", if x { "TRUE" } else { "FALSE" }));
        }
        if !f.items.is_empty() {
            // Linked to the item or to anything under it: the plan's ancestry, resolved here.
            let mut codes: Vec<&String> = self
                .ancestry
                .iter()
                .filter(|(_, up)| up.iter().any(|u| f.items.contains(u)))
                .map(|(c, _)| c)
                .collect();
            codes.sort();
            if codes.is_empty() {
                c.push("1 = 0".into());
            } else {
                c.push(format!(
                    "a.id IN (SELECT l.activity_id FROM activity_links l WHERE {})",
                    in_list("l.item", &codes)
                ));
            }
        }
        if member && let Some(want) = f.member {
            let on = active("a.starts_on");
            c.push(if want {
                format!(
                    "EXISTS (SELECT 1 FROM activity_organisations o JOIN memberships m \
                     ON m.organisation_id = o.organisation_id WHERE o.activity_id = a.id AND {on})"
                )
            } else {
                format!(
                    "EXISTS (SELECT 1 FROM activity_organisations o WHERE o.activity_id = a.id \
                     AND NOT EXISTS (SELECT 1 FROM memberships m \
                     WHERE m.organisation_id = o.organisation_id AND {on}))"
                )
            });
        }
        c
    }

    /// Organisation `o` of activity `a` passes the filter's `member` condition.
    fn org_member_cond(f: &Filter) -> Option<String> {
        f.member.map(|want| {
            format!(
                "{}EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.organisation_id AND {})",
                if want { "" } else { "NOT " },
                active("a.starts_on")
            )
        })
    }

    fn leaf(&self, of: Source, op: &str, field: &str, f: &Filter) -> String {
        let fill = |inner: String, zero: bool| {
            let v = if zero { "COALESCE(t.v, 0)" } else { "t.v" };
            format!("SELECT y.yr, {v} AS v FROM years y LEFT JOIN ({inner}) t ON t.yr = y.yr")
        };
        if of == Source::Activities {
            return match (op, field) {
                ("count", _) => fill(
                    format!(
                        "SELECT a.yr, COUNT(*) AS v FROM activities a{} GROUP BY a.yr",
                        where_clause(&self.activity_conds(f, true))
                    ),
                    true,
                ),
                ("distinct", "person") => fill(
                    format!(
                        "SELECT a.yr, COUNT(DISTINCT p.person_id) AS v FROM activities a \
                         JOIN activity_people p ON p.activity_id = a.id{} GROUP BY a.yr",
                        where_clause(&self.activity_conds(f, true))
                    ),
                    true,
                ),
                ("distinct", _) => {
                    let mut c = self.activity_conds(f, false);
                    c.extend(Self::org_member_cond(f));
                    fill(
                        format!(
                            "SELECT a.yr, COUNT(DISTINCT o.organisation_id) AS v FROM activities a \
                             JOIN activity_organisations o ON o.activity_id = a.id{} GROUP BY a.yr",
                            where_clause(&c)
                        ),
                        true,
                    )
                }
                (_, "organisations") => {
                    let member = Self::org_member_cond(f)
                        .map(|c| format!(" AND {c}"))
                        .unwrap_or_default();
                    let agg = if op == "sum" { "SUM" } else { "AVG" };
                    fill(
                        format!(
                            "SELECT x.yr, CAST({agg}(x.n) AS FLOAT8) AS v FROM (SELECT a.yr, \
                             (SELECT COUNT(*) FROM activity_organisations o WHERE o.activity_id = a.id{member}) AS n \
                             FROM activities a{}) x GROUP BY x.yr",
                            where_clause(&self.activity_conds(f, true))
                        ),
                        op == "sum",
                    )
                }
                (_, num) => {
                    let (col, div) = if num == "amount" {
                        ("a.amount_cents", " / 100")
                    } else {
                        ("a.attendees", "")
                    };
                    let agg = if op == "sum" { "SUM" } else { "AVG" };
                    fill(
                        format!(
                            "SELECT a.yr, CAST({agg}({col}) AS FLOAT8){div} AS v FROM activities a{} GROUP BY a.yr",
                            where_clause(&self.activity_conds(f, true))
                        ),
                        op == "sum",
                    )
                }
            };
        }
        let entity = |col: &str| {
            (!f.entity_type.is_empty()).then(|| {
                let v: Vec<&str> = f.entity_type.iter().map(|e| e.as_str()).collect();
                in_list(col, &v)
            })
        };
        let group_kind = |col: &str| {
            (!f.group_kind.is_empty()).then(|| {
                let v: Vec<&str> = f.group_kind.iter().map(|e| e.as_str()).collect();
                in_list(col, &v)
            })
        };
        let (table, mut on, count_col, org_col) = match of {
            Source::Members => (
                "memberships m",
                vec![
                    "(m.since IS NULL OR m.since <= y.y_end)".to_string(),
                    "(m.until IS NULL OR m.until >= y.y_end)".to_string(),
                ],
                "m.id",
                "m.organisation_id",
            ),
            Source::NewMembers => (
                "memberships m",
                vec!["m.since >= y.y_start AND m.since <= y.y_end".to_string()],
                "m.id",
                "m.organisation_id",
            ),
            Source::Groups => (
                "cluster_groups g",
                vec![
                    "(g.starts_on IS NULL OR g.starts_on <= y.y_end)".to_string(),
                    "(g.ends_on IS NULL OR g.ends_on >= y.y_start)".to_string(),
                ],
                "g.id",
                "NULL",
            ),
            Source::GroupMembers => (
                "seats s",
                vec![
                    "(s.term_start IS NULL OR s.term_start <= y.y_end)".to_string(),
                    "(s.term_end IS NULL OR s.term_end >= y.y_start)".to_string(),
                ],
                "s.group_id",
                "s.organisation_id",
            ),
            Source::Survey | Source::Activities => (
                "survey s",
                vec!["s.yr = y.yr".to_string()],
                "s.id",
                "s.organisation_id",
            ),
        };
        match of {
            Source::Members | Source::NewMembers => {
                on.extend(entity("m.entity_type"));
                if !f.typology.is_empty() {
                    on.push(in_list("m.typology", &f.typology));
                }
            }
            Source::Groups => on.extend(group_kind("g.kind")),
            Source::GroupMembers => on.extend(group_kind("s.kind")),
            _ => on.extend(entity("s.entity_type")),
        }
        let agg = match op {
            "count" => format!("COUNT({count_col})"),
            "distinct" => format!("COUNT(DISTINCT {org_col})"),
            "sum" => format!("SUM(s.{field})"),
            _ => format!("AVG(s.{field})"),
        };
        format!(
            "SELECT y.yr, {agg} AS v FROM years y LEFT JOIN {table} ON {} GROUP BY y.yr",
            on.join(" AND ")
        )
    }
}

fn has_manual(plan: &Plan, m: &Measure, depth: usize) -> bool {
    let op = |o: &Operand| match o {
        Operand::Indicator(c) => plan
            .indicator(c)
            .is_none_or(|i| depth > 8 || has_manual(plan, &i.measure, depth + 1)),
        Operand::Measure(m) => has_manual(plan, m, depth + 1),
    };
    match m {
        Measure::Manual => true,
        Measure::Ratio { num, den } => op(num) || op(den),
        Measure::Growth { base } => op(base),
        _ => false,
    }
}

fn write_queries(dir: &Path, plan: &Plan) -> Res<(usize, Vec<String>)> {
    let g = SqlGen {
        plan,
        ancestry: plan.ancestry(),
    };
    let mut out = String::new();
    writeln!(
        out,
        "-- Generated by crates/plan/examples/scorecard_bench.rs from plan {}: one query per indicator,\n\
         -- `CODE<TAB>SQL`, each answering (yr, v) for {}..{}. Tables: see bench/scorecard/peers.py.",
        plan.code, plan.from, plan.to
    )?;
    let mut manual = Vec::new();
    let mut n = 0;
    for ind in &plan.indicators {
        if has_manual(plan, &ind.measure, 0) {
            writeln!(
                out,
                "-- {}\tmanual: entered by staff, no SQL equivalent",
                ind.code
            )?;
            manual.push(ind.code.clone());
            continue;
        }
        match g.indicator(ind) {
            Some(sql) => {
                writeln!(out, "{}\t{}", ind.code, sql)?;
                n += 1;
            }
            None => {
                writeln!(out, "-- {}\tno SQL", ind.code)?;
                manual.push(ind.code.clone());
            }
        }
    }
    std::fs::write(dir.join("queries.sql"), out)?;
    Ok((n, manual))
}

// ---------------------------------------------------------------------------------------------
// Timing

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}
fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i]
}
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}
fn emit(v: Json) {
    println!("{v}");
}

fn boards(e: &Engine, years: &[i32], today: Date) -> Vec<Vec<Option<f64>>> {
    years
        .iter()
        .map(|y| {
            e.board(&Period::year(*y), today)
                .iter()
                .map(|(_, v)| v.value)
                .collect()
        })
        .collect()
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

fn main() -> Res<()> {
    let args = args()?;
    let text =
        std::fs::read_to_string(&args.plan).map_err(|e| format!("{}: {e}", args.plan.display()))?;
    let plan = Plan::parse(&text).map_err(|errs| format!("plan does not parse: {errs:?}"))?;
    let years: Vec<i32> = (plan.from..=plan.to).collect();
    let today = Period::year(plan.to).end.next_day().unwrap_or(Date::MAX);

    // 1. Generate.
    let t = Instant::now();
    let mut rng = Rng(args.seed);
    let mut world = World::new(&plan, &mut rng);
    let acts: Vec<Activity> = (1..=args.n as i64)
        .map(|id| world.activity(&mut rng, id, None))
        .collect();
    world.facts.activities = acts;
    let gen_ms = ms(t);

    // 2. CSV and SQL.
    let t = Instant::now();
    let rows = write_csv(&args.out, &plan, &world)?;
    let (queries, manual) = write_queries(&args.out, &plan)?;
    emit(json!({
        "event": "generated", "plan": plan.code, "n": args.n, "seed": args.seed,
        "rows": rows, "indicators": plan.indicators.len(), "queries": queries,
        "manual": manual, "generate_ms": gen_ms, "write_ms": ms(t),
        "out": args.out.display().to_string(),
    }));

    // 3a. Full recompute: Engine::new over every fact (the clone is not timed).
    let mut build = Vec::new();
    let mut engine = None;
    for _ in 0..args.runs {
        let facts = world.facts.clone();
        let p = plan.clone();
        let t = Instant::now();
        let e = Engine::new(p, facts, 1);
        build.push(ms(t));
        engine = Some(e);
    }
    let mut engine = engine.ok_or("no run")?;
    let build_runs = build.clone();
    emit(
        json!({"event": "build", "what": "Engine::new over all facts", "runs_ms": build_runs,
        "median_ms": median(&mut build)}),
    );

    // 3b. The board of every plan year, on the built engine.
    let mut board = Vec::new();
    let mut values = Vec::new();
    for _ in 0..args.runs.max(5) {
        let t = Instant::now();
        values = boards(&engine, &years, today);
        board.push(ms(t));
    }
    let board_runs = board.clone();
    emit(
        json!({"event": "board", "what": "board() for every plan year", "years": years,
        "indicators": plan.indicators.len(), "runs_ms": board_runs, "median_ms": median(&mut board)}),
    );

    let mut per: BTreeMap<String, Json> = BTreeMap::new();
    for (i, ind) in plan.indicators.iter().enumerate() {
        let by_year: BTreeMap<String, Option<f64>> = years
            .iter()
            .zip(&values)
            .map(|(y, row)| (y.to_string(), row[i]))
            .collect();
        per.insert(
            ind.code.clone(),
            json!({"unit": ind.unit.as_str(), "manual": manual.contains(&ind.code), "values": by_year}),
        );
    }
    std::fs::write(
        args.out.join("values.json"),
        serde_json::to_string_pretty(&json!({
            "plan": plan.code, "n": args.n, "seed": args.seed, "years": years, "indicators": per,
        }))?,
    )?;

    // 3c. Incremental: one new activity, then the board of its year.
    if args.incremental > 0 {
        let mut total = Vec::new();
        let mut up = Vec::new();
        let mut brd = Vec::new();
        let mut added = Vec::new();
        for k in 0..args.incremental {
            let a = world.activity(&mut rng, (args.n + 1 + k) as i64, None);
            let y = a.date.year();
            let t0 = Instant::now();
            engine.upsert(&a);
            let t1 = Instant::now();
            let b = engine.board(&Period::year(y), today);
            let t2 = Instant::now();
            std::hint::black_box(&b);
            drop(b);
            up.push((t1 - t0).as_secs_f64() * 1e6);
            brd.push((t2 - t1).as_secs_f64() * 1e6);
            total.push((t2 - t0).as_secs_f64() * 1e6);
            added.push(a);
        }
        // Where the slowest one was (the first upsert after a build can grow the engine's vectors).
        let (max_at, max) = total
            .iter()
            .copied()
            .enumerate()
            .fold((0, 0.0), |m, (i, x)| if x > m.1 { (i, x) } else { m });
        emit(
            json!({"event": "incremental", "what": "upsert(new activity) + board(its year)",
            "n": args.incremental,
            "median_us": median(&mut total), "p99_us": pct(&mut total, 0.99), "max_us": max,
            "max_at": max_at,
            "upsert_median_us": median(&mut up), "upsert_p99_us": pct(&mut up, 0.99),
            "board_median_us": median(&mut brd), "board_p99_us": pct(&mut brd, 0.99)}),
        );

        // The incrementally moved engine must agree with a fresh build over the same facts.
        let mut facts = world.facts.clone();
        facts.activities.extend(added);
        let fresh = Engine::new(plan.clone(), facts, 2);
        let a = boards(&engine, &years, today);
        let b = boards(&fresh, &years, today);
        let mut diffs = Vec::new();
        for (yi, (ra, rb)) in a.iter().zip(&b).enumerate() {
            for (i, (x, y)) in ra.iter().zip(rb).enumerate() {
                if !close(*x, *y) {
                    diffs.push(format!(
                        "{} {}: incremental {x:?} vs rebuilt {y:?}",
                        plan.indicators[i].code, years[yi]
                    ));
                }
            }
        }
        emit(json!({"event": "consistency", "ok": diffs.is_empty(), "diffs": diffs}));
    }
    Ok(())
}
