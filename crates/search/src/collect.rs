//! Gathering matches, one organisation once, facet counts and the top of the list.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::cache::{Interner, SegCache};
use crate::{Result, View, internal, view_key};

/// One matching document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cand {
    pub org: i64,
    pub view: i64,
    pub score: f32,
    /// Position of the document's view in the query's views (0 when there is one view).
    pub rank: u32,
    pub seg: u32,
    pub doc: u32,
}

/// Multiply-rotate hasher for integer keys (ids are not attacker-chosen hash flooding material:
/// they come from the index, not from the request).
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type IdMap<V> = HashMap<i64, V, BuildHasherDefault<IdHasher>>;

/// View key -> rank (first occurrence in the query's views).
pub(crate) struct ViewRanks {
    keys: Vec<i64>,
    map: IdMap<u32>,
}

impl ViewRanks {
    pub(crate) fn new(views: &[View]) -> Self {
        let mut keys: Vec<i64> = Vec::new();
        let mut map = IdMap::default();
        for v in views {
            if let Some(k) = view_key(v.cluster_id, v.tier)
                && !map.contains_key(&k)
            {
                map.insert(k, keys.len() as u32);
                keys.push(k);
            }
        }
        ViewRanks { keys, map }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// More than one view: an organisation may match several times.
    pub(crate) fn is_multi(&self) -> bool {
        self.keys.len() > 1
    }

    pub(crate) fn keys(&self) -> &[i64] {
        &self.keys
    }

    #[inline]
    pub(crate) fn rank(&self, key: i64) -> u32 {
        if self.keys.len() <= 8 {
            self.keys
                .iter()
                .position(|k| *k == key)
                .map_or(u32::MAX, |p| p as u32)
        } else {
            self.map.get(&key).copied().unwrap_or(u32::MAX)
        }
    }
}

/// Collects every matching document with its organisation, view and score.
pub(crate) struct Gather {
    pub caches: Vec<Arc<SegCache>>,
    pub ranks: Arc<ViewRanks>,
    pub scoring: bool,
    /// The query has no view filter: skip the documents of other views here.
    pub check_views: bool,
}

pub(crate) struct GatherSegment {
    check_views: bool,
    seg: u32,
    cache: Arc<SegCache>,
    ranks: Option<Arc<ViewRanks>>,
    out: Vec<Cand>,
}

impl Collector for Gather {
    type Fruit = Vec<Cand>;
    type Child = GatherSegment;

    fn for_segment(
        &self,
        seg: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<GatherSegment> {
        let cache = self.caches.get(seg as usize).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no cache for segment {seg}"))
        })?;
        Ok(GatherSegment {
            check_views: self.check_views,
            seg,
            cache,
            ranks: (self.ranks.is_multi() || self.check_views).then(|| self.ranks.clone()),
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Cand>>) -> tantivy::Result<Vec<Cand>> {
        let mut all = Vec::with_capacity(fruits.iter().map(Vec::len).sum());
        for f in fruits {
            all.extend(f);
        }
        Ok(all)
    }
}

impl SegmentCollector for GatherSegment {
    type Fruit = Vec<Cand>;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        let d = doc as usize;
        let view = self.cache.view[d];
        let rank = self.ranks.as_ref().map_or(0, |r| r.rank(view));
        if self.check_views && rank == u32::MAX {
            return;
        }
        self.out.push(Cand {
            org: self.cache.org[d],
            view,
            score,
            rank,
            seg: self.seg,
            doc,
        });
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.out.reserve(docs.len());
        for doc in docs {
            self.collect(*doc, 0.0);
        }
    }

    fn harvest(self) -> Vec<Cand> {
        self.out
    }
}

/// Is `a` a better hit than `b` for the same organisation: higher score, then earlier view.
#[inline]
fn better(a: &Cand, b: &Cand) -> bool {
    match a.score.total_cmp(&b.score) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => (a.rank, a.seg, a.doc) < (b.rank, b.seg, b.doc),
    }
}

/// Matches grouped by organisation.
pub(crate) struct Grouped {
    /// The best document of each organisation.
    pub kept: Vec<Cand>,
    /// Per `kept` entry: the organisation matched once. Empty when every one did.
    single: Vec<bool>,
    /// Documents of organisations that matched several times, with a number per organisation.
    shared: Vec<(u32, Cand)>,
}

/// Keeps one document per organisation. With one view there is nothing to do: `replace` allows
/// one document per (organisation, cluster, tier).
pub(crate) fn dedupe(cands: Vec<Cand>, multi: bool) -> Grouped {
    if !multi {
        return Grouped {
            kept: cands,
            single: Vec::new(),
            shared: Vec::new(),
        };
    }
    // Organisation -> slot. Ids from a database are dense: a plain array when they fit.
    let (min, max) = cands.iter().fold((i64::MAX, i64::MIN), |(lo, hi), c| {
        (lo.min(c.org), hi.max(c.org))
    });
    let span = (max as i128 - min as i128 + 1).max(0) as u128;
    let dense = span <= (cands.len() as u128) * 4 + 4096;
    let mut dense_slots: Vec<u32> = if dense {
        vec![u32::MAX; span as usize]
    } else {
        Vec::new()
    };
    let mut hashed: IdMap<u32> = IdMap::default();
    // slot -> (index of best cand, number of cands)
    let mut slots: Vec<(u32, u32)> = Vec::with_capacity(cands.len());
    let mut slot_of: Vec<u32> = Vec::with_capacity(cands.len());
    for (i, c) in cands.iter().enumerate() {
        let entry = if dense {
            &mut dense_slots[(c.org - min) as usize]
        } else {
            hashed.entry(c.org).or_insert(u32::MAX)
        };
        if *entry == u32::MAX {
            *entry = slots.len() as u32;
            slots.push((i as u32, 1));
        } else {
            let s = &mut slots[*entry as usize];
            s.1 += 1;
            if better(c, &cands[s.0 as usize]) {
                s.0 = i as u32;
            }
        }
        slot_of.push(*entry);
    }
    let kept = slots
        .iter()
        .map(|(best, _)| cands[*best as usize])
        .collect();
    let single = slots.iter().map(|(_, n)| *n == 1).collect();
    let shared = cands
        .iter()
        .zip(&slot_of)
        .filter(|(_, s)| slots[**s as usize].1 > 1)
        .map(|(c, s)| (*s, *c))
        .collect();
    Grouped {
        kept,
        single,
        shared,
    }
}

/// Distinct organisations per facet value id.
pub(crate) fn count_facets(g: &Grouped, caches: &[Arc<SegCache>], interner: &Interner) -> Vec<u32> {
    let (values, combos) = interner.sizes();
    let mut counts = vec![0u32; values];
    let mut combo_counts = vec![0u32; combos];
    for (i, c) in g.kept.iter().enumerate() {
        if g.single.is_empty() || g.single[i] {
            let cache = &caches[c.seg as usize];
            if let Some(n) = combo_counts.get_mut(cache.combo[c.doc as usize] as usize) {
                *n += 1;
            }
            for gid in cache.gids(c.doc) {
                if let Some(n) = counts.get_mut(*gid as usize) {
                    *n += 1;
                }
            }
        }
    }
    interner.expand(&mut counts, &combo_counts);
    if !g.shared.is_empty() {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (slot, c) in &g.shared {
            let cache = &caches[c.seg as usize];
            interner.combo_values(cache.combo[c.doc as usize], |v| pairs.push((*slot, v)));
            for gid in cache.gids(c.doc) {
                pairs.push((*slot, *gid));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (_, gid) in pairs {
            if let Some(n) = counts.get_mut(gid as usize) {
                *n += 1;
            }
        }
    }
    counts
}

fn by_score(a: &Cand, b: &Cand) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.rank.cmp(&b.rank))
        .then(a.org.cmp(&b.org))
}

/// The `want` best by score (then view order, then organisation id), in order.
pub(crate) fn top_by_score(kept: &mut [Cand], want: usize) -> Vec<Cand> {
    let want = want.min(kept.len());
    if want == 0 {
        return Vec::new();
    }
    if want < kept.len() {
        kept.select_nth_unstable_by(want - 1, by_score);
    }
    let mut top = kept[..want].to_vec();
    top.sort_unstable_by(by_score);
    top
}

/// The first `want` by (class, folded name, organisation id). The class puts whole groups first
/// (suggestions that begin with the prefix); 0 for a plain alphabetical list.
pub(crate) fn top_by_name(
    searcher: &Searcher,
    caches: &[Arc<SegCache>],
    kept: &[Cand],
    want: usize,
    class: impl Fn(&Cand) -> u32,
) -> Result<Vec<Cand>> {
    if want == 0 {
        return Ok(Vec::new());
    }
    let mut per_seg: Vec<Vec<(u32, u32, i64, usize)>> = vec![Vec::new(); caches.len()];
    for (i, c) in kept.iter().enumerate() {
        let ord = caches[c.seg as usize].name_ord[c.doc as usize];
        per_seg[c.seg as usize].push((class(c), ord, c.org, i));
    }
    let mut merged: Vec<(u32, String, i64, usize)> = Vec::new();
    for (seg, mut list) in per_seg.into_iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        if list.len() > want {
            list.select_nth_unstable(want - 1);
            list.truncate(want);
        }
        let reader = &searcher.segment_readers()[seg];
        let column = reader.fast_fields().str("name_sort").map_err(internal)?;
        let mut name = String::new();
        for (class, ord, org, i) in list {
            name.clear();
            if let Some(col) = &column {
                col.ord_to_str(u64::from(ord), &mut name)
                    .map_err(internal)?;
            }
            merged.push((class, name.clone(), org, i));
        }
    }
    merged.sort_unstable();
    merged.truncate(want);
    Ok(merged.into_iter().map(|(_, _, _, i)| kept[i]).collect())
}

/// A match ordered so that the heap's top is the worst one kept.
struct Ranked {
    cand: Cand,
    name_ord: u32,
    by_name: bool,
}

impl Ranked {
    fn cmp_key(&self, other: &Self) -> std::cmp::Ordering {
        if self.by_name {
            (self.name_ord, self.cand.org).cmp(&(other.name_ord, other.cand.org))
        } else {
            other
                .cand
                .score
                .total_cmp(&self.cand.score)
                .then(self.cand.org.cmp(&other.cand.org))
        }
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp_key(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp_key(other)
    }
}

/// One view: every match is a distinct organisation (`replace` allows one document per
/// organisation, cluster and tier), so facets are counted and the best `want` kept while
/// visiting, without storing the matches.
pub(crate) struct Stream {
    pub caches: Vec<Arc<SegCache>>,
    pub scoring: bool,
    pub want: usize,
    /// Keep the first by name instead of the best by score.
    pub by_name: bool,
    /// Number of facet value ids and of combinations.
    pub values: usize,
    pub combos: usize,
    /// The query has no view filter and some documents are outside the view: skip them here.
    pub check_views: Option<Arc<ViewRanks>>,
}

pub(crate) struct StreamFruit {
    pub total: usize,
    pub counts: Vec<u32>,
    pub combo_counts: Vec<u32>,
    /// The best `want` of each segment (not merged).
    pub top: Vec<Cand>,
}

pub(crate) struct StreamSegment {
    check_views: Option<Arc<ViewRanks>>,
    combo_counts: Vec<u32>,
    seg: u32,
    cache: Arc<SegCache>,
    want: usize,
    by_name: bool,
    total: usize,
    counts: Vec<u32>,
    heap: std::collections::BinaryHeap<Ranked>,
}

impl Collector for Stream {
    type Fruit = StreamFruit;
    type Child = StreamSegment;

    fn for_segment(
        &self,
        seg: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<StreamSegment> {
        let cache = self.caches.get(seg as usize).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no cache for segment {seg}"))
        })?;
        Ok(StreamSegment {
            check_views: self.check_views.clone(),
            combo_counts: vec![0; self.combos],
            seg,
            cache,
            want: self.want,
            by_name: self.by_name,
            total: 0,
            counts: vec![0; self.values],
            heap: std::collections::BinaryHeap::with_capacity(self.want + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<StreamFruit>) -> tantivy::Result<StreamFruit> {
        let mut out = StreamFruit {
            total: 0,
            counts: vec![0; self.values],
            combo_counts: vec![0; self.combos],
            top: Vec::new(),
        };
        for f in fruits {
            out.total += f.total;
            for (a, b) in out.counts.iter_mut().zip(&f.counts) {
                *a += *b;
            }
            for (a, b) in out.combo_counts.iter_mut().zip(&f.combo_counts) {
                *a += *b;
            }
            out.top.extend(f.top);
        }
        Ok(out)
    }
}

impl SegmentCollector for StreamSegment {
    type Fruit = StreamFruit;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        let d = doc as usize;
        if let Some(ranks) = &self.check_views
            && ranks.rank(self.cache.view[d]) == u32::MAX
        {
            return;
        }
        self.total += 1;
        if let Some(n) = self.combo_counts.get_mut(self.cache.combo[d] as usize) {
            *n += 1;
        }
        for gid in self.cache.gids(doc) {
            if let Some(c) = self.counts.get_mut(*gid as usize) {
                *c += 1;
            }
        }
        if self.want == 0 {
            return;
        }
        let ranked = Ranked {
            cand: Cand {
                org: self.cache.org[d],
                view: self.cache.view[d],
                score,
                rank: 0,
                seg: self.seg,
                doc,
            },
            name_ord: self.cache.name_ord[d],
            by_name: self.by_name,
        };
        if self.heap.len() < self.want {
            self.heap.push(ranked);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && ranked < *worst
        {
            *worst = ranked;
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for doc in docs {
            self.collect(*doc, 0.0);
        }
    }

    fn harvest(self) -> StreamFruit {
        StreamFruit {
            total: self.total,
            counts: self.counts,
            combo_counts: self.combo_counts,
            top: self.heap.into_iter().map(|r| r.cand).collect(),
        }
    }
}
