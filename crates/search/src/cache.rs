//! Per-segment arrays read by every search: organisation, view, name order and the facet values of
//! each document as small integers ("global value ids", interned once per process).
//!
//! Built once per segment (segments are immutable; deletions do not change them) when the reader
//! is reloaded by `commit` or at open, so a search never decodes columns or stored documents to
//! count facets: it adds 1 to `counts[gid]` for each value of each matching document.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tantivy::{Searcher, SegmentReader, index::SegmentId};

use crate::schema::{FACET_COLUMNS, FACET_NAMES, Facet};
use crate::{Result, internal};

/// Facet values seen by this process, numbered densely. Append-only.
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashMap<(Facet, String), u32>,
    values: Vec<(Facet, String)>,
}

impl Interner {
    fn id(&mut self, facet: Facet, value: &str) -> u32 {
        if let Some(id) = self.ids.get(&(facet, value.to_string())) {
            return *id;
        }
        let id = self.values.len() as u32;
        self.values.push((facet, value.to_string()));
        self.ids.insert((facet, value.to_string()), id);
        id
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    pub(crate) fn value(&self, id: u32) -> Option<&(Facet, String)> {
        self.values.get(id as usize)
    }
}

pub(crate) struct SegCache {
    pub org: Vec<i64>,
    pub view: Vec<i64>,
    /// Ordinal of the document's `name_sort` in this segment's dictionary (sorted).
    pub name_ord: Vec<u32>,
    /// Facet value ids of document `d`: `gids[off[d]..off[d + 1]]`.
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

        // Ordinal -> value id maps of each string column (dictionaries are small).
        let mut columns = Vec::new();
        {
            let mut interner = interner
                .write()
                .map_err(|_| internal("interner lock poisoned"))?;
            for (facet, name) in FACET_COLUMNS {
                let Some(col) = ff.str(name).map_err(internal)? else {
                    continue;
                };
                let mut map: Vec<Vec<u32>> = Vec::with_capacity(col.num_terms());
                let mut stream = col.dictionary().stream().map_err(internal)?;
                while stream.advance() {
                    let value = String::from_utf8_lossy(stream.key()).into_owned();
                    let mut ids = vec![interner.id(facet, &value)];
                    if facet == Facet::Territory {
                        // NUTS 1 and NUTS 2 of a code (3 and 4 characters), when it is that long.
                        for (level, len) in [(Facet::TerritoryNuts1, 3), (Facet::TerritoryNuts2, 4)]
                        {
                            if let Some(prefix) = value.get(..len) {
                                ids.push(interner.id(level, prefix));
                            }
                        }
                    }
                    map.push(ids);
                }
                columns.push((col, map));
            }
            // TRL values 0..=255 are interned lazily below through this table.
        }
        let mut trl_ids: HashMap<u64, u32> = HashMap::new();

        let mut org = Vec::with_capacity(n);
        let mut view = Vec::with_capacity(n);
        let mut name_ord = Vec::with_capacity(n);
        let mut off = Vec::with_capacity(n + 1);
        let mut gids = Vec::with_capacity(n * 8);
        for doc in 0..max_doc {
            org.push(org_col.first(doc).unwrap_or_default());
            view.push(view_col.first(doc).unwrap_or(i64::MIN));
            name_ord.push(
                name_col
                    .as_ref()
                    .and_then(|c| c.term_ords(doc).next())
                    .unwrap_or_default() as u32,
            );
            off.push(gids.len() as u32);
            for (col, map) in &columns {
                for ord in col.term_ords(doc) {
                    if let Some(ids) = map.get(ord as usize) {
                        gids.extend_from_slice(ids);
                    }
                }
            }
            if let Some(trl) = trl_col.first(doc) {
                let id = match trl_ids.get(&trl) {
                    Some(id) => *id,
                    None => {
                        let mut interner = interner
                            .write()
                            .map_err(|_| internal("interner lock poisoned"))?;
                        let id = interner.id(Facet::Trl, &trl.to_string());
                        trl_ids.insert(trl, id);
                        id
                    }
                };
                gids.push(id);
            }
        }
        off.push(gids.len() as u32);
        gids.shrink_to_fit();
        Ok(SegCache {
            org,
            view,
            name_ord,
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
