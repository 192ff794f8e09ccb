//! The indicator engine. It keeps the activity log of one cluster in memory with, for every
//! measure over activities, running totals per month; a new, changed or deleted activity moves
//! those totals by itself (microseconds), and a year or a semester is read by adding twelve or six
//! monthly totals. Measures over memberships, groups and the survey are computed on demand: those
//! records are few. Every value can be traced back to the records that produced it.

use crate::file::{Indicator, Plan};
use crate::measure::{Filter, Measure, Operand, Source};
use crate::period::{Period, month_index};
use clusterhub_core::model::{
    ActivityKind, Counterpart, EntityType, GroupKind, SUBTYPES, Scope, Unit,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use time::Date;

/// One entry of the activity log as the engine sees it; governance meetings come in too, with
/// `meeting = true`, so nobody types them twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: i64,
    pub meeting: bool,
    pub date: Date,
    pub kind: ActivityKind,
    /// Index into `SUBTYPES`.
    pub subtype: Option<u8>,
    pub scope: Option<Scope>,
    pub counterpart: Option<Counterpart>,
    pub external: bool,
    pub attendees: i64,
    pub amount_cents: i64,
    /// Plan item codes the activity is linked to (pillars, lines, actions).
    pub items: Vec<String>,
    pub organisations: Vec<i64>,
    pub people: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub id: i64,
    pub organisation: i64,
    pub since: Option<Date>,
    pub until: Option<Date>,
    pub typology: String,
    pub entity_type: Option<EntityType>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: i64,
    pub kind: GroupKind,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
}

/// A person's seat in a group, counted for the organisation the person works for.
#[derive(Debug, Clone)]
pub struct Seat {
    pub group: i64,
    pub kind: GroupKind,
    pub person: i64,
    pub organisation: Option<i64>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// Survey fields in the order of `SURVEY_FIELDS`.
pub const SURVEY_FIELDS: [&str; 6] = [
    "employment",
    "revenue",
    "exports",
    "rd_investment",
    "new_funding",
    "satisfaction",
];

#[derive(Debug, Clone)]
pub struct SurveyAnswer {
    pub id: i64,
    pub organisation: i64,
    pub year: i32,
    pub entity_type: Option<EntityType>,
    pub values: [Option<f64>; 6],
}

#[derive(Debug, Clone)]
pub struct ManualValue {
    pub id: i64,
    pub indicator: String,
    pub year: i32,
    pub value: f64,
}

/// Everything the indicators are computed from, as loaded by the `db` crate.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub activities: Vec<Activity>,
    pub memberships: Vec<Membership>,
    pub groups: Vec<Group>,
    pub seats: Vec<Seat>,
    pub survey: Vec<SurveyAnswer>,
    pub manual: Vec<ManualValue>,
}

/// A record behind a value, for the drill-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Record {
    Activity(i64),
    Meeting(i64),
    Membership(i64),
    Group(i64),
    Seat(i64, i64),
    SurveyAnswer(i64),
    ManualValue(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Amber,
    Red,
    /// No target or no value yet.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Value {
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub light: Light,
}

// ---------------------------------------------------------------------------------------------
// Compiled form

#[derive(Debug, Clone, Copy, PartialEq)]
enum LeafOp {
    Count,
    DistinctOrganisation,
    DistinctPerson,
    Sum(NumField),
    Avg(NumField),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum NumField {
    Amount,
    Attendees,
    Organisations,
}

/// A filter over activities with every list turned into a bit mask.
#[derive(Debug, Clone, Default)]
struct Mask {
    kinds: u32,
    subtypes: u64,
    scopes: u32,
    counterparts: u32,
    external: Option<bool>,
    items: Vec<u32>,
    member: Option<bool>,
}

fn bits<T: Copy>(list: &[T], index: impl Fn(T) -> usize) -> u32 {
    list.iter().fold(0, |m, x| m | (1 << index(*x)))
}
fn pos<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|a| a == x).unwrap_or(0)
}

/// A multiplicative hash for integer keys (the idea of rustc's FxHash): the standard SipHash
/// guards against attacker-chosen keys, which record ids are not, and costs most of a build.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(w));
        }
        for b in chunks.remainder() {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;
type FxSet<K> = HashSet<K, std::hash::BuildHasherDefault<Fx>>;

#[derive(Debug, Default, Clone)]
struct Acc {
    count: i64,
    sum: f64,
    /// Multiset, so that removing one activity removes exactly its share.
    distinct: FxMap<i64, u32>,
}

impl Acc {
    fn is_empty(&self) -> bool {
        self.count == 0 && self.sum == 0.0 && self.distinct.is_empty()
    }
    fn merge(&mut self, other: Acc) {
        self.count += other.count;
        self.sum += other.sum;
        for (id, n) in other.distinct {
            *self.distinct.entry(id).or_default() += n;
        }
    }
    fn bump(&mut self, id: i64, sign: i64) {
        let e = self.distinct.entry(id).or_default();
        if sign > 0 {
            *e += 1;
        } else {
            *e = e.saturating_sub(1);
            if *e == 0 {
                self.distinct.remove(&id);
            }
        }
    }
}

#[derive(Debug)]
struct Leaf {
    op: LeafOp,
    mask: Mask,
    /// Totals per month, and per year so a year's board needs no merging.
    months: BTreeMap<i32, Acc>,
    years: BTreeMap<i32, Acc>,
}

/// The totals of every leaf, as one thread of a build computes them.
type Totals = Vec<(BTreeMap<i32, Acc>, BTreeMap<i32, Acc>)>;

/// An indicator's measure with indicator references resolved to indexes.
#[derive(Debug)]
enum Node {
    Leaf(usize),
    Direct(Box<Measure>),
    Ratio(Box<Node>, Box<Node>),
    Growth(Box<Node>),
    Ref(usize),
    Manual,
}

/// The lists of the stored activities, one flat vector each; a fact holds (start, length).
#[derive(Default)]
struct Arenas {
    items: Vec<u32>,
    orgs: Vec<i64>,
    people: Vec<i64>,
}

impl Arenas {
    /// Appends an activity's lists and returns its compact form. `up` gives each plan item's
    /// id and its parents' ids, so a link to an action also counts for its line and pillar.
    fn encode(
        &mut self,
        up: &FxMap<String, Vec<u32>>,
        a: &Activity,
        scratch: &mut Vec<u32>,
    ) -> Fact {
        scratch.clear();
        scratch.extend(a.items.iter().filter_map(|c| up.get(c)).flatten().copied());
        scratch.sort_unstable();
        scratch.dedup();
        let span = |start: usize, len: usize| (start as u32, len as u32);
        let f = Fact {
            id: a.id,
            meeting: a.meeting,
            date: a.date,
            kind: pos(ActivityKind::ALL, &a.kind) as u8,
            subtype: a.subtype.unwrap_or(NONE),
            scope: a.scope.map_or(NONE, |s| pos(Scope::ALL, &s) as u8),
            counterpart: a
                .counterpart
                .map_or(NONE, |c| pos(Counterpart::ALL, &c) as u8),
            external: a.external,
            attendees: a.attendees,
            amount: a.amount_cents,
            items: span(self.items.len(), scratch.len()),
            orgs: span(self.orgs.len(), a.organisations.len()),
            people: span(self.people.len(), a.people.len()),
            live: true,
        };
        self.items.extend_from_slice(scratch);
        self.orgs.extend_from_slice(&a.organisations);
        self.people.extend_from_slice(&a.people);
        f
    }
}

/// Activities stored compactly: their lists live in shared arenas.
#[derive(Debug, Clone, Copy)]
struct Fact {
    id: i64,
    meeting: bool,
    date: Date,
    kind: u8,
    subtype: u8,
    scope: u8,
    counterpart: u8,
    external: bool,
    attendees: i64,
    amount: i64,
    items: (u32, u32),
    orgs: (u32, u32),
    people: (u32, u32),
    live: bool,
}

const NONE: u8 = u8::MAX;

/// A membership from `since` to `until`, open at either end.
type Span = (Option<Date>, Option<Date>);

pub struct Engine {
    plan: Plan,
    nodes: Vec<Node>,
    leaves: Vec<Leaf>,
    /// Interned ids of every plan item, and for each code the ids of itself and its parents.
    item_ids: HashMap<String, u32>,
    item_up: FxMap<String, Vec<u32>>,
    /// For each activity kind, the leaves that may count it (their kind filter includes it).
    by_kind: Vec<Vec<usize>>,
    facts: Vec<Fact>,
    slot: FxMap<(bool, i64), usize>,
    /// Reused buffer for an activity's item ids while storing it.
    scratch: Vec<u32>,
    arenas: Arenas,
    member_spans: FxMap<i64, Vec<Span>>,
    others: Facts,
    index: Index,
    /// The data version the engine reflects (see `db::plans::facts_version`).
    pub version: i64,
}

impl Engine {
    /// Builds the engine and computes every monthly total in one pass over the activities.
    pub fn new(plan: Plan, facts: Facts, version: i64) -> Self {
        let ancestry = plan.ancestry();
        let mut item_ids = HashMap::new();
        for code in ancestry.keys() {
            let next = item_ids.len() as u32;
            item_ids.entry(code.clone()).or_insert(next);
        }
        let item_up = ancestry
            .iter()
            .map(|(code, up)| {
                let ids = up.iter().filter_map(|u| item_ids.get(u).copied()).collect();
                (code.clone(), ids)
            })
            .collect();
        // Room for the activities recorded after the build, so the first one copies nothing.
        let room = facts.activities.len() + facts.activities.len() / 8 + 1024;
        let mut e = Engine {
            plan,
            nodes: Vec::new(),
            leaves: Vec::new(),
            item_ids,
            item_up,
            by_kind: Vec::new(),
            facts: Vec::with_capacity(room),
            slot: FxMap::with_capacity_and_hasher(room, Default::default()),
            scratch: Vec::new(),
            arenas: Arenas::default(),
            member_spans: FxMap::default(),
            others: Facts::default(),
            index: Index::default(),
            version,
        };
        for m in &facts.memberships {
            e.member_spans
                .entry(m.organisation)
                .or_default()
                .push((m.since, m.until));
        }
        let codes: Vec<String> = e.plan.indicators.iter().map(|i| i.code.clone()).collect();
        let nodes: Vec<Node> = e
            .plan
            .indicators
            .clone()
            .iter()
            .map(|i| e.compile(&i.measure, &codes))
            .collect();
        e.nodes = nodes;
        e.by_kind = (0..ActivityKind::ALL.len())
            .map(|k| {
                (0..e.leaves.len())
                    .filter(|i| {
                        let kinds = e.leaves[*i].mask.kinds;
                        kinds == 0 || kinds & (1 << k) != 0
                    })
                    .collect()
            })
            .collect();
        let Facts {
            activities,
            memberships,
            groups,
            seats,
            survey,
            manual,
        } = facts;
        e.others = Facts {
            activities: Vec::new(),
            memberships,
            groups,
            seats,
            survey,
            manual,
        };
        e.index = Index::new(&e.others);
        e.store_all(&activities);
        // Freeing the input is real work at a million activities: let it overlap the totals.
        std::thread::scope(|sc| {
            sc.spawn(move || drop(activities));
            e.recompute();
        });
        e
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Rebuilds every total from the stored activities (what `new` does once), splitting the
    /// activities between the machine's cores and adding up their totals.
    pub fn recompute(&mut self) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let chunk = self.facts.len().div_ceil(threads).max(1);
        let this = &*self;
        let parts: Vec<Totals> = std::thread::scope(|sc| {
            let running: Vec<_> = this
                .facts
                .chunks(chunk)
                .map(|part| sc.spawn(move || this.totals(part)))
                .collect();
            running
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for l in &mut self.leaves {
            l.months.clear();
            l.years.clear();
        }
        for part in parts {
            for (leaf, (months, years)) in self.leaves.iter_mut().zip(part) {
                for (k, acc) in months {
                    leaf.months.entry(k).or_default().merge(acc);
                }
                for (k, acc) in years {
                    leaf.years.entry(k).or_default().merge(acc);
                }
            }
        }
    }

    /// The totals of some activities, for one thread of [`Engine::recompute`].
    fn totals(&self, facts: &[Fact]) -> Totals {
        let mut out: Totals = self.leaves.iter().map(|_| Default::default()).collect();
        for f in facts.iter().filter(|f| f.live) {
            let (month, year) = (month_index(f.date), f.date.year());
            for &i in &self.by_kind[usize::from(f.kind)] {
                let leaf = &self.leaves[i];
                if self.counts(&leaf.mask, f) {
                    let (months, years) = &mut out[i];
                    self.feed(leaf.op, &leaf.mask, f, months.entry(month).or_default(), 1);
                    self.feed(leaf.op, &leaf.mask, f, years.entry(year).or_default(), 1);
                }
            }
        }
        out
    }

    fn compile(&mut self, m: &Measure, codes: &[String]) -> Node {
        let operand = |e: &mut Self, o: &Operand| match o {
            Operand::Indicator(c) => Node::Ref(pos(codes, c)),
            Operand::Measure(m) => e.compile(m, codes),
        };
        match m {
            Measure::Ratio { num, den } => {
                Node::Ratio(Box::new(operand(self, num)), Box::new(operand(self, den)))
            }
            Measure::Growth { base } => Node::Growth(Box::new(operand(self, base))),
            Measure::Manual => Node::Manual,
            Measure::Count { of, filter }
            | Measure::Distinct { of, filter, .. }
            | Measure::Sum { of, filter, .. }
            | Measure::Avg { of, filter, .. }
                if *of == Source::Activities =>
            {
                let op = match m {
                    Measure::Count { .. } => LeafOp::Count,
                    Measure::Distinct { field, .. } if field == "person" => LeafOp::DistinctPerson,
                    Measure::Distinct { .. } => LeafOp::DistinctOrganisation,
                    Measure::Sum { field, .. } => LeafOp::Sum(num_field(field)),
                    Measure::Avg { field, .. } => LeafOp::Avg(num_field(field)),
                    _ => LeafOp::Count,
                };
                let mask = self.mask(filter);
                self.leaves.push(Leaf {
                    op,
                    mask,
                    months: BTreeMap::new(),
                    years: BTreeMap::new(),
                });
                Node::Leaf(self.leaves.len() - 1)
            }
            other => Node::Direct(Box::new(other.clone())),
        }
    }

    fn mask(&self, f: &Filter) -> Mask {
        Mask {
            kinds: bits(&f.kind, |k| pos(ActivityKind::ALL, &k)),
            subtypes: f.subtype.iter().fold(0, |m, s| m | (1u64 << s)),
            scopes: bits(&f.scope, |s| pos(Scope::ALL, &s)),
            counterparts: bits(&f.counterpart, |c| pos(Counterpart::ALL, &c)),
            external: f.external,
            // An unknown item matches nothing rather than everything.
            items: f
                .items
                .iter()
                .map(|c| self.item_ids.get(c).copied().unwrap_or(u32::MAX))
                .collect(),
            member: f.member,
        }
    }

    fn store(&mut self, a: &Activity) -> Fact {
        let f = self.arenas.encode(&self.item_up, a, &mut self.scratch);
        match self.slot.get(&(a.meeting, a.id)) {
            Some(&i) => self.facts[i] = f,
            None => {
                self.slot.insert((a.meeting, a.id), self.facts.len());
                self.facts.push(f);
            }
        }
        f
    }

    /// Encodes all activities of a build, a share per core, and indexes them by id.
    fn store_all(&mut self, activities: &[Activity]) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let chunk = activities.len().div_ceil(threads).max(1);
        let up = &self.item_up;
        let parts: Vec<(Vec<Fact>, Arenas)> = std::thread::scope(|sc| {
            let running: Vec<_> = activities
                .chunks(chunk)
                .map(|part| {
                    sc.spawn(move || {
                        let mut arenas = Arenas::default();
                        let mut scratch = Vec::new();
                        let facts = part
                            .iter()
                            .map(|a| arenas.encode(up, a, &mut scratch))
                            .collect::<Vec<_>>();
                        (facts, arenas)
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for (facts, arenas) in parts {
            let base = (
                self.arenas.items.len() as u32,
                self.arenas.orgs.len() as u32,
                self.arenas.people.len() as u32,
            );
            self.facts.extend(facts.into_iter().map(|mut f| {
                f.items.0 += base.0;
                f.orgs.0 += base.1;
                f.people.0 += base.2;
                f
            }));
            self.arenas.items.extend(arenas.items);
            self.arenas.orgs.extend(arenas.orgs);
            self.arenas.people.extend(arenas.people);
        }
        // Room for what is recorded after the build, so the first new activity copies nothing.
        let a = &mut self.arenas;
        a.items.reserve(a.items.len() / 8 + 1024);
        a.orgs.reserve(a.orgs.len() / 8 + 1024);
        a.people.reserve(a.people.len() / 8 + 1024);
        // The same activity given twice counts once, as the last one given.
        for i in 0..self.facts.len() {
            let key = (self.facts[i].meeting, self.facts[i].id);
            if let Some(before) = self.slot.insert(key, i) {
                self.facts[before].live = false;
            }
        }
    }

    /// Adds or replaces one activity and moves the totals it touches; nothing else is recomputed.
    pub fn upsert(&mut self, a: &Activity) {
        if let Some(&i) = self.slot.get(&(a.meeting, a.id)) {
            let old = self.facts[i];
            if old.live {
                self.apply(&old, -1);
            }
        }
        let f = self.store(a);
        self.apply(&f, 1);
    }

    pub fn remove(&mut self, meeting: bool, id: i64) {
        if let Some(i) = self.slot.remove(&(meeting, id)) {
            let old = self.facts[i];
            if old.live {
                self.apply(&old, -1);
                self.facts[i].live = false;
            }
        }
    }

    fn is_member(&self, org: i64, d: Date) -> bool {
        self.member_spans.get(&org).is_some_and(|spans| {
            spans
                .iter()
                .any(|(s, u)| s.is_none_or(|s| s <= d) && u.is_none_or(|u| u >= d))
        })
    }

    fn matches(&self, m: &Mask, f: &Fact) -> bool {
        let has = |mask: u64, v: u8| mask == 0 || (v != NONE && mask & (1u64 << v) != 0);
        has(u64::from(m.kinds), f.kind)
            && has(m.subtypes, f.subtype)
            && has(u64::from(m.scopes), f.scope)
            && has(u64::from(m.counterparts), f.counterpart)
            && m.external.is_none_or(|x| x == f.external)
            && (m.items.is_empty() || {
                let items =
                    &self.arenas.items[f.items.0 as usize..(f.items.0 + f.items.1) as usize];
                m.items.iter().any(|i| items.binary_search(i).is_ok())
            })
    }

    fn orgs(&self, f: &Fact) -> &[i64] {
        &self.arenas.orgs[f.orgs.0 as usize..(f.orgs.0 + f.orgs.1) as usize]
    }
    fn people(&self, f: &Fact) -> &[i64] {
        &self.arenas.people[f.people.0 as usize..(f.people.0 + f.people.1) as usize]
    }

    /// Organisations of an activity that pass the leaf's `member` condition.
    fn counted_orgs<'a>(&'a self, m: &'a Mask, f: &'a Fact) -> impl Iterator<Item = i64> + 'a {
        self.orgs(f).iter().copied().filter(move |o| {
            m.member
                .is_none_or(|want| self.is_member(*o, f.date) == want)
        })
    }

    /// Whether a fact counts for a leaf at all (a `member = true` count needs one member).
    fn counts(&self, mask: &Mask, f: &Fact) -> bool {
        self.matches(mask, f)
            && (mask.member.is_none() || self.counted_orgs(mask, f).next().is_some())
    }

    fn feed(&self, op: LeafOp, mask: &Mask, f: &Fact, acc: &mut Acc, sign: i64) {
        match op {
            LeafOp::Count => acc.count += sign,
            LeafOp::DistinctOrganisation => {
                for o in self.counted_orgs(mask, f) {
                    acc.bump(o, sign);
                }
            }
            LeafOp::DistinctPerson => {
                for p in self.people(f) {
                    acc.bump(*p, sign);
                }
            }
            LeafOp::Sum(n) | LeafOp::Avg(n) => {
                let v = match n {
                    NumField::Amount => f.amount as f64 / 100.0,
                    NumField::Attendees => f.attendees as f64,
                    NumField::Organisations => self.counted_orgs(mask, f).count() as f64,
                };
                acc.count += sign;
                acc.sum += sign as f64 * v;
            }
        }
    }

    fn apply(&mut self, f: &Fact, sign: i64) {
        let (month, year) = (month_index(f.date), f.date.year());
        // Take the leaves out so `feed` can read the arenas while totals change.
        let mut leaves = std::mem::take(&mut self.leaves);
        for &i in &self.by_kind[usize::from(f.kind)] {
            let leaf = &mut leaves[i];
            if !self.counts(&leaf.mask, f) {
                continue;
            }
            for (bucket, key) in [(&mut leaf.months, month), (&mut leaf.years, year)] {
                let acc = bucket.entry(key).or_default();
                self.feed(leaf.op, &leaf.mask, f, acc, sign);
                if acc.is_empty() {
                    bucket.remove(&key);
                }
            }
        }
        self.leaves = leaves;
    }

    fn leaf_value(&self, i: usize, p: &Period) -> Option<f64> {
        let leaf = &self.leaves[i];
        let mut total = Acc::default();
        let mut ids: FxSet<i64> = FxSet::default();
        let mut add = |buckets: &BTreeMap<i32, Acc>, a: i32, b: i32| {
            for acc in buckets.range(a..=b).map(|(_, acc)| acc) {
                total.count += acc.count;
                total.sum += acc.sum;
                ids.extend(acc.distinct.keys());
            }
        };
        match (p.whole_years(), p.whole_months()) {
            (Some((a, b)), _) => add(&leaf.years, a, b),
            (None, Some((a, b))) => add(&leaf.months, a, b),
            (None, None) => {
                for f in self.facts.iter().filter(|f| f.live && p.contains(f.date)) {
                    if self.counts(&leaf.mask, f) {
                        self.feed(leaf.op, &leaf.mask, f, &mut total, 1);
                    }
                }
                ids.extend(total.distinct.keys());
            }
        }
        Some(match leaf.op {
            LeafOp::Count => total.count as f64,
            LeafOp::DistinctOrganisation | LeafOp::DistinctPerson => ids.len() as f64,
            LeafOp::Sum(_) => total.sum,
            LeafOp::Avg(_) if total.count == 0 => return None,
            LeafOp::Avg(_) => total.sum / total.count as f64,
        })
    }

    fn node_value(&self, n: &Node, p: &Period, indicator: usize) -> Option<f64> {
        match n {
            Node::Leaf(i) => self.leaf_value(*i, p),
            Node::Direct(m) => direct_value(&self.others, &self.index, m, p),
            Node::Ref(i) => self.node_value(&self.nodes[*i], p, *i),
            Node::Ratio(num, den) => {
                let d = self.node_value(den, p, indicator)?;
                let n = self.node_value(num, p, indicator)?;
                let scale = if self.plan.indicators[indicator].unit == Unit::Percent {
                    100.0
                } else {
                    1.0
                };
                (d != 0.0).then(|| n / d * scale)
            }
            Node::Growth(base) => {
                let now = self.node_value(base, p, indicator)?;
                let before = self.node_value(base, &p.previous(), indicator)?;
                (before != 0.0).then(|| (now - before) / before * 100.0)
            }
            Node::Manual => {
                let code = &self.plan.indicators[indicator].code;
                self.others
                    .manual
                    .iter()
                    .filter(|v| {
                        &v.indicator == code && v.year >= p.start.year() && v.year <= p.end.year()
                    })
                    .max_by_key(|v| (v.year, v.id))
                    .map(|v| v.value)
            }
        }
    }

    fn index(&self, code: &str) -> Option<usize> {
        self.plan.indicators.iter().position(|i| i.code == code)
    }

    /// The value of one indicator over a period, its target and traffic light. `today` lets a
    /// running year be judged against the share of its target that should be reached by now.
    pub fn evaluate(&self, code: &str, p: &Period, today: Date) -> Option<Value> {
        let i = self.index(code)?;
        let ind = &self.plan.indicators[i];
        let value = self.node_value(&self.nodes[i], p, i);
        let target = target_for(ind, p, today);
        Some(Value {
            value,
            target,
            light: light(value, target, ind.up),
        })
    }

    /// Every indicator over one period, in plan order.
    pub fn board(&self, p: &Period, today: Date) -> Vec<(&Indicator, Value)> {
        self.plan
            .indicators
            .iter()
            .filter_map(|i| Some((i, self.evaluate(&i.code, p, today)?)))
            .collect()
    }

    /// The records behind a value, each with the part of the formula it feeds (`""` for a plain
    /// measure, `num`/`den` for a ratio, `previous` for the base of a growth rate).
    pub fn records(&self, code: &str, p: &Period) -> Vec<(&'static str, Record)> {
        let Some(i) = self.index(code) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        self.node_records(&self.nodes[i], p, i, "", &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn node_records(
        &self,
        n: &Node,
        p: &Period,
        indicator: usize,
        role: &'static str,
        out: &mut Vec<(&'static str, Record)>,
    ) {
        match n {
            Node::Leaf(i) => {
                let leaf = &self.leaves[*i];
                for f in self.facts.iter().filter(|f| f.live && p.contains(f.date)) {
                    if self.counts(&leaf.mask, f) {
                        let r = if f.meeting {
                            Record::Meeting(f.id)
                        } else {
                            Record::Activity(f.id)
                        };
                        out.push((role, r));
                    }
                }
            }
            Node::Direct(m) => out.extend(direct_records(&self.others, m, p).map(|r| (role, r))),
            Node::Ref(i) => self.node_records(&self.nodes[*i], p, *i, role, out),
            Node::Ratio(num, den) => {
                self.node_records(num, p, indicator, "num", out);
                self.node_records(den, p, indicator, "den", out);
            }
            Node::Growth(base) => {
                self.node_records(base, p, indicator, role, out);
                self.node_records(base, &p.previous(), indicator, "previous", out);
            }
            Node::Manual => {
                let code = &self.plan.indicators[indicator].code;
                out.extend(
                    self.others
                        .manual
                        .iter()
                        .filter(|v| {
                            &v.indicator == code
                                && v.year >= p.start.year()
                                && v.year <= p.end.year()
                        })
                        .map(|v| (role, Record::ManualValue(v.id))),
                );
            }
        }
    }
}

fn num_field(f: &str) -> NumField {
    match f {
        "amount" => NumField::Amount,
        "attendees" => NumField::Attendees,
        _ => NumField::Organisations,
    }
}

/// Memberships, groups, seats and survey answers that a non-activity measure counts.
fn direct_records<'a>(
    facts: &'a Facts,
    m: &'a Measure,
    p: &'a Period,
) -> Box<dyn Iterator<Item = Record> + 'a> {
    let (of, filter) = match m {
        Measure::Count { of, filter }
        | Measure::Distinct { of, filter, .. }
        | Measure::Sum { of, filter, .. }
        | Measure::Avg { of, filter, .. } => (*of, filter),
        _ => return Box::new(std::iter::empty()),
    };
    let entity_ok = move |e: Option<EntityType>| {
        filter.entity_type.is_empty() || e.is_some_and(|e| filter.entity_type.contains(&e))
    };
    let kind_ok =
        move |k: GroupKind| filter.group_kind.is_empty() || filter.group_kind.contains(&k);
    match of {
        Source::Members | Source::NewMembers => Box::new(
            facts
                .memberships
                .iter()
                .filter(move |ms| {
                    let in_period = if of == Source::Members {
                        ms.since.is_none_or(|s| s <= p.end) && ms.until.is_none_or(|u| u >= p.end)
                    } else {
                        ms.since.is_some_and(|s| p.contains(s))
                    };
                    in_period
                        && entity_ok(ms.entity_type)
                        && (filter.typology.is_empty() || filter.typology.contains(&ms.typology))
                })
                .map(|ms| Record::Membership(ms.id)),
        ),
        Source::Groups => Box::new(
            facts
                .groups
                .iter()
                .filter(move |g| kind_ok(g.kind) && p.overlaps(g.starts_on, g.ends_on))
                .map(|g| Record::Group(g.id)),
        ),
        Source::GroupMembers => Box::new(
            facts
                .seats
                .iter()
                .filter(move |s| kind_ok(s.kind) && p.overlaps(s.from, s.to))
                .map(|s| Record::Seat(s.group, s.person)),
        ),
        Source::Survey => Box::new(
            facts
                .survey
                .iter()
                .filter(move |a| {
                    a.year >= p.start.year() && a.year <= p.end.year() && entity_ok(a.entity_type)
                })
                .map(|a| Record::SurveyAnswer(a.id)),
        ),
        Source::Activities => Box::new(std::iter::empty()),
    }
}

/// Lookups from a record to what a measure reads of it, built once per engine.
#[derive(Debug, Default)]
struct Index {
    survey: FxMap<i64, usize>,
    membership_org: FxMap<i64, i64>,
    seat_org: FxMap<(i64, i64), Option<i64>>,
}

impl Index {
    fn new(f: &Facts) -> Self {
        Index {
            survey: f
                .survey
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id, i))
                .collect(),
            membership_org: f
                .memberships
                .iter()
                .map(|m| (m.id, m.organisation))
                .collect(),
            seat_org: f
                .seats
                .iter()
                .map(|s| ((s.group, s.person), s.organisation))
                .collect(),
        }
    }
}

fn direct_value(facts: &Facts, index: &Index, m: &Measure, p: &Period) -> Option<f64> {
    let records: Vec<Record> = direct_records(facts, m, p).collect();
    let answer = |id: &i64| index.survey.get(id).map(|i| &facts.survey[*i]);
    let numbers = |field: &str| -> Vec<f64> {
        let Some(i) = SURVEY_FIELDS.iter().position(|x| *x == field) else {
            return Vec::new();
        };
        records
            .iter()
            .filter_map(|r| match r {
                Record::SurveyAnswer(id) => answer(id).and_then(|a| a.values[i]),
                _ => None,
            })
            .collect()
    };
    match m {
        Measure::Count { .. } => Some(records.len() as f64),
        Measure::Distinct { .. } => {
            let set: FxSet<i64> = records
                .iter()
                .filter_map(|r| match r {
                    Record::Membership(id) => index.membership_org.get(id).copied(),
                    Record::Seat(g, p) => index.seat_org.get(&(*g, *p)).copied().flatten(),
                    Record::SurveyAnswer(id) => answer(id).map(|a| a.organisation),
                    _ => None,
                })
                .collect();
            Some(set.len() as f64)
        }
        Measure::Sum { field, .. } => {
            let v = numbers(field);
            (!v.is_empty()).then(|| v.iter().sum())
        }
        Measure::Avg { field, .. } => {
            let v = numbers(field);
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        }
        _ => None,
    }
}

/// The target a period should reach: flows add the share of each year's target the period
/// covers (and of a running period, only the part already elapsed); stocks, averages and rates
/// take the target of the period's last year.
fn target_for(ind: &Indicator, p: &Period, today: Date) -> Option<f64> {
    if !ind.measure.is_flow() {
        return ind.targets.get(&p.end.year()).copied();
    }
    let mut total = 0.0;
    for (y, share) in p.year_shares() {
        total += ind.targets.get(&y)? * share;
    }
    if p.contains(today) && today < p.end {
        let elapsed = ((today - p.start).whole_days() + 1) as f64 / p.days() as f64;
        total *= elapsed;
    }
    Some(total)
}

/// Green on target, amber within 15 %, red beyond.
pub fn light(value: Option<f64>, target: Option<f64>, up: bool) -> Light {
    let (Some(v), Some(t)) = (value, target) else {
        return Light::None;
    };
    let (good, tolerable) = if up {
        (v >= t, v >= t - t.abs() * 0.15)
    } else {
        (v <= t, v <= t + t.abs() * 0.15)
    };
    if good {
        Light::Green
    } else if tolerable {
        Light::Amber
    } else {
        Light::Red
    }
}

/// Code of a subtype index, for display.
pub fn subtype_code(i: u8) -> &'static str {
    SUBTYPES.get(usize::from(i)).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clusterhub_core::model::subtype_index;
    use time::macros::date;

    const PLAN: &str = r#"
[plan]
code = "t"
title = { en = "T" }
from = 2024
to = 2025

[[objective]]
code = "O1"
name = { en = "O" }

[[pillar]]
code = "talent"
kind = "pillar"
name = { en = "Talent" }

[[pillar.line]]
code = "talent.1"
name = { en = "Training" }

[[pillar.line.action]]
code = "talent.1.1"
name = { en = "Courses" }

[[pillar]]
code = "regulation"
kind = "pillar"
name = { en = "Regulation" }

[[indicator]]
code = "TRAININGS"
level = "operational"
pillar = "talent"
name = { en = "Trainings" }
unit = "number"
targets = { 2024 = 4, 2025 = 4 }
measure = { op = "count", of = "activities", where = { kind = "training" } }

[[indicator]]
code = "ATTENDEES"
level = "operational"
pillar = "talent"
name = { en = "Attendees" }
unit = "number"
measure = { op = "sum", of = "activities", field = "attendees", where = { kind = "training", pillar = "talent" } }

[[indicator]]
code = "REG"
level = "operational"
pillar = "regulation"
name = { en = "Members supported on regulation" }
unit = "number"
measure = { op = "distinct", of = "activities", field = "organisation", where = { kind = "support", subtype = "regulatory", member = true } }

[[indicator]]
code = "MEMBERS"
level = "strategic"
objective = "O1"
name = { en = "Members" }
unit = "number"
targets = { 2025 = 3 }
measure = { op = "count", of = "members" }

[[indicator]]
code = "WG"
level = "strategic"
objective = "O1"
name = { en = "% in working groups" }
unit = "percent"
measure = { op = "ratio", num = { op = "distinct", of = "group_members", field = "organisation", where = { kind = "working_group" } }, den = "MEMBERS" }

[[indicator]]
code = "SAT"
level = "strategic"
objective = "O1"
name = { en = "Satisfaction" }
unit = "score10"
measure = { op = "avg", of = "survey", field = "satisfaction" }

[[indicator]]
code = "GROWTH"
level = "strategic"
objective = "O1"
name = { en = "Revenue growth" }
unit = "percent"
measure = { op = "growth", base = { op = "sum", of = "survey", field = "revenue" } }
"#;

    fn act(id: i64, date: Date, kind: ActivityKind, items: &[&str], orgs: &[i64]) -> Activity {
        Activity {
            id,
            meeting: false,
            date,
            kind,
            subtype: None,
            scope: None,
            counterpart: None,
            external: false,
            attendees: 10,
            amount_cents: 0,
            items: items.iter().map(|s| s.to_string()).collect(),
            organisations: orgs.to_vec(),
            people: Vec::new(),
        }
    }

    fn engine() -> Engine {
        let plan = Plan::parse(PLAN).expect("plan");
        let mut support = act(
            10,
            date!(2025 - 03 - 10),
            ActivityKind::Support,
            &[],
            &[1, 2, 99],
        );
        support.subtype = subtype_index("regulatory");
        let facts = Facts {
            activities: vec![
                act(
                    1,
                    date!(2024 - 02 - 01),
                    ActivityKind::Training,
                    &["talent.1.1"],
                    &[1],
                ),
                act(2, date!(2024 - 09 - 01), ActivityKind::Training, &[], &[2]),
                act(
                    3,
                    date!(2025 - 01 - 15),
                    ActivityKind::Training,
                    &["talent"],
                    &[],
                ),
                act(
                    4,
                    date!(2025 - 01 - 20),
                    ActivityKind::Event,
                    &["talent"],
                    &[],
                ),
                support,
            ],
            memberships: vec![
                Membership {
                    id: 1,
                    organisation: 1,
                    since: Some(date!(2020 - 01 - 01)),
                    until: None,
                    typology: "company".into(),
                    entity_type: None,
                },
                Membership {
                    id: 2,
                    organisation: 2,
                    since: Some(date!(2025 - 02 - 01)),
                    until: None,
                    typology: "company".into(),
                    entity_type: None,
                },
                Membership {
                    id: 3,
                    organisation: 3,
                    since: Some(date!(2020 - 01 - 01)),
                    until: Some(date!(2024 - 06 - 30)),
                    typology: "company".into(),
                    entity_type: None,
                },
            ],
            groups: vec![Group {
                id: 7,
                kind: GroupKind::WorkingGroup,
                starts_on: None,
                ends_on: None,
            }],
            seats: vec![Seat {
                group: 7,
                kind: GroupKind::WorkingGroup,
                person: 5,
                organisation: Some(1),
                from: None,
                to: None,
            }],
            survey: vec![
                SurveyAnswer {
                    id: 1,
                    organisation: 1,
                    year: 2024,
                    entity_type: None,
                    values: [None, Some(100.0), None, None, None, Some(8.0)],
                },
                SurveyAnswer {
                    id: 2,
                    organisation: 1,
                    year: 2025,
                    entity_type: None,
                    values: [None, Some(110.0), None, None, None, Some(6.0)],
                },
                SurveyAnswer {
                    id: 3,
                    organisation: 2,
                    year: 2025,
                    entity_type: None,
                    values: [None, Some(10.0), None, None, None, Some(9.0)],
                },
            ],
            manual: Vec::new(),
        };
        Engine::new(plan, facts, 1)
    }

    fn v(e: &Engine, code: &str, p: &str) -> Option<f64> {
        let p = Period::parse("p", p).expect("period");
        e.evaluate(code, &p, date!(2030 - 01 - 01))
            .expect("indicator")
            .value
    }

    #[test]
    fn counts_sums_distincts_ratios_averages_and_growth() {
        let e = engine();
        assert_eq!(v(&e, "TRAININGS", "2024"), Some(2.0));
        assert_eq!(v(&e, "TRAININGS", "2024-S1"), Some(1.0));
        assert_eq!(v(&e, "TRAININGS", "2024-01-15..2025-01-16"), Some(3.0));
        // Linked to an action of the talent pillar, or to the pillar itself.
        assert_eq!(v(&e, "ATTENDEES", "2024"), Some(10.0));
        assert_eq!(v(&e, "ATTENDEES", "2025"), Some(10.0));
        // Organisation 99 is not a member; 2 joined in February, before the support.
        assert_eq!(v(&e, "REG", "2025"), Some(2.0));
        assert_eq!(v(&e, "MEMBERS", "2024"), Some(1.0));
        assert_eq!(v(&e, "MEMBERS", "2025"), Some(2.0));
        assert_eq!(v(&e, "WG", "2025"), Some(50.0));
        assert_eq!(v(&e, "SAT", "2025"), Some(7.5));
        assert_eq!(v(&e, "SAT", "2023"), None);
        assert_eq!(v(&e, "GROWTH", "2025"), Some(20.0));
    }

    #[test]
    fn incremental_changes_match_a_full_recompute() {
        let mut e = engine();
        e.upsert(&act(
            20,
            date!(2024 - 03 - 03),
            ActivityKind::Training,
            &[],
            &[],
        ));
        assert_eq!(v(&e, "TRAININGS", "2024"), Some(3.0));
        // Turning the training into an event moves it out.
        e.upsert(&act(
            20,
            date!(2024 - 03 - 03),
            ActivityKind::Event,
            &[],
            &[],
        ));
        assert_eq!(v(&e, "TRAININGS", "2024"), Some(2.0));
        e.remove(false, 1);
        assert_eq!(v(&e, "TRAININGS", "2024"), Some(1.0));
        let p = Period::year(2024);
        let before: Vec<_> = e
            .board(&p, date!(2030 - 01 - 01))
            .iter()
            .map(|(_, v)| v.value)
            .collect();
        e.recompute();
        let after: Vec<_> = e
            .board(&p, date!(2030 - 01 - 01))
            .iter()
            .map(|(_, v)| v.value)
            .collect();
        assert_eq!(before, after);
    }

    #[test]
    fn an_activity_given_twice_counts_once() {
        let plan = Plan::parse(PLAN).expect("plan");
        let a = act(1, date!(2024 - 02 - 01), ActivityKind::Training, &[], &[1]);
        let mut later = a.clone();
        later.kind = ActivityKind::Event;
        let facts = Facts {
            activities: vec![a, later],
            ..Facts::default()
        };
        let e = Engine::new(plan, facts, 1);
        assert_eq!(v(&e, "TRAININGS", "2024"), Some(0.0));
    }

    #[test]
    fn every_value_lists_its_records() {
        let e = engine();
        let p = Period::year(2024);
        assert_eq!(
            e.records("TRAININGS", &p),
            vec![("", Record::Activity(1)), ("", Record::Activity(2))]
        );
        let wg = e.records("WG", &Period::year(2025));
        assert!(wg.contains(&("num", Record::Seat(7, 5))));
        assert!(wg.contains(&("den", Record::Membership(2))));
        let g = e.records("GROWTH", &Period::year(2025));
        assert!(g.contains(&("previous", Record::SurveyAnswer(1))));
    }

    #[test]
    fn targets_and_lights() {
        let e = engine();
        let today = date!(2030 - 01 - 01);
        let val = e
            .evaluate("TRAININGS", &Period::year(2024), today)
            .expect("v");
        assert_eq!((val.target, val.light), (Some(4.0), Light::Red));
        let s1 = e
            .evaluate("TRAININGS", &Period::semester(2025, 1), today)
            .expect("v");
        assert!((s1.target.expect("t") - 4.0 * 181.0 / 365.0).abs() < 1e-9);
        // A running year is judged on the share of the target due by today.
        let run = e
            .evaluate("TRAININGS", &Period::year(2025), date!(2025 - 03 - 31))
            .expect("v");
        assert!((run.target.expect("t") - 4.0 * 90.0 / 365.0).abs() < 1e-9);
        assert_eq!(run.light, Light::Green);
        let m = e
            .evaluate("MEMBERS", &Period::year(2025), today)
            .expect("v");
        assert_eq!((m.value, m.light), (Some(2.0), Light::Red));
        assert_eq!(light(Some(5.0), Some(4.0), false), Light::Red);
        assert_eq!(light(Some(3.0), Some(4.0), false), Light::Green);
    }
}
