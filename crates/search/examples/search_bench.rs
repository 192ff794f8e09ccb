//! Search benchmark, ClusterHub side (driven by `bench/search/run`).
//!
//! ```sh
//! cargo run --release -p clusterhub-search --example search_bench -- \
//!     --data DIR [--index DIR] [--passes 3] [--out DIR/clusterhub.json]
//! ```
//!
//! Reads `DIR/orgs.jsonl` and `DIR/queries.json` (written by `bench/search/gen.py`), builds an
//! on-disk index (one Public document per organisation in cluster 1), then times, in process:
//! every query with facet counts (one warm-up pass, then `--passes` timed passes; 10 hits each),
//! name completion on the prefixes, and small updates (replace one organisation + commit).
//! Writes per-query latencies, totals, top-10 ids and, for filter-only queries, the facet counts
//! to the output JSON, which `bench/search/peers.py` compares with the SQL peers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clusterhub_search::{Facets, Filters, OrgDoc, Query, SearchIndex, Tier, View};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, Clone)]
struct Org {
    id: i64,
    name: String,
    texts: Vec<(String, String)>,
    tags: Vec<String>,
    entity_type: String,
    subsectors: Vec<String>,
    typology: Option<String>,
    territory: Option<String>,
    certifications: Vec<String>,
    trl: Option<u8>,
    value_chains: Vec<String>,
}

#[derive(Deserialize)]
struct QueryFile {
    queries: Vec<BenchQuery>,
    prefixes: Vec<String>,
}

#[derive(Deserialize)]
struct BenchQuery {
    id: usize,
    kind: String,
    text: String,
    #[serde(default)]
    filters: BenchFilters,
}

#[derive(Deserialize, Default)]
struct BenchFilters {
    #[serde(default)]
    subsectors: Vec<String>,
    #[serde(default)]
    entity_types: Vec<String>,
    #[serde(default)]
    territories: Vec<String>,
    #[serde(default)]
    certifications: Vec<String>,
    #[serde(default)]
    trl_min: Option<u8>,
}

type BoxError = Box<dyn std::error::Error>;

fn doc(o: Org) -> OrgDoc {
    OrgDoc {
        organisation_id: o.id,
        cluster_id: 1,
        tier: Tier::Public,
        name: o.name,
        texts: o.texts,
        tags: o.tags,
        facets: Facets {
            subsectors: o.subsectors,
            entity_type: o.entity_type,
            typology: o.typology,
            territory: o.territory,
            certifications: o.certifications,
            trl: o.trl,
            value_chains: o.value_chains,
        },
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(mut samples: Vec<f64>) -> serde_json::Value {
    samples.sort_by(f64::total_cmp);
    let mean = samples.iter().sum::<f64>() / samples.len().max(1) as f64;
    json!({
        "n": samples.len(),
        "p50_ms": percentile(&samples, 50.0),
        "p90_ms": percentile(&samples, 90.0),
        "p99_ms": percentile(&samples, 99.0),
        "max_ms": samples.last().copied().unwrap_or(0.0),
        "mean_ms": mean,
    })
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), BoxError> {
    let mut data = PathBuf::from("bench/search/data");
    let mut index_dir: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut passes = 3usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(value()?),
            "--index" => index_dir = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--passes" => passes = value()?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let index_dir = index_dir.unwrap_or_else(|| data.join("index"));
    let out = out.unwrap_or_else(|| data.join("clusterhub.json"));

    // --- data ---------------------------------------------------------------------------------
    let t = Instant::now();
    let orgs_text = std::fs::read_to_string(data.join("orgs.jsonl"))?;
    let mut orgs: Vec<Org> = Vec::new();
    for line in orgs_text.lines().filter(|l| !l.trim().is_empty()) {
        orgs.push(serde_json::from_str(line)?);
    }
    drop(orgs_text);
    let qf: QueryFile = serde_json::from_str(&std::fs::read_to_string(data.join("queries.json"))?)?;
    let n = orgs.len();
    eprintln!(
        "search_bench: {n} organisations, {} queries read in {:.1?}",
        qf.queries.len(),
        t.elapsed()
    );
    let names: Vec<(i64, String)> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    let first_docs: Vec<OrgDoc> = orgs.iter().take(50).map(|o| doc(o.clone())).collect();

    // --- build --------------------------------------------------------------------------------
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)?;
    }
    let rss_before_kb = status_kb("VmRSS:");
    let t = Instant::now();
    let ix = SearchIndex::open_or_create(&index_dir)?;
    let mut batch_ids = Vec::with_capacity(1000);
    let mut batch = Vec::with_capacity(1000);
    for o in orgs {
        batch_ids.push(o.id);
        batch.push(doc(o));
        if batch.len() == 1000 {
            ix.replace(&batch_ids, std::mem::take(&mut batch))?;
            batch_ids.clear();
        }
    }
    ix.replace(&batch_ids, batch)?;
    let t_commit = Instant::now();
    ix.commit(1)?;
    let commit_s = t_commit.elapsed().as_secs_f64();
    let build_s = t.elapsed().as_secs_f64();
    // As after a full reindex: let the background merges finish before measuring.
    let segments_after_build = ix.segment_count();
    let t_merge = Instant::now();
    ix.wait_merges()?;
    let merge_wait_s = t_merge.elapsed().as_secs_f64();
    eprintln!(
        "search_bench: index built in {build_s:.2} s (final commit {commit_s:.2} s), {} documents, {:.1} MB on disk",
        ix.doc_count(),
        dir_size(&index_dir) as f64 / 1e6
    );

    // --- queries ------------------------------------------------------------------------------
    let views = [View {
        cluster_id: 1,
        tier: Tier::Public,
    }];
    let filters: Vec<Filters> = qf
        .queries
        .iter()
        .map(|q| Filters {
            subsectors: q.filters.subsectors.clone(),
            entity_types: q.filters.entity_types.clone(),
            territories: q.filters.territories.clone(),
            certifications: q.filters.certifications.clone(),
            trl_min: q.filters.trl_min,
            ..Default::default()
        })
        .collect();
    let run = |q: &BenchQuery, f: &Filters| {
        ix.search(&Query {
            text: &q.text,
            views: &views,
            filters: f,
            limit: 10,
            offset: 0,
        })
    };
    for (q, f) in qf.queries.iter().zip(&filters) {
        run(q, f)?;
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(passes); qf.queries.len()];
    let mut answers = Vec::with_capacity(qf.queries.len());
    for pass in 0..passes {
        for (i, (q, f)) in qf.queries.iter().zip(&filters).enumerate() {
            let t = Instant::now();
            let r = run(q, f)?;
            samples[i].push(t.elapsed().as_secs_f64() * 1000.0);
            if pass == 0 {
                let mut answer = json!({
                    "id": q.id,
                    "total": r.total,
                    "top": r.hits.iter().map(|h| h.organisation_id).collect::<Vec<_>>(),
                });
                if q.kind == "filters_only" {
                    let facets: BTreeMap<&str, BTreeMap<String, u64>> = r
                        .facets
                        .iter()
                        .map(|(k, v)| (*k, v.iter().cloned().collect()))
                        .collect();
                    answer["facets"] = json!(facets);
                }
                answers.push(answer);
            }
        }
    }
    let all: Vec<f64> = samples.iter().flatten().copied().collect();
    let query_summary = summary(all);
    eprintln!("search_bench: queries {query_summary}");

    // --- completion ---------------------------------------------------------------------------
    for p in &qf.prefixes {
        ix.suggest(p, &views, 8)?;
    }
    let mut suggest_samples = Vec::new();
    for _ in 0..passes {
        for p in &qf.prefixes {
            let t = Instant::now();
            ix.suggest(p, &views, 8)?;
            suggest_samples.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let suggest_summary = summary(suggest_samples);
    eprintln!("search_bench: suggest {suggest_summary}");

    // --- small updates: replace one organisation and commit -----------------------------------
    let segment_count_before_updates = ix.segment_count();
    let mut update_samples = Vec::new();
    for (k, mut d) in first_docs.into_iter().enumerate() {
        d.name = format!("{} (renamed {k})", names[k].1);
        let id = d.organisation_id;
        let t = Instant::now();
        ix.replace(&[id], vec![d])?;
        ix.commit(2 + k as i64)?;
        update_samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let update_summary = summary(update_samples);
    eprintln!("search_bench: replace one + commit {update_summary}");
    // Latency after those 50 small commits (more segments until merges catch up).
    let mut after = Vec::new();
    for (q, f) in qf.queries.iter().zip(&filters) {
        let t = Instant::now();
        run(q, f)?;
        after.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    let report = json!({
        "engine": "ClusterHub (clusterhub-search, tantivy 0.27, in process)",
        "organisations": n,
        "documents": ix.doc_count(),
        "build_s": build_s,
        "final_commit_s": commit_s,
        "segments_after_build": segments_after_build,
        "merge_wait_s": merge_wait_s,
        "segments": segment_count_before_updates,
        "segments_after_updates": ix.segment_count(),
        "index_bytes": dir_size(&index_dir),
        "rss_before_build_kb": rss_before_kb,
        "rss_kb": status_kb("VmRSS:"),
        "rss_peak_kb": status_kb("VmHWM:"),
        "passes": passes,
        "queries": query_summary,
        "per_query_ms": samples,
        "answers": answers,
        "suggest": suggest_summary,
        "update_commit": update_summary,
        "queries_after_updates": summary(after),
    });
    std::fs::write(&out, serde_json::to_string(&report)?)?;
    println!(
        "{}",
        json!({"queries": report["queries"], "suggest": report["suggest"], "update_commit": report["update_commit"], "build_s": build_s})
    );
    Ok(())
}
