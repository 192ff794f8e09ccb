//! Per-segment arrays read by every search: organisation, view, name order and the facet values of
//! each document as small integers, interned once per process.
//!
//! Built once per segment (segments are immutable; deletions do not change them) when the reader
//! is reloaded by `commit` or at open, so a search never decodes columns or stored documents to
//! count facets. The single-valued facets of a document (entity type, typology, territory, TRL)
//! are one "combination" id: a search adds 1 to `combo_counts[combo]` and to `counts[value]` for
//! each multi-valued value (subsectors, certifications, value chains), then expands the few
//! combinations seen into their values, NUTS 1 and NUTS 2 levels included. About 5 additions per
//! document instead of 12.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tantivy::{Searcher, SegmentReader, index::SegmentId};

use crate::schema::{FACET_NAMES, Facet, MULTI_COLUMNS, SINGLE_COLUMNS};
use crate::{Result, internal};

/// "No value" in a combination.
const NONE: u32 = u32::MAX;

/// A combination: entity type, typology, territory, TRL value ids (or `NONE`).
type Combo = [u32; 4];

/// Facet values and combinations seen by this process, numbered densely. Append-only.
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashMap<(Facet, String), u32>,
    values: Vec<(Facet, String)>,
    /// Territory value id -> its NUTS 1 and NUTS 2 value ids (when the code is long enough).
    levels: HashMap<u32, Vec<u32>>,
    combo_ids: HashMap<Combo, u32>,
    combos: Vec<Combo>,
}

impl Interner {
    fn id(&mut self, facet: Facet, value: &str) -> u32 {
        if let Some(id) = self.ids.get(&(facet, value.to_string())) {
            return *id;
        }
        let id = self.values.len() as u32;
        self.values.push((facet, value.to_string()));
        self.ids.insert((facet, value.to_string()), id);
        if facet == Facet::Territory {
            let mut levels = Vec::new();
            for (level, len) in [(Facet::TerritoryNuts1, 3), (Facet::TerritoryNuts2, 4)] {
                if let Some(prefix) = value.get(..len) {
                    levels.push(self.id(level, prefix));
                }
            }
            self.levels.insert(id, levels);
        }
        id
    }

    fn combo(&mut self, combo: Combo) -> u32 {
        if let Some(id) = self.combo_ids.get(&combo) {
            return *id;
        }
        let id = self.combos.len() as u32;
        self.combos.push(combo);
        self.combo_ids.insert(combo, id);
        id
    }

    /// Number of value ids and of combination ids.
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.values.len(), self.combos.len())
    }

    pub(crate) fn value(&self, id: u32) -> Option<&(Facet, String)> {
        self.values.get(id as usize)
    }

    /// Calls `f` with every value id of a combination (NUTS levels included).
    #[inline]
    pub(crate) fn combo_values(&self, combo: u32, mut f: impl FnMut(u32)) {
        let Some(parts) = self.combos.get(combo as usize) else {
            return;
        };
        for (i, v) in parts.iter().enumerate() {
            if *v == NONE {
                continue;
            }
            f(*v);
            if i == 2
                && let Some(levels) = self.levels.get(v)
            {
                for l in levels {
                    f(*l);
                }
            }
        }
    }

    /// Adds the counts of the combinations to the counts of their values.
    pub(crate) fn expand(&self, counts: &mut [u32], combo_counts: &[u32]) {
        for (combo, n) in combo_counts.iter().enumerate() {
            if *n > 0 {
                self.combo_values(combo as u32, |v| {
                    if let Some(c) = counts.get_mut(v as usize) {
                        *c += *n;
                    }
                });
            }
        }
    }
}

pub(crate) struct SegCache {
    pub org: Vec<i64>,
    pub view: Vec<i64>,
    /// Ordinal of the document's `name_sort` in this segment's dictionary (sorted).
    pub name_ord: Vec<u32>,
    /// Combination of the single-valued facets of each document.
    pub combo: Vec<u32>,
    /// Multi-valued facet value ids of document `d`: `gids[off[d]..off[d + 1]]`.
    pub off: Vec<u32>,
    pub gids: Vec<u32>,
}

impl SegCache {
    #[inline]
    pub(crate) fn gids(&self, doc: u32) -> &[u32] {
        let d = doc as usize;
        &self.gids[self.off[d] as usize..self.off[d + 1] as usize]
    }

    fn build(reader: &SegmentReader, interner: &RwLock<Interner>) -> Result<SegCache> {
        let ff = reader.fast_fields();
        let max_doc = reader.max_doc();
        let n = max_doc as usize;
        let org_col = ff.i64("org").map_err(internal)?;
        let view_col = ff.i64("view").map_err(internal)?;
        let trl_col = ff.u64("trl").map_err(internal)?;
        let name_col = ff.str("name_sort").map_err(internal)?;
        let lock = || {
            interner
                .write()
                .map_err(|_| internal("interner lock poisoned"))
        };

        // Ordinal -> value id of each string column (dictionaries are small), TRL value -> id.
        let mut single = Vec::new();
        let mut multi = Vec::new();
        let mut trl_ids: HashMap<u64, u32> = HashMap::new();
        {
            let mut interner = lock()?;
            for (columns, out) in [(&SINGLE_COLUMNS, &mut single), (&MULTI_COLUMNS, &mut multi)] {
                for (facet, name) in columns.iter() {
                    let Some(col) = ff.str(name).map_err(internal)? else {
                        continue;
                    };
                    let mut map: Vec<u32> = Vec::with_capacity(col.num_terms());
                    let mut stream = col.dictionary().stream().map_err(internal)?;
                    while stream.advance() {
                        map.push(interner.id(*facet, &String::from_utf8_lossy(stream.key())));
                    }
                    out.push((*facet, col, map));
                }
            }
            if trl_col.num_docs() > 0 && trl_col.max_value() >= trl_col.min_value() {
                for v in trl_col.min_value()..=trl_col.max_value().min(trl_col.min_value() + 255) {
                    trl_ids.insert(v, interner.id(Facet::Trl, &v.to_string()));
                }
            }
        }

        let mut org = Vec::with_capacity(n);
        let mut view = Vec::with_capacity(n);
        let mut name_ord = Vec::with_capacity(n);
        let mut combo = Vec::with_capacity(n);
        let mut off = Vec::with_capacity(n + 1);
        let mut gids = Vec::with_capacity(n * 5);
        // Combinations numbered locally first, interned at the end under one short lock.
        let mut local: HashMap<Combo, u32> = HashMap::new();
        let mut local_list: Vec<Combo> = Vec::new();
        for doc in 0..max_doc {
            org.push(org_col.first(doc).unwrap_or_default());
            view.push(view_col.first(doc).unwrap_or(i64::MIN));
            name_ord.push(
                name_col
                    .as_ref()
                    .and_then(|c| c.term_ords(doc).next())
                    .unwrap_or_default() as u32,
            );
            let mut parts: Combo = [NONE; 4];
            for (facet, col, map) in &single {
                let slot = match facet {
                    Facet::EntityType => 0,
                    Facet::Typology => 1,
                    _ => 2,
                };
                if let Some(ord) = col.term_ords(doc).next() {
                    parts[slot] = map.get(ord as usize).copied().unwrap_or(NONE);
                }
            }
            if let Some(trl) = trl_col.first(doc) {
                parts[3] = trl_ids.get(&trl).copied().unwrap_or(NONE);
            }
            let id = *local.entry(parts).or_insert_with(|| {
                local_list.push(parts);
                (local_list.len() - 1) as u32
            });
            combo.push(id);
            off.push(gids.len() as u32);
            for (_, col, map) in &multi {
                for ord in col.term_ords(doc) {
                    if let Some(id) = map.get(ord as usize) {
                        gids.push(*id);
                    }
                }
            }
        }
        off.push(gids.len() as u32);
        gids.shrink_to_fit();
        let global: Vec<u32> = {
            let mut interner = lock()?;
            local_list.iter().map(|c| interner.combo(*c)).collect()
        };
        for c in &mut combo {
            *c = global[*c as usize];
        }
        Ok(SegCache {
            org,
            view,
            name_ord,
            combo,
            off,
            gids,
        })
    }
}

#[derive(Default)]
pub(crate) struct Caches {
    segments: RwLock<HashMap<SegmentId, Arc<SegCache>>>,
    pub interner: RwLock<Interner>,
}

impl Caches {
    /// The caches of the searcher's segments, by segment ordinal; builds the missing ones.
    /// `prune` drops the caches of segments the searcher no longer has.
    pub(crate) fn for_searcher(
        &self,
        searcher: &Searcher,
        prune: bool,
    ) -> Result<Vec<Arc<SegCache>>> {
        let readers = searcher.segment_readers();
        let mut out = Vec::with_capacity(readers.len());
        let mut missing = Vec::new();
        {
            let map = self
                .segments
                .read()
                .map_err(|_| internal("cache lock poisoned"))?;
            for (i, r) in readers.iter().enumerate() {
                match map.get(&r.segment_id()) {
                    Some(c) => out.push(Some(c.clone())),
                    None => {
                        out.push(None);
                        missing.push(i);
                    }
                }
            }
        }
        if !missing.is_empty() || prune {
            let mut map = self
                .segments
                .write()
                .map_err(|_| internal("cache lock poisoned"))?;
            for i in missing {
                let id = readers[i].segment_id();
                let cache = match map.get(&id) {
                    Some(c) => c.clone(),
                    None => {
                        let c = Arc::new(SegCache::build(&readers[i], &self.interner)?);
                        map.insert(id, c.clone());
                        c
                    }
                };
                out[i] = Some(cache);
            }
            if prune {
                map.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
            }
        }
        out.into_iter()
            .map(|c| c.ok_or_else(|| internal("segment cache missing")))
            .collect()
    }
}

/// Turns value counts into the result map: every facet name present, values sorted by count
/// (descending) then value.
pub(crate) fn facet_results(
    interner: &Interner,
    counts: &[u32],
) -> std::collections::BTreeMap<&'static str, Vec<(String, u64)>> {
    let mut out: std::collections::BTreeMap<&'static str, Vec<(String, u64)>> =
        FACET_NAMES.iter().map(|n| (*n, Vec::new())).collect();
    for (id, count) in counts.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        if let Some((facet, value)) = interner.value(id as u32)
            && let Some(list) = out.get_mut(FACET_NAMES[*facet as usize])
        {
            list.push((value.clone(), u64::from(*count)));
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    out
}
