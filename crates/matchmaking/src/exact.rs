//! Exact search for small events: branch and bound over the meetings (heaviest first), each
//! tried in every slot it fits and left out, pruned by an upper bound, from the heuristic's
//! schedule as the incumbent. It has a node budget: when the budget runs out the best schedule
//! found is kept and not marked optimal.
//!
//! Bound: the weight so far plus the heaviest remaining meetings that the free tables could still
//! hold (meetings sorted by weight, so that is a prefix sum) — and no more than the remaining
//! meetings that still have a slot both can attend.

use crate::instance::Instance;

pub(crate) struct Exact<'a> {
    inst: &'a Instance,
    /// Meetings not locked, heaviest first.
    order: Vec<u32>,
    /// prefix[i] = total weight of order[..i].
    prefix: Vec<u64>,
    busy: Vec<u64>,
    load: Vec<u16>,
    free_tables: usize,
    current: Vec<u16>,
    pub(crate) best: Vec<u16>,
    pub(crate) best_weight: u64,
    nodes: u64,
    max_nodes: u64,
}

pub(crate) const OUT: u16 = u16::MAX;

impl<'a> Exact<'a> {
    /// `slots`: a feasible schedule (slot per meeting or OUT) with the locked meetings in place.
    pub(crate) fn new(inst: &'a Instance, slots: Vec<u16>, max_nodes: u64) -> Self {
        let mut busy = vec![0u64; inst.participants as usize];
        let mut load = vec![0u16; inst.slots()];
        for (m, mt) in inst.meetings.iter().enumerate() {
            if let Some(at) = mt.locked {
                busy[mt.a as usize] |= 1 << at.slot;
                busy[mt.b as usize] |= 1 << at.slot;
                load[usize::from(at.slot)] += 1;
                debug_assert_eq!(slots[m], at.slot);
            }
        }
        let mut order: Vec<u32> = (0..inst.meetings.len() as u32)
            .filter(|&m| inst.meetings[m as usize].locked.is_none())
            .collect();
        order.sort_by_key(|&m| std::cmp::Reverse(inst.meetings[m as usize].weight));
        let mut prefix = vec![0u64];
        for &m in &order {
            let last = prefix.last().copied().unwrap_or(0);
            prefix.push(last + u64::from(inst.meetings[m as usize].weight));
        }
        let free_tables = inst
            .tables
            .iter()
            .zip(&load)
            .map(|(&t, &l)| usize::from(t.saturating_sub(l)))
            .sum();
        let best_weight = weight_of(inst, &slots);
        let current: Vec<u16> = inst
            .meetings
            .iter()
            .map(|m| m.locked.map_or(OUT, |at| at.slot))
            .collect();
        Exact {
            inst,
            order,
            prefix,
            busy,
            load,
            free_tables,
            current,
            best: slots,
            best_weight,
            nodes: 0,
            max_nodes,
        }
    }

    /// Runs the search; true when it finished (the best schedule is optimal).
    pub(crate) fn solve(&mut self) -> bool {
        let base = weight_of(self.inst, &self.current);
        self.go(0, base);
        self.nodes <= self.max_nodes
    }

    fn go(&mut self, i: usize, weight: u64) {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return;
        }
        if weight > self.best_weight {
            self.best_weight = weight;
            self.best.clone_from(&self.current);
        }
        if i == self.order.len() || self.free_tables == 0 {
            return;
        }
        let take = (self.order.len() - i).min(self.free_tables);
        if weight + self.prefix[i + take] - self.prefix[i] <= self.best_weight {
            return;
        }
        let m = self.order[i];
        let mt = &self.inst.meetings[m as usize];
        let (a, b) = (mt.a as usize, mt.b as usize);
        let w = u64::from(mt.weight);
        let free =
            self.inst.availability[a] & self.inst.availability[b] & !self.busy[a] & !self.busy[b];
        let mut set = free;
        while set != 0 {
            let s = set.trailing_zeros() as usize;
            set &= set - 1;
            if self.load[s] >= self.inst.tables[s] {
                continue;
            }
            self.busy[a] |= 1 << s;
            self.busy[b] |= 1 << s;
            self.load[s] += 1;
            self.free_tables -= 1;
            self.current[m as usize] = s as u16;
            self.go(i + 1, weight + w);
            self.current[m as usize] = OUT;
            self.free_tables += 1;
            self.load[s] -= 1;
            self.busy[a] &= !(1 << s);
            self.busy[b] &= !(1 << s);
            if self.nodes > self.max_nodes {
                return;
            }
        }
        self.go(i + 1, weight);
    }
}

fn weight_of(inst: &Instance, slots: &[u16]) -> u64 {
    inst.meetings
        .iter()
        .zip(slots)
        .filter(|(_, s)| **s != OUT)
        .map(|(m, _)| u64::from(m.weight))
        .sum()
}
