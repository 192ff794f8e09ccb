//! The scheduler: a weighted, scarcity-aware greedy start, then ejection chains that place
//! meetings left out by moving others, until a round finds nothing (or the budget runs out).
//!
//! # Why tables do not appear until the end
//!
//! Tables are interchangeable within a slot, so a slot is simply a bin of `tables[s]` meetings in
//! which nobody appears twice. The search works on slots only; [`assign_tables`] numbers the
//! tables once the slots are known, around the locked meetings' tables.
//!
//! # Greedy start
//!
//! Heaviest meetings first (they are what the organiser most wants held); among equals, the
//! meetings with the fewest slots both sides can attend first, since they have the fewest ways to
//! fit. Each goes to the feasible slot with the most free tables, which keeps room everywhere for
//! the harder ones that follow.
//!
//! # Ejection chains
//!
//! For a meeting `m` left out, try each slot both can attend: if one of its two people is busy
//! there with another meeting `c` (or the slot is full and `c` is any meeting in it), put `m` in
//! and move `c` on in the same way, up to `depth` moves. A chain ends when the last meeting moved
//! finds a free place, or when it is dropped and weighs less than `m` (a net gain in weight).
//! Both people busy: both meetings are moved. Every change is on a trail, so a chain that fails is
//! rolled back exactly. A meeting is moved at most once per chain search (which keeps a search
//! polynomial), and each search has a node budget. Rounds over the meetings left out repeat
//! until one round gains nothing.
//!
//! # Small events
//!
//! Up to [`Options::restart_below`] meetings a run costs about a millisecond, so the scheduler
//! also restarts from perturbed greedy orders (scarcity blurred at random) and keeps the best,
//! then hands that to a budgeted branch and bound (module `exact`) that can only improve it and
//! sets [`Schedule::optimal`] when it finishes. On the benchmark's 20–60-participant instances
//! this gives HiGHS's optimum (one instance in 15 tried was 1 weight short; see
//! bench/README.md).

use crate::instance::{Instance, Placement, SlotSet, all_slots};

/// Knobs of [`schedule`]; the defaults suit events of up to thousands of participants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Tie-breaking seed: the same instance and seed give the same schedule.
    pub seed: u64,
    /// Longest ejection chain (meetings moved to make room for one).
    pub depth: u32,
    /// Nodes (placement attempts) one chain search may visit.
    pub nodes_per_search: u32,
    /// Rounds over the meetings left out.
    pub max_rounds: u32,
    /// Extra runs from a perturbed greedy order, the best kept; used only while the instance
    /// has at most `restart_below` meetings (small events, where a run takes microseconds).
    pub restarts: u32,
    pub restart_below: usize,
    /// Then an exact branch and bound (module `exact`) from the best schedule, with this many
    /// nodes at most, on instances of at most `restart_below` meetings; 0 skips it.
    pub exact_nodes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seed: 1,
            depth: 4,
            nodes_per_search: 50,
            max_rounds: 5,
            restarts: 100,
            restart_below: 2_000,
            exact_nodes: 300_000,
        }
    }
}

/// A schedule: per meeting of the instance, where it is held (`None`: not held).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Schedule {
    pub assigned: Vec<Option<Placement>>,
    /// Meetings held.
    pub held: usize,
    /// Their total weight.
    pub weight: u64,
    /// The exact search finished: no schedule has a greater weight.
    pub optimal: bool,
}

const NONE: u32 = u32::MAX;
const NO_SLOT: u16 = u16::MAX;

/// The slot-level state with an undo trail.
pub(crate) struct State<'a> {
    inst: &'a Instance,
    slots: usize,
    /// `occ[p * slots + s]`: the meeting participant p holds in slot s, or NONE.
    occ: Vec<u32>,
    /// Meeting → its slot, or NO_SLOT.
    slot_of: Vec<u16>,
    /// Meetings in each slot, and each meeting's index in its slot's list.
    in_slot: Vec<Vec<u32>>,
    pos: Vec<u32>,
    /// Slots both sides can attend, among slots with tables.
    pub(crate) allowed: Vec<SlotSet>,
    locked: Vec<bool>,
    /// (meeting, slot before the change).
    trail: Vec<(u32, u16)>,
    pub(crate) weight: u64,
    pub(crate) held: usize,
}

impl<'a> State<'a> {
    /// Places the locked meetings; the instance must have passed [`Instance::check`].
    pub(crate) fn new(inst: &'a Instance) -> Self {
        let slots = inst.slots();
        let open = inst
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| **t > 0)
            .fold(0u64, |acc, (s, _)| acc | 1 << s);
        let open = open & all_slots(slots);
        let allowed = inst
            .meetings
            .iter()
            .map(|m| inst.availability[m.a as usize] & inst.availability[m.b as usize] & open)
            .collect();
        let mut st = State {
            inst,
            slots,
            occ: vec![NONE; inst.participants as usize * slots],
            slot_of: vec![NO_SLOT; inst.meetings.len()],
            in_slot: vec![Vec::new(); slots],
            pos: vec![0; inst.meetings.len()],
            allowed,
            locked: inst.meetings.iter().map(|m| m.locked.is_some()).collect(),
            trail: Vec::new(),
            weight: 0,
            held: 0,
        };
        for (i, m) in inst.meetings.iter().enumerate() {
            if let Some(at) = m.locked {
                st.place(i as u32, at.slot);
            }
        }
        st.trail.clear();
        st
    }

    fn cap(&self, s: usize) -> usize {
        usize::from(self.inst.tables[s])
    }

    fn w(&self, m: u32) -> u64 {
        u64::from(self.inst.meetings[m as usize].weight)
    }

    fn people(&self, m: u32) -> (usize, usize) {
        let mt = &self.inst.meetings[m as usize];
        (mt.a as usize, mt.b as usize)
    }

    pub(crate) fn fits(&self, m: u32, s: usize) -> bool {
        let (a, b) = self.people(m);
        self.occ[a * self.slots + s] == NONE
            && self.occ[b * self.slots + s] == NONE
            && self.in_slot[s].len() < self.cap(s)
    }

    pub(crate) fn place(&mut self, m: u32, s: u16) {
        let (a, b) = self.people(m);
        let su = usize::from(s);
        self.occ[a * self.slots + su] = m;
        self.occ[b * self.slots + su] = m;
        self.slot_of[m as usize] = s;
        self.pos[m as usize] = self.in_slot[su].len() as u32;
        self.in_slot[su].push(m);
        self.trail.push((m, NO_SLOT));
        self.weight += self.w(m);
        self.held += 1;
    }

    fn unplace(&mut self, m: u32) {
        let s = self.slot_of[m as usize];
        let su = usize::from(s);
        let (a, b) = self.people(m);
        self.occ[a * self.slots + su] = NONE;
        self.occ[b * self.slots + su] = NONE;
        self.slot_of[m as usize] = NO_SLOT;
        let i = self.pos[m as usize] as usize;
        self.in_slot[su].swap_remove(i);
        if let Some(&moved) = self.in_slot[su].get(i) {
            self.pos[moved as usize] = i as u32;
        }
        self.trail.push((m, s));
        self.weight -= self.w(m);
        self.held -= 1;
    }

    /// Undoes every change after trail position `mark`.
    fn rollback(&mut self, mark: usize) {
        while self.trail.len() > mark {
            let Some((m, before)) = self.trail.pop() else {
                break;
            };
            if self.slot_of[m as usize] != NO_SLOT {
                self.unplace(m);
            } else {
                self.place(m, before);
            }
            // The undo itself pushed an entry: drop it.
            self.trail.pop();
        }
    }

    /// Greedy start over the meetings not placed yet.
    /// `shuffle`: scarcity blurred by a random amount (0–3 slots), so restarts explore other orders.
    fn greedy(&mut self, seed: u64, shuffle: bool) {
        let mut order: Vec<u32> = (0..self.inst.meetings.len() as u32)
            .filter(|&m| self.slot_of[m as usize] == NO_SLOT)
            .collect();
        if shuffle {
            order.sort_by_key(|&m| {
                let noisy = u64::from(self.allowed[m as usize].count_ones()) + mix(seed, m) % 4;
                (std::cmp::Reverse(self.w(m)), noisy, mix(seed, m))
            });
        } else {
            order.sort_by_key(|&m| {
                (
                    std::cmp::Reverse(self.w(m)),
                    self.allowed[m as usize].count_ones(),
                    mix(seed, m),
                )
            });
        }
        for m in order {
            let mut best: Option<(usize, usize)> = None;
            for s in bits(self.allowed[m as usize]) {
                if self.fits(m, s) {
                    let free = self.cap(s) - self.in_slot[s].len();
                    if best.is_none_or(|(_, f)| free > f) {
                        best = Some((s, free));
                    }
                }
            }
            if let Some((s, _)) = best {
                self.place(m, s as u16);
            }
        }
        self.trail.clear();
    }

    /// Ejection-chain rounds; returns the number of rounds run.
    fn improve(&mut self, opts: &Options) -> u32 {
        let n = self.inst.meetings.len();
        let mut stamp = vec![0u32; n];
        let mut generation = 0u32;
        let total_cap: usize = (0..self.slots).map(|s| self.cap(s)).sum();
        let mut rounds = 0;
        while rounds < opts.max_rounds {
            rounds += 1;
            let mut out: Vec<u32> = (0..n as u32)
                .filter(|&m| self.slot_of[m as usize] == NO_SLOT)
                .collect();
            out.sort_by_key(|&m| {
                (
                    std::cmp::Reverse(self.w(m)),
                    mix(opts.seed ^ u64::from(rounds), m),
                )
            });
            let before = self.weight;
            for m in out {
                if self.allowed[m as usize] == 0 || self.slot_of[m as usize] != NO_SLOT {
                    continue;
                }
                // With every table taken, a chain can only gain by dropping a lighter meeting.
                if self.held >= total_cap && self.lightest_placed() >= self.w(m) {
                    continue;
                }
                generation += 1;
                let mut search = Search {
                    stamp: &mut stamp,
                    generation,
                    nodes: 0,
                    max_nodes: opts.nodes_per_search,
                    dropped: 0,
                    limit: self.w(m),
                    seed: opts.seed,
                };
                search.stamp[m as usize] = generation;
                let mark = self.trail.len();
                if !self.chain(m, opts.depth, &mut search) {
                    self.rollback(mark);
                }
                self.trail.clear();
            }
            if self.weight == before {
                break;
            }
        }
        rounds
    }

    fn lightest_placed(&self) -> u64 {
        self.in_slot
            .iter()
            .flatten()
            .map(|&m| self.w(m))
            .min()
            .unwrap_or(u64::MAX)
    }

    /// Places unplaced meeting `m`, moving others as needed (see the module doc). On false the
    /// caller rolls back.
    fn chain(&mut self, m: u32, depth: u32, search: &mut Search) -> bool {
        search.nodes += 1;
        let allowed = self.allowed[m as usize];
        for s in bits(allowed) {
            if self.fits(m, s) {
                self.place(m, s as u16);
                return true;
            }
        }
        if depth == 0 || search.nodes > search.max_nodes {
            return false;
        }
        let (a, b) = self.people(m);
        let k = allowed.count_ones();
        let start = (mix(search.seed, m) % u64::from(k.max(1))) as u32;
        for i in 0..k {
            let s = nth_bit(allowed, (start + i) % k);
            let mut eject = [NONE; 2];
            let mut count = 0;
            let mut blocked = false;
            for p in [a, b] {
                let c = self.occ[p * self.slots + s];
                if c != NONE && !eject[..count].contains(&c) {
                    if self.locked[c as usize] || search.stamp[c as usize] == search.generation {
                        blocked = true;
                    }
                    eject[count] = c;
                    count += 1;
                }
            }
            if blocked {
                continue;
            }
            if count > 0 {
                if self.try_eject(m, s, &eject[..count], depth, search) {
                    return true;
                }
            } else {
                // Full slot: make room by moving one of its meetings.
                let len = self.in_slot[s].len();
                let first = (mix(search.seed ^ 0x5bd1, m) % len.max(1) as u64) as usize;
                for j in 0..len {
                    if search.nodes > search.max_nodes {
                        return false;
                    }
                    let c = self.in_slot[s][(first + j) % len];
                    if self.locked[c as usize] || search.stamp[c as usize] == search.generation {
                        continue;
                    }
                    if self.try_eject(m, s, &[c], depth, search) {
                        return true;
                    }
                }
            }
            if search.nodes > search.max_nodes {
                return false;
            }
        }
        false
    }

    fn try_eject(
        &mut self,
        m: u32,
        s: usize,
        eject: &[u32],
        depth: u32,
        search: &mut Search,
    ) -> bool {
        let mark = self.trail.len();
        let dropped = search.dropped;
        for &c in eject {
            search.stamp[c as usize] = search.generation;
            self.unplace(c);
        }
        self.place(m, s as u16);
        let mut ok = true;
        for &c in eject {
            if !self.chain(c, depth - 1, search) {
                search.dropped += self.w(c);
                if search.dropped >= search.limit {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            self.rollback(mark);
            search.dropped = dropped;
        }
        ok
    }

    pub(crate) fn slot_of(&self, m: usize) -> Option<u16> {
        let s = self.slot_of[m];
        (s != NO_SLOT).then_some(s)
    }
}

struct Search<'s> {
    stamp: &'s mut Vec<u32>,
    generation: u32,
    nodes: u32,
    max_nodes: u32,
    /// Weight of the meetings the chain dropped so far, and what it must stay under (the weight
    /// of the meeting the chain started from).
    dropped: u64,
    limit: u64,
    seed: u64,
}

/// Schedules an instance that passed [`Instance::check`] (it is checked again here).
pub fn schedule(inst: &Instance, opts: &Options) -> Result<Schedule, Vec<crate::Problem>> {
    inst.check()?;
    let mut best = run(inst, opts, opts.seed, false);
    if inst.meetings.len() <= opts.restart_below {
        for r in 1..=u64::from(opts.restarts) {
            let other = run(inst, opts, mix(opts.seed, r as u32), true);
            if other.weight > best.weight {
                best = other;
            }
        }
        if opts.exact_nodes > 0 {
            let slots = best
                .assigned
                .iter()
                .map(|a| a.map_or(crate::exact::OUT, |p| p.slot))
                .collect();
            let mut exact = crate::exact::Exact::new(inst, slots, opts.exact_nodes);
            let optimal = exact.solve();
            if exact.best_weight > best.weight {
                let slots: Vec<Option<u16>> = exact
                    .best
                    .iter()
                    .map(|&s| (s != crate::exact::OUT).then_some(s))
                    .collect();
                best = from_slots(inst, &slots);
            }
            best.optimal = optimal;
        }
    }
    Ok(best)
}

fn run(inst: &Instance, opts: &Options, seed: u64, shuffle: bool) -> Schedule {
    let mut st = State::new(inst);
    st.greedy(seed, shuffle);
    st.improve(&Options {
        seed,
        ..opts.clone()
    });
    finish(inst, &st)
}

/// Numbers the tables: locked meetings keep theirs, the others take the lowest free ones of their
/// slot in meeting order.
pub(crate) fn finish(inst: &Instance, st: &State) -> Schedule {
    let slots: Vec<Option<u16>> = (0..inst.meetings.len()).map(|m| st.slot_of(m)).collect();
    from_slots(inst, &slots)
}

fn from_slots(inst: &Instance, slots: &[Option<u16>]) -> Schedule {
    let assigned = assign_tables(inst, slots);
    let held = assigned.iter().filter(|a| a.is_some()).count();
    let weight = inst
        .meetings
        .iter()
        .zip(&assigned)
        .filter(|(_, a)| a.is_some())
        .map(|(m, _)| u64::from(m.weight))
        .sum();
    Schedule {
        assigned,
        held,
        weight,
        optimal: false,
    }
}

/// Given each meeting's slot, gives each a table: locked meetings keep theirs, the others take
/// the lowest free tables of their slot in meeting order.
pub fn assign_tables(inst: &Instance, slots: &[Option<u16>]) -> Vec<Option<Placement>> {
    let mut taken: Vec<Vec<bool>> = inst
        .tables
        .iter()
        .map(|&t| vec![false; usize::from(t)])
        .collect();
    let mut next = vec![0usize; inst.slots()];
    let mut out = vec![None; slots.len()];
    for (i, m) in inst.meetings.iter().enumerate() {
        if let Some(at) = m.locked {
            taken[usize::from(at.slot)][usize::from(at.table)] = true;
            out[i] = Some(at);
        }
    }
    for (i, s) in slots.iter().enumerate() {
        let Some(s) = *s else { continue };
        if out[i].is_some() {
            continue;
        }
        let su = usize::from(s);
        while taken[su].get(next[su]).is_some_and(|&t| t) {
            next[su] += 1;
        }
        let table = next[su];
        if table < taken[su].len() {
            taken[su][table] = true;
            out[i] = Some(Placement {
                slot: s,
                table: table as u16,
            });
        }
    }
    out
}

/// The slots in a set, ascending.
pub(crate) fn bits(mut set: SlotSet) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if set == 0 {
            None
        } else {
            let s = set.trailing_zeros() as usize;
            set &= set - 1;
            Some(s)
        }
    })
}

fn nth_bit(mut set: SlotSet, n: u32) -> usize {
    for _ in 0..n {
        set &= set - 1;
    }
    set.trailing_zeros() as usize
}

/// A cheap deterministic hash for tie-breaking (splitmix64).
pub(crate) fn mix(seed: u64, x: u32) -> u64 {
    let mut z = seed.wrapping_add(u64::from(x).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
