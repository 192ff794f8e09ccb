//! The organisation directory's full-text index (tantivy).
//!
//! The application builds one [`OrgDoc`] per (cluster membership, visibility tier) with only the
//! fields visible at that tier, and calls [`SearchIndex::replace`] for the organisations an outbox
//! entry touched, then [`SearchIndex::commit`] with the outbox position. Readers pass the
//! (cluster, tier) pairs they may read as [`View`]s: nothing outside them can match, be counted in
//! a facet or be suggested.
//!
//! Languages and analysis: see `analysis.rs` (Snowball stemmers for es, en, fr, pt and Basque;
//! Galician and unknown-language texts folded without stemming). Query syntax: words (all must
//! match, function words excepted), `"quoted phrases"`, typo tolerance on names (`query.rs`).
//!
//! Costs, for the integrator (figures from `bench/search`, 100k organisations, 2 shared cores):
//! - One writer, created at open: 1 indexing thread with a 50 MB arena, 1 merge thread
//!   (merges run in the background; [`SearchIndex::wait_merges`] after a full reindex). `replace`
//!   only queues work; `commit` indexes what is queued, writes and fsyncs the segment files,
//!   reloads the reader and builds the per-segment arrays of new segments (`cache.rs`): about
//!   10 ms for one organisation on an idle machine (90 ms p50 on a busy one), about 5 s for
//!   100k at once. Batch the outbox: one commit per batch, not per entry.
//! - Opening a 100k index takes under 0.1 s (the per-segment arrays are built then).
//! - Memory: the mmap'ed index (24 MB for 100k organisations) plus about 50 bytes per document
//!   for the per-segment arrays.
//! - Searches take only short read locks; they can run on any number of threads. Each runs on
//!   the calling thread (0.5 ms p50, 2.3 ms p99 of per-query medians at 100k with facet
//!   counts): call it from `spawn_blocking` in async code.

mod analysis;
mod cache;
mod collect;
mod query;
mod schema;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use clusterhub_core::Error;
use tantivy::indexer::{IndexWriterOptions, UserOperation};
use tantivy::query::{AllQuery, BooleanQuery, FuzzyTermQuery, Occur, Query as TantivyQuery};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::cache::{Caches, facet_results};
use crate::collect::{Cand, Gather, ViewRanks};
pub use crate::schema::FACET_NAMES;
use crate::schema::Fields;

pub type Result<T> = clusterhub_core::Result<T>;

/// Writer arena (one indexing thread).
const WRITER_MEMORY: usize = 50_000_000;
/// The file beside the index that records the schema version it was built with.
const VERSION_FILE: &str = "clusterhub-search-version";

pub(crate) fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search index: {e}"))
}

/// Who may read a document: the app indexes one document per (cluster membership, tier),
/// each holding only the fields visible at that tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    Public,
    Members,
    Staff,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Public => "public",
            Tier::Members => "members",
            Tier::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        match s {
            "public" => Some(Tier::Public),
            "members" => Some(Tier::Members),
            "staff" => Some(Tier::Staff),
            _ => None,
        }
    }

    fn code(self) -> i64 {
        match self {
            Tier::Public => 0,
            Tier::Members => 1,
            Tier::Staff => 2,
        }
    }

    fn from_code(code: i64) -> Tier {
        match code {
            1 => Tier::Members,
            2 => Tier::Staff,
            _ => Tier::Public,
        }
    }
}

/// The indexed key of a (cluster, tier): `cluster_id * 4 + tier`; `None` past ±2^61.
pub(crate) fn view_key(cluster_id: i64, tier: Tier) -> Option<i64> {
    cluster_id.checked_mul(4)?.checked_add(tier.code())
}

fn split_view_key(key: i64) -> (i64, Tier) {
    (key >> 2, Tier::from_code(key & 3))
}

#[derive(Clone, Debug, Default)]
pub struct Facets {
    /// Cluster-specific codes.
    pub subsectors: Vec<String>,
    /// company, research_centre, hospital, ...
    pub entity_type: String,
    /// Cluster-specific code.
    pub typology: Option<String>,
    /// NUTS code, e.g. "ES213": filtered by prefix, counted as is ("territory"), by NUTS 1
    /// ("territory_nuts1", 3 characters) and NUTS 2 ("territory_nuts2", 4 characters).
    pub territory: Option<String>,
    /// iso13485, mdr_iia, ivdr_c, gmp, ...
    pub certifications: Vec<String>,
    /// 1..=9
    pub trl: Option<u8>,
    pub value_chains: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct OrgDoc {
    pub organisation_id: i64,
    pub cluster_id: i64,
    pub tier: Tier,
    pub name: String,
    /// Free texts with their language: "es","eu","en","fr","gl","pt", or "" when unknown
    /// (any other code is treated as unknown; "es-ES" counts as "es").
    pub texts: Vec<(String, String)>,
    /// Tags: capabilities, needs, products, technologies, R&D areas, markets (any language).
    pub tags: Vec<String>,
    pub facets: Facets,
}

/// One (cluster, tier) the reader may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct View {
    pub cluster_id: i64,
    pub tier: Tier,
}

/// OR within one facet, AND across facets.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub subsectors: Vec<String>,
    pub entity_types: Vec<String>,
    pub typologies: Vec<String>,
    /// NUTS prefixes: "ES2" matches ES213.
    pub territories: Vec<String>,
    pub certifications: Vec<String>,
    /// TRL at least this.
    pub trl_min: Option<u8>,
    pub value_chains: Vec<String>,
}

pub struct Query<'a> {
    pub text: &'a str,
    pub views: &'a [View],
    pub filters: &'a Filters,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub organisation_id: i64,
    pub cluster_id: i64,
    pub tier: Tier,
    pub score: f32,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct Results {
    /// Distinct organisations matching.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Facet name ([`FACET_NAMES`]: "subsector", "entity_type", "typology", "territory",
    /// "territory_nuts1", "territory_nuts2", "certification", "trl", "value_chain") ->
    /// (value, number of distinct organisations), sorted by count descending then value.
    /// Every name is present, with an empty list when nothing matches.
    pub facets: BTreeMap<&'static str, Vec<(String, u64)>>,
}

struct Coverage {
    /// Put the view filter in the query.
    filter: bool,
    /// Check each match's view in the collector.
    check: bool,
}

/// The index. `Send + Sync`: share it in an `Arc`.
pub struct SearchIndex {
    reader: IndexReader,
    /// `None` only while `wait_merges` swaps it.
    writer: Mutex<Option<IndexWriter>>,
    index: Index,
    fields: Fields,
    caches: Caches,
    position: Mutex<Option<i64>>,
}

fn lock<T>(m: &Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>> {
    m.lock().map_err(|_| internal("lock poisoned"))
}

/// Removes the files of a tantivy index from `dir` (and nothing else).
fn wipe(dir: &Path) -> Result<()> {
    const EXTENSIONS: [&str; 8] = [
        "idx",
        "pos",
        "term",
        "store",
        "fast",
        "fieldnorm",
        "del",
        "lock",
    ];
    for entry in std::fs::read_dir(dir).map_err(internal)? {
        let entry = entry.map_err(internal)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ext = name.rsplit('.').next().unwrap_or("");
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name == VERSION_FILE
            || name.starts_with(".tantivy-")
            || (name.contains('.') && EXTENSIONS.contains(&ext));
        if ours && entry.file_type().map_err(internal)?.is_file() {
            std::fs::remove_file(entry.path()).map_err(internal)?;
        }
    }
    Ok(())
}

fn new_writer(index: &Index) -> Result<IndexWriter> {
    index
        .writer_with_options(
            IndexWriterOptions::builder()
                .memory_budget_per_thread(WRITER_MEMORY)
                .num_worker_threads(1)
                .num_merge_threads(1)
                .build(),
        )
        .map_err(internal)
}

impl SearchIndex {
    /// Opens the index in `dir` (created if needed). An index of another schema version, or one
    /// that cannot be opened, is deleted (its files only) and recreated empty: `position()` is
    /// then `None` and the application must feed it from the start.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        let (schema, fields) = schema::build();
        std::fs::create_dir_all(dir).map_err(internal)?;
        let version_path = dir.join(VERSION_FILE);
        let version_ok = std::fs::read_to_string(&version_path)
            .map(|v| v.trim() == schema::SCHEMA_VERSION.to_string())
            .unwrap_or(false);
        let existing = if version_ok && dir.join("meta.json").exists() {
            Index::open_in_dir(dir)
                .ok()
                .filter(|i| i.schema() == schema)
        } else {
            None
        };
        let index = match existing {
            Some(index) => index,
            None => {
                wipe(dir)?;
                let index = Index::create_in_dir(dir, schema).map_err(internal)?;
                std::fs::write(&version_path, format!("{}\n", schema::SCHEMA_VERSION))
                    .map_err(internal)?;
                index
            }
        };
        Self::with_index(index, fields)
    }

    /// An index in memory (tests, benchmarks, throwaway use).
    pub fn in_ram() -> Result<Self> {
        let (schema, fields) = schema::build();
        Self::with_index(Index::create_in_ram(schema), fields)
    }

    fn with_index(index: Index, fields: Fields) -> Result<Self> {
        analysis::register(&index);
        let writer = new_writer(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(internal)?;
        let position = index
            .load_metas()
            .map_err(internal)?
            .payload
            .and_then(|p| p.trim().parse::<i64>().ok());
        let this = SearchIndex {
            reader,
            writer: Mutex::new(Some(writer)),
            index: index.clone(),
            fields,
            caches: Caches::default(),
            position: Mutex::new(position),
        };
        this.caches.for_searcher(&this.reader.searcher(), true)?;
        Ok(this)
    }

    fn document(&self, d: &OrgDoc) -> Result<TantivyDocument> {
        let f = &self.fields;
        let key = view_key(d.cluster_id, d.tier)
            .ok_or_else(|| internal(format!("cluster id {} out of range", d.cluster_id)))?;
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.org, d.organisation_id);
        doc.add_i64(f.view, key);
        doc.add_text(f.name, &d.name);
        doc.add_text(f.name_sort, analysis::sort_key(&d.name));
        for tag in &d.tags {
            doc.add_text(f.tags, tag);
            doc.add_text(f.tags_multi, tag);
        }
        for (lang, text) in &d.texts {
            let lang = lang.trim().to_ascii_lowercase();
            let lang = lang.split(['-', '_']).next().unwrap_or("");
            let slot = analysis::LANGUAGES
                .iter()
                .position(|l| l.0 == lang)
                .unwrap_or(analysis::LANGUAGES.len() - 1);
            doc.add_text(f.texts[slot], text);
        }
        let facets = &d.facets;
        let mut add_all = |field, values: &[String]| {
            let mut values: Vec<&str> = values
                .iter()
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .collect();
            values.sort_unstable();
            values.dedup();
            for v in values {
                doc.add_text(field, v);
            }
        };
        add_all(f.subsector, &facets.subsectors);
        add_all(f.certification, &facets.certifications);
        add_all(f.value_chain, &facets.value_chains);
        add_all(f.entity_type, std::slice::from_ref(&facets.entity_type));
        if let Some(t) = &facets.typology {
            add_all(f.typology, std::slice::from_ref(t));
        }
        if let Some(t) = &facets.territory {
            let code = t.trim().to_uppercase();
            if !code.is_empty() {
                doc.add_text(f.territory, &code);
                for (i, _) in code.char_indices().skip(2) {
                    doc.add_text(f.territory_prefix, &code[..i]);
                }
                doc.add_text(f.territory_prefix, &code);
            }
        }
        if let Some(trl) = facets.trl {
            doc.add_u64(f.trl, u64::from(trl));
        }
        Ok(doc)
    }

    /// Replaces every document of these organisations with `docs` (docs may be empty: the
    /// organisation is gone). Not visible until commit. Every doc must belong to one of
    /// `organisation_ids`, with at most one doc per (organisation, cluster, tier).
    pub fn replace(&self, organisation_ids: &[i64], docs: Vec<OrgDoc>) -> Result<()> {
        let ids: HashSet<i64> = organisation_ids.iter().copied().collect();
        let mut seen = HashSet::new();
        let mut ops = Vec::with_capacity(ids.len() + docs.len());
        for id in &ids {
            ops.push(UserOperation::Delete(Term::from_field_i64(
                self.fields.org,
                *id,
            )));
        }
        for d in &docs {
            if !ids.contains(&d.organisation_id) {
                return Err(internal(format!(
                    "document of organisation {} not among the replaced ids",
                    d.organisation_id
                )));
            }
            if !seen.insert((d.organisation_id, d.cluster_id, d.tier)) {
                return Err(internal(format!(
                    "two documents for organisation {} in cluster {} at tier {}",
                    d.organisation_id,
                    d.cluster_id,
                    d.tier.as_str()
                )));
            }
            ops.push(UserOperation::Add(self.document(d)?));
        }
        self.with_writer(|w| w.run(ops).map(|_| ()))?;
        Ok(())
    }

    /// Deletes every document (visible after commit).
    pub fn clear(&self) -> Result<()> {
        self.with_writer(|w| w.delete_all_documents().map(|_| ()))
    }

    /// Commits and makes the change searchable at once (the reader is reloaded before this
    /// returns); stores `position` (the app's outbox position) in the commit payload.
    pub fn commit(&self, position: i64) -> Result<()> {
        self.with_writer(|w| {
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&position.to_string());
            prepared.commit().map(|_| ())
        })?;
        self.reader.reload().map_err(internal)?;
        self.caches.for_searcher(&self.reader.searcher(), true)?;
        *lock(&self.position)? = Some(position);
        Ok(())
    }

    fn with_writer(&self, f: impl FnOnce(&mut IndexWriter) -> tantivy::Result<()>) -> Result<()> {
        let mut guard = lock(&self.writer)?;
        let writer = guard.as_mut().ok_or_else(|| internal("no writer"))?;
        f(writer).map_err(internal)
    }

    /// Waits for the background segment merges to finish, then reloads the reader. For after a
    /// bulk load (a full reindex): searches then see fewer, larger segments and no merge competes
    /// with them for the CPU. Uncommitted changes are discarded: commit first. Blocks writers
    /// meanwhile (searches go on).
    pub fn wait_merges(&self) -> Result<()> {
        let mut guard = lock(&self.writer)?;
        if let Some(writer) = guard.take() {
            writer.wait_merging_threads().map_err(internal)?;
        }
        *guard = Some(new_writer(&self.index)?);
        drop(guard);
        self.reader.reload().map_err(internal)?;
        self.caches.for_searcher(&self.reader.searcher(), true)?;
        Ok(())
    }

    /// Number of segments searched now (tantivy merges them in the background).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Payload of the last commit.
    pub fn position(&self) -> Option<i64> {
        self.position.lock().ok().and_then(|p| *p)
    }

    /// Documents searchable now (one per organisation, cluster and tier).
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs the query; collects every matching document of the views.
    fn gather(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn TantivyQuery,
        ranks: &Arc<ViewRanks>,
        scoring: bool,
    ) -> Result<(Vec<Cand>, Vec<Arc<cache::SegCache>>)> {
        let caches = self.caches.for_searcher(searcher, false)?;
        let collector = Gather {
            caches: caches.clone(),
            ranks: ranks.clone(),
            scoring,
            check_views: false,
        };
        let cands = searcher.search(query, &collector).map_err(internal)?;
        Ok((cands, caches))
    }

    pub fn search(&self, q: &Query) -> Result<Results> {
        let ranks = Arc::new(ViewRanks::new(q.views));
        if ranks.is_empty() {
            return Ok(Results {
                facets: facet_results(&cache::Interner::default(), &[]),
                ..Default::default()
            });
        }
        let searcher = self.reader.searcher();
        let mut analyzers = query::Analyzers::new();
        let text = query::text_query(&self.fields, &mut analyzers, q.text);
        let scoring = text.is_some();
        let coverage = self.coverage(&searcher, &ranks)?;
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> =
            text.into_iter().map(|t| (Occur::Must, t)).collect();
        for f in query::filter_queries(&self.fields, q.views, q.filters, coverage.filter) {
            clauses.push((Occur::Must, f));
        }
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let want = q.offset.saturating_add(q.limit);
        let (total, counts, top) = if ranks.is_multi() {
            let caches = self.caches.for_searcher(&searcher, false)?;
            let collector = Gather {
                caches: caches.clone(),
                ranks: ranks.clone(),
                scoring,
                check_views: coverage.check,
            };
            let cands = searcher.search(&query, &collector).map_err(internal)?;
            let grouped = collect::dedupe(cands, true);
            let counts = {
                let interner = self.interner()?;
                collect::count_facets(&grouped, &caches, &interner)
            };
            let mut kept = grouped.kept;
            let top = if q.limit == 0 || q.offset >= kept.len() {
                Vec::new()
            } else if scoring {
                collect::top_by_score(&mut kept, want)
            } else {
                collect::top_by_name(&searcher, &caches, &kept, want, |_| 0)?
            };
            (kept.len(), counts, top)
        } else {
            let caches = self.caches.for_searcher(&searcher, false)?;
            let (values, combos) = self.interner()?.sizes();
            let collector = collect::Stream {
                caches: caches.clone(),
                scoring,
                want: if q.limit == 0 { 0 } else { want },
                by_name: !scoring,
                values,
                combos,
                check_views: coverage.check.then(|| ranks.clone()),
            };
            let mut fruit = searcher.search(&query, &collector).map_err(internal)?;
            self.interner()?
                .expand(&mut fruit.counts, &fruit.combo_counts);
            let top = if scoring {
                collect::top_by_score(&mut fruit.top, want)
            } else {
                collect::top_by_name(&searcher, &caches, &fruit.top, want, |_| 0)?
            };
            (fruit.total, fruit.counts, top)
        };
        let facets = facet_results(&*self.interner()?, &counts);
        let hits = top
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .map(|c| self.hit(&searcher, &c, if scoring { c.score } else { 0.0 }))
            .collect::<Result<Vec<_>>>()?;
        Ok(Results {
            total,
            hits,
            facets,
        })
    }

    fn interner(&self) -> Result<std::sync::RwLockReadGuard<'_, cache::Interner>> {
        self.caches
            .interner
            .read()
            .map_err(|_| internal("interner lock poisoned"))
    }

    /// How to keep to the views. Every document carries one view, so the views' document
    /// frequencies (deleted documents included) tell which share of the index they hold. When
    /// they hold everything, no filter at all; when they hold most of it, the collector checks
    /// each match's view from the per-segment arrays, which is cheaper than intersecting with
    /// the view's postings; otherwise the query filters on them.
    fn coverage(&self, searcher: &tantivy::Searcher, ranks: &ViewRanks) -> Result<Coverage> {
        let total: u64 = searcher
            .segment_readers()
            .iter()
            .map(|r| u64::from(r.max_doc()))
            .sum();
        let mut covered = 0u64;
        for key in ranks.keys() {
            covered += searcher
                .doc_freq(&Term::from_field_i64(self.fields.view, *key))
                .map_err(internal)?;
        }
        Ok(if covered >= total {
            Coverage {
                filter: false,
                check: false,
            }
        } else if covered * 2 >= total {
            Coverage {
                filter: false,
                check: true,
            }
        } else {
            Coverage {
                filter: true,
                check: false,
            }
        })
    }

    fn hit(&self, searcher: &tantivy::Searcher, c: &Cand, score: f32) -> Result<Hit> {
        let doc: TantivyDocument = searcher
            .doc(DocAddress::new(c.seg, c.doc))
            .map_err(internal)?;
        let name = doc
            .get_first(self.fields.name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let (cluster_id, tier) = split_view_key(c.view);
        Ok(Hit {
            organisation_id: c.org,
            cluster_id,
            tier,
            score,
            name,
        })
    }

    /// Name completion for a prefix (accent- and case-insensitive), within the views, at most
    /// `limit` organisations, for "results as you type". Every word of the prefix must begin a
    /// word of the name. Names that begin with the whole prefix come first (score 1.0), then
    /// the others (score 0.5); alphabetical (folded) within each group.
    pub fn suggest(&self, prefix: &str, views: &[View], limit: usize) -> Result<Vec<Hit>> {
        let ranks = Arc::new(ViewRanks::new(views));
        if ranks.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let words: Vec<String> =
            analysis::positions(&mut analysis::analyzer(analysis::FOLD), prefix)
                .into_iter()
                .filter_map(|g| g.into_iter().next())
                .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let key = words.join(" ");
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = words
            .iter()
            .map(|w| {
                let q: Box<dyn TantivyQuery> = Box::new(FuzzyTermQuery::new_prefix(
                    Term::from_field_text(self.fields.name, w),
                    0,
                    true,
                ));
                (Occur::Must, q)
            })
            .collect();
        for f in query::filter_queries(&self.fields, views, &Filters::default(), true) {
            clauses.push((Occur::Must, f));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let (cands, caches) = self.gather(&searcher, &query, &ranks, false)?;
        let kept = collect::dedupe(cands, ranks.is_multi()).kept;
        // Per segment, the ordinals of the names that begin with the prefix form one range.
        let mut ranges = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let range = match reader.fast_fields().str("name_sort").map_err(internal)? {
                Some(col) => {
                    let mut upper = key.as_bytes().to_vec();
                    upper.push(0xFF);
                    let (lo, hi) = col
                        .dictionary()
                        .term_bounds_to_ord(
                            std::ops::Bound::Included(key.as_bytes()),
                            std::ops::Bound::Excluded(upper.as_slice()),
                        )
                        .map_err(internal)?;
                    (bound_start(lo), bound_end(hi))
                }
                None => (0, 0),
            };
            ranges.push(range);
        }
        let class = |c: &Cand| -> u32 {
            let ord = caches[c.seg as usize].name_ord[c.doc as usize] as u64;
            match ranges.get(c.seg as usize) {
                Some((lo, hi)) if ord >= *lo && ord < *hi => 0,
                _ => 1,
            }
        };
        let top = collect::top_by_name(&searcher, &caches, &kept, limit, class)?;
        top.into_iter()
            .take(limit)
            .map(|c| {
                let score = if class(&c) == 0 { 1.0 } else { 0.5 };
                self.hit(&searcher, &c, score)
            })
            .collect()
    }
}

fn bound_start(b: std::ops::Bound<u64>) -> u64 {
    match b {
        std::ops::Bound::Included(x) => x,
        std::ops::Bound::Excluded(x) => x.saturating_add(1),
        std::ops::Bound::Unbounded => 0,
    }
}

fn bound_end(b: std::ops::Bound<u64>) -> u64 {
    match b {
        std::ops::Bound::Included(x) => x.saturating_add(1),
        std::ops::Bound::Excluded(x) => x,
        std::ops::Bound::Unbounded => u64::MAX,
    }
}

#[cfg(test)]
mod tests;
