#!/usr/bin/env python3
"""Search benchmark, SQL peers and report (driven by bench/search/run).

Loads DATA/orgs.jsonl into PostgreSQL full-text search and SQLite FTS5, runs the queries of
DATA/queries.json on each (top 10 + total + the same facet counts as ClusterHub, one statement
per search), and compares them with ClusterHub's figures in DATA/clusterhub.json (written by
crates/search/examples/search_bench.rs): latency p50/p99 and ratios, overlap of the top 10,
totals, and, for filter-only queries, the facet counts, which must be identical everywhere.

    peers.py DATA [--engines sqlite,postgres] [--passes 3] [--results-md F] [--results-json F]

PostgreSQL: connection URL from $TEST_DATABASE_URL (as exported by scripts/pg-start).
  One tsvector per organisation: name (weight A, 'simple'), tags (B, 'simple'), each text with
  its language's configuration (spanish, english, french, portuguese; 'simple' for Basque,
  Galician and unknown), all through unaccent; GIN index. A query is
  websearch_to_tsquery(cfg, unaccent(text)) OR-ed over the five configurations; ts_rank order;
  facets with GROUP BY (unnest for the multi-valued ones) over a MATERIALIZED CTE.
SQLite: Python's sqlite3, in memory; FTS5 table (name, tags, body) with
  tokenize = 'unicode61 remove_diacritics 2', bm25(3, 1.5, 1) order; words and "phrases" quoted;
  facets with GROUP BY over link tables.
Exit status 1 when a filter-only query's total or facet counts differ between engines.
"""

from __future__ import annotations

import argparse
import datetime
import io
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time

NAMES = {"clusterhub": "ClusterHub", "postgres": "PostgreSQL FTS", "sqlite": "SQLite FTS5"}
FACETS = ["subsector", "entity_type", "typology", "territory", "territory_nuts1", "territory_nuts2",
          "certification", "trl", "value_chain"]
LANG_FIELDS = ["es", "eu", "en", "fr", "gl", "pt", "xx"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def pct(values, p):
    v = sorted(values)
    if not v:
        return 0.0
    k = max(1, min(len(v), int(-(-p * len(v) // 100))))
    return v[k - 1]


def load_orgs(data):
    with open(os.path.join(data, "orgs.jsonl"), encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def texts_by_lang(o):
    out = {k: [] for k in LANG_FIELDS}
    for lang, text in o["texts"]:
        out[lang if lang in out and lang != "xx" else "xx"].append(text)
    return {k: " ".join(v) for k, v in out.items()}


def parse_text(text):
    """Words and "quoted phrases", as ClusterHub reads them."""
    out = []
    for i, part in enumerate(text.split('"')):
        if i % 2:
            if part.strip():
                out.append(("phrase", part.strip()))
        else:
            out.extend(("word", w) for w in part.split())
    return out


# ---------------------------------------------------------------------------------------------
# PostgreSQL


PG_FACET_SQL = """
UNION ALL SELECT 'subsector', s, count(*) FROM m, unnest(m.subsectors) s GROUP BY s
UNION ALL SELECT 'entity_type', entity_type, count(*) FROM m WHERE entity_type <> '' GROUP BY entity_type
UNION ALL SELECT 'typology', typology, count(*) FROM m WHERE typology IS NOT NULL GROUP BY typology
UNION ALL SELECT 'territory', territory, count(*) FROM m WHERE territory IS NOT NULL GROUP BY territory
UNION ALL SELECT 'territory_nuts1', left(territory, 3), count(*) FROM m WHERE length(territory) >= 3 GROUP BY 2
UNION ALL SELECT 'territory_nuts2', left(territory, 4), count(*) FROM m WHERE length(territory) >= 4 GROUP BY 2
UNION ALL SELECT 'certification', c, count(*) FROM m, unnest(m.certifications) c GROUP BY c
UNION ALL SELECT 'trl', trl::text, count(*) FROM m WHERE trl IS NOT NULL GROUP BY trl
UNION ALL SELECT 'value_chain', v, count(*) FROM m, unnest(m.value_chains) v GROUP BY v
"""
PG_CONFIGS = ["simple", "spanish", "english", "french", "portuguese"]


class Postgres:
    key = "postgres"

    def __init__(self):
        import psycopg2
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            raise RuntimeError("TEST_DATABASE_URL is not set (start the server with scripts/pg-start)")
        self.conn = psycopg2.connect(url)
        self.conn.autocommit = True
        self.cur = self.conn.cursor()
        self.cur.execute("SELECT version()")
        self.version = self.cur.fetchone()[0].split(" on ")[0]

    def load(self, orgs):
        cur = self.cur
        t0 = time.perf_counter()
        cur.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cur.execute("DROP TABLE IF EXISTS orgs")
        cur.execute("""CREATE TABLE orgs (
            id bigint PRIMARY KEY, view bigint NOT NULL, name text NOT NULL, tags text NOT NULL,
            text_es text, text_eu text, text_en text, text_fr text, text_gl text, text_pt text, text_xx text,
            entity_type text NOT NULL, subsectors text[] NOT NULL, typology text, territory text,
            certifications text[] NOT NULL, trl int, value_chains text[] NOT NULL, tsv tsvector)""")
        buf = io.StringIO()
        w = csv.writer(buf)

        def arr(values):
            return "{" + ",".join('"' + v.replace('"', '\\"') + '"' for v in values) + "}"

        for o in orgs:
            t = texts_by_lang(o)
            w.writerow([o["id"], 4, o["name"], " ; ".join(o["tags"])] + [t[k] for k in LANG_FIELDS] + [
                o["entity_type"], arr(o["subsectors"]), o["typology"] or "", o["territory"] or "",
                arr(o["certifications"]), "" if o["trl"] is None else o["trl"], arr(o["value_chains"])])
        buf.seek(0)
        cur.copy_expert("""COPY orgs (id, view, name, tags, text_es, text_eu, text_en, text_fr, text_gl,
            text_pt, text_xx, entity_type, subsectors, typology, territory, certifications, trl, value_chains)
            FROM STDIN WITH (FORMAT csv, NULL '')""", buf)
        copy_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        cur.execute("""UPDATE orgs SET tsv =
               setweight(to_tsvector('simple', unaccent(name)), 'A')
            || setweight(to_tsvector('simple', unaccent(tags)), 'B')
            || to_tsvector('spanish', unaccent(coalesce(text_es, '')))
            || to_tsvector('english', unaccent(coalesce(text_en, '')))
            || to_tsvector('french', unaccent(coalesce(text_fr, '')))
            || to_tsvector('portuguese', unaccent(coalesce(text_pt, '')))
            || to_tsvector('simple', unaccent(concat_ws(' ', text_eu, text_gl, text_xx)))""")
        cur.execute("CREATE INDEX orgs_tsv ON orgs USING gin (tsv)")
        cur.execute("CREATE INDEX orgs_view_name ON orgs (view, name)")
        cur.execute("CREATE INDEX orgs_subsectors ON orgs USING gin (subsectors)")
        cur.execute("CREATE INDEX orgs_certifications ON orgs USING gin (certifications)")
        cur.execute("CREATE INDEX orgs_territory ON orgs (territory text_pattern_ops)")
        cur.execute("CREATE INDEX orgs_entity_type ON orgs (entity_type)")
        cur.execute("VACUUM ANALYZE orgs")
        index_s = time.perf_counter() - t1
        cur.execute("SELECT pg_total_relation_size('orgs')")
        size = cur.fetchone()[0]
        return {"copy_s": copy_s, "tsvector_index_analyze_s": index_s, "bytes": size}

    def sql(self, q):
        f = q.get("filters") or {}
        where = ["o.view = 4"]
        params = {}
        if f.get("subsectors"):
            where.append("o.subsectors && %(subsectors)s::text[]")
            params["subsectors"] = f["subsectors"]
        if f.get("entity_types"):
            where.append("o.entity_type = ANY(%(entity_types)s)")
            params["entity_types"] = f["entity_types"]
        if f.get("territories"):
            where.append("o.territory LIKE ANY(%(territories)s)")
            params["territories"] = [t.upper() + "%" for t in f["territories"]]
        if f.get("certifications"):
            where.append("o.certifications && %(certifications)s::text[]")
            params["certifications"] = f["certifications"]
        if f.get("trl_min") is not None:
            where.append("o.trl >= %(trl_min)s")
            params["trl_min"] = f["trl_min"]
        cols = "o.id, o.name, o.entity_type, o.subsectors, o.typology, o.territory, o.certifications, o.trl, o.value_chains"
        if q["text"].strip():
            params["t"] = q["text"]
            tsq = " || ".join(f"websearch_to_tsquery('{c}', unaccent(%(t)s))" for c in PG_CONFIGS)
            m = (f"WITH q AS (SELECT {tsq} AS q), m AS MATERIALIZED (SELECT {cols}, ts_rank(o.tsv, q.q) AS r "
                 f"FROM orgs o, q WHERE o.tsv @@ q.q AND {' AND '.join(where)}) ")
            hits = "SELECT 'hit', id::text, r::float8 FROM (SELECT id, r FROM m ORDER BY r DESC, id LIMIT 10) h "
        else:
            m = f"WITH m AS MATERIALIZED (SELECT {cols} FROM orgs o WHERE {' AND '.join(where)}) "
            hits = "SELECT 'hit', id::text, 0::float8 FROM (SELECT id FROM m ORDER BY name, id LIMIT 10) h "
        return m + hits + "UNION ALL SELECT 'total', NULL, count(*) FROM m " + PG_FACET_SQL, params

    def run(self, q):
        sql, params = self.sql(q)
        self.cur.execute(sql, params)
        return self.cur.fetchall()

    def close(self):
        self.cur.execute("DROP TABLE IF EXISTS orgs")
        self.conn.close()


# ---------------------------------------------------------------------------------------------
# SQLite


SQLITE_FACET_SQL = """
UNION ALL SELECT 'subsector', s.value, count(*) FROM m JOIN org_subsector s ON s.org_id = m.id GROUP BY s.value
UNION ALL SELECT 'entity_type', entity_type, count(*) FROM m WHERE entity_type <> '' GROUP BY entity_type
UNION ALL SELECT 'typology', typology, count(*) FROM m WHERE typology IS NOT NULL GROUP BY typology
UNION ALL SELECT 'territory', territory, count(*) FROM m WHERE territory IS NOT NULL GROUP BY territory
UNION ALL SELECT 'territory_nuts1', substr(territory, 1, 3), count(*) FROM m WHERE length(territory) >= 3 GROUP BY 2
UNION ALL SELECT 'territory_nuts2', substr(territory, 1, 4), count(*) FROM m WHERE length(territory) >= 4 GROUP BY 2
UNION ALL SELECT 'certification', c.value, count(*) FROM m JOIN org_certification c ON c.org_id = m.id GROUP BY c.value
UNION ALL SELECT 'trl', CAST(trl AS TEXT), count(*) FROM m WHERE trl IS NOT NULL GROUP BY trl
UNION ALL SELECT 'value_chain', v.value, count(*) FROM m JOIN org_value_chain v ON v.org_id = m.id GROUP BY v.value
"""


class SQLite:
    key = "sqlite"

    def __init__(self):
        import sqlite3
        self.db = sqlite3.connect(":memory:")
        self.version = f"SQLite {sqlite3.sqlite_version} (Python sqlite3, in memory, FTS5)"

    def load(self, orgs):
        db = self.db
        t0 = time.perf_counter()
        db.execute("""CREATE TABLE orgs (id INTEGER PRIMARY KEY, view INTEGER NOT NULL, name TEXT NOT NULL,
            entity_type TEXT NOT NULL, typology TEXT, territory TEXT, trl INTEGER)""")
        for t in ("org_subsector", "org_certification", "org_value_chain"):
            db.execute(f"CREATE TABLE {t} (org_id INTEGER NOT NULL, value TEXT NOT NULL, "
                       f"PRIMARY KEY (org_id, value)) WITHOUT ROWID")
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(name, tags, body, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        db.executemany("INSERT INTO orgs VALUES (?, 4, ?, ?, ?, ?, ?)",
                       ((o["id"], o["name"], o["entity_type"], o["typology"], o["territory"], o["trl"]) for o in orgs))
        for table, key in (("org_subsector", "subsectors"), ("org_certification", "certifications"),
                           ("org_value_chain", "value_chains")):
            db.executemany(f"INSERT INTO {table} VALUES (?, ?)", ((o["id"], v) for o in orgs for v in o[key]))
        db.executemany("INSERT INTO fts (rowid, name, tags, body) VALUES (?, ?, ?, ?)",
                       ((o["id"], o["name"], " ; ".join(o["tags"]), " ".join(t for _, t in o["texts"]))
                        for o in orgs))
        db.commit()
        copy_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        for t in ("org_subsector", "org_certification", "org_value_chain"):
            db.execute(f"CREATE INDEX {t}_value ON {t} (value, org_id)")
        db.execute("CREATE INDEX orgs_view_name ON orgs (view, name)")
        db.execute("CREATE INDEX orgs_entity_type ON orgs (entity_type)")
        db.execute("CREATE INDEX orgs_territory ON orgs (territory)")
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.execute("ANALYZE")
        db.commit()
        index_s = time.perf_counter() - t1
        size = db.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").fetchone()[0]
        return {"copy_s": copy_s, "index_analyze_s": index_s, "bytes": size}

    @staticmethod
    def match(text):
        parts = []
        for kind, s in parse_text(text):
            parts.append('"' + s.replace('"', '""') + '"')
        return " ".join(parts)

    def sql(self, q):
        f = q.get("filters") or {}
        where = ["o.view = 4"]
        params = []
        for key, table in (("subsectors", "org_subsector"), ("certifications", "org_certification")):
            if f.get(key):
                where.append(f"o.id IN (SELECT org_id FROM {table} WHERE value IN ({','.join('?' * len(f[key]))}))")
                params.extend(f[key])
        if f.get("entity_types"):
            where.append(f"o.entity_type IN ({','.join('?' * len(f['entity_types']))})")
            params.extend(f["entity_types"])
        if f.get("territories"):
            where.append("(" + " OR ".join("o.territory LIKE ?" for _ in f["territories"]) + ")")
            params.extend(t.upper() + "%" for t in f["territories"])
        if f.get("trl_min") is not None:
            where.append("o.trl >= ?")
            params.append(f["trl_min"])
        cols = "o.id, o.name, o.entity_type, o.typology, o.territory, o.trl"
        match = self.match(q["text"]) if q["text"].strip() else ""
        if match:
            m = (f"WITH m AS MATERIALIZED (SELECT {cols}, bm25(fts, 3.0, 1.5, 1.0) AS r FROM fts "
                 f"JOIN orgs o ON o.id = fts.rowid WHERE fts MATCH ? AND {' AND '.join(where)}) ")
            params = [match] + params
            hits = "SELECT 'hit', id, r FROM (SELECT id, r FROM m ORDER BY r, id LIMIT 10) "
        else:
            m = f"WITH m AS MATERIALIZED (SELECT {cols} FROM orgs o WHERE {' AND '.join(where)}) "
            hits = "SELECT 'hit', id, 0 FROM (SELECT id FROM m ORDER BY name, id LIMIT 10) "
        return m + hits + "UNION ALL SELECT 'total', NULL, count(*) FROM m " + SQLITE_FACET_SQL, params

    def run(self, q):
        sql, params = self.sql(q)
        return self.db.execute(sql, params).fetchall()

    def close(self):
        self.db.close()


def answer(rows):
    """(total, top ids, facets) from the rows of one search."""
    total = 0
    top = []
    facets = {}
    for kind, value, n in rows:
        if kind == "hit":
            top.append(int(value))
        elif kind == "total":
            total = int(n)
        else:
            facets.setdefault(kind, {})[value] = int(n)
    return total, top, facets


def time_engine(engine, queries, passes):
    for q in queries:  # warm-up
        engine.run(q)
    samples = [[] for _ in queries]
    answers = []
    for p in range(passes):
        for i, q in enumerate(queries):
            t = time.perf_counter()
            rows = engine.run(q)
            samples[i].append((time.perf_counter() - t) * 1000)
            if p == 0:
                answers.append(answer(rows))
    return samples, answers


# ---------------------------------------------------------------------------------------------
# Report


def summary(samples):
    flat = [x for s in samples for x in s]
    medians = [statistics.median(s) for s in samples if s]
    return {"n": len(flat), "p50_ms": pct(flat, 50), "p90_ms": pct(flat, 90), "p99_ms": pct(flat, 99),
            "max_ms": max(flat) if flat else 0, "mean_ms": statistics.fmean(flat) if flat else 0,
            "median_of_query_p50_ms": pct(medians, 50), "median_of_query_p99_ms": pct(medians, 99)}


def fmt_ms(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--engines", default="sqlite,postgres")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--results-md")
    ap.add_argument("--results-json")
    a = ap.parse_args(argv)

    qfile = json.load(open(os.path.join(a.data, "queries.json"), encoding="utf-8"))
    queries = qfile["queries"]
    ch = json.load(open(os.path.join(a.data, "clusterhub.json"), encoding="utf-8"))
    orgs = load_orgs(a.data)
    results = {"clusterhub": {
        "name": NAMES["clusterhub"], "version": ch["engine"], "summary": summary(ch["per_query_ms"]),
        "samples": ch["per_query_ms"],
        "answers": [(x["total"], x["top"], x.get("facets")) for x in ch["answers"]],
        "load": {"build_s": ch["build_s"], "final_commit_s": ch["final_commit_s"], "bytes": ch["index_bytes"]},
    }}
    for key in [e for e in a.engines.split(",") if e]:
        engine = {"sqlite": SQLite, "postgres": Postgres}[key]()
        log(f"peers: {NAMES[key]}: loading {len(orgs)} organisations")
        load = engine.load(orgs)
        log(f"peers: {NAMES[key]}: loaded {load}; running {len(queries)} queries x {a.passes} passes")
        samples, answers = time_engine(engine, queries, a.passes)
        results[key] = {"name": NAMES[key], "version": engine.version, "summary": summary(samples),
                        "samples": samples, "answers": answers, "load": load}
        log(f"peers: {NAMES[key]}: {results[key]['summary']}")
        engine.close()

    report, failures = build_report(results, queries, qfile, ch, len(orgs), a.passes)
    print(report["text"])
    if a.results_md:
        with open(a.results_md, "w", encoding="utf-8") as fh:
            fh.write(report["md"])
    if a.results_json:
        slim = {k: {kk: vv for kk, vv in v.items() if kk not in ("samples", "answers")} for k, v in results.items()}
        with open(a.results_json, "w", encoding="utf-8") as fh:
            json.dump({"generated": report["when"], "organisations": len(orgs), "queries": len(queries),
                       "passes": a.passes, "engines": slim, "by_kind": report["by_kind"],
                       "agreement": report["agreement"], "clusterhub_extra": report["extra"],
                       "machine": report["machine"], "facet_mismatches": failures}, fh, indent=1)
    return 1 if failures else 0


def machine():
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "load_start": os.environ.get("BENCH_LOAD_START", "?"),
            "load_end": " ".join(open("/proc/loadavg").read().split()[:3]),
            "rustc": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()}


def build_report(results, queries, qfile, ch, n_orgs, passes):
    kinds = sorted({q["kind"] for q in queries}, key=lambda k: [x["kind"] for x in queries].index(k))
    engines = list(results)
    by_kind = {}
    for k in kinds:
        idx = [i for i, q in enumerate(queries) if q["kind"] == k]
        by_kind[k] = {"queries": len(idx)}
        for e in engines:
            flat = [x for i in idx for x in results[e]["samples"][i]]
            by_kind[k][e] = {"p50_ms": pct(flat, 50), "p99_ms": pct(flat, 99)}
    # Agreement with ClusterHub.
    agreement = {}
    failures = []
    ch_ans = results["clusterhub"]["answers"]
    for e in engines:
        if e == "clusterhub":
            continue
        ans = results[e]["answers"]
        per_kind = {}
        for k in kinds:
            idx = [i for i, q in enumerate(queries) if q["kind"] == k]
            overlaps = []
            small = []
            found_ch = found_peer = same_total = 0
            ratios = []
            for i in idx:
                (t1, top1, _), (t2, top2, _) = ch_ans[i], ans[i]
                found_ch += t1 > 0
                found_peer += t2 > 0
                same_total += t1 == t2
                if t2 > 0:
                    ratios.append(t1 / t2)
                if top1 and top2 and queries[i]["text"].strip():
                    overlaps.append(len(set(top1) & set(top2)) / min(10, len(top1), len(top2)))
                    if t1 <= 10 and t2 <= 10:
                        small.append(set(top1) == set(top2))
            per_kind[k] = {
                "overlap_at_10": statistics.fmean(overlaps) if overlaps else None,
                "overlap_queries": len(overlaps),
                "small_sets": len(small), "small_sets_equal": sum(small),
                "found_clusterhub": found_ch, "found_peer": found_peer, "same_total": same_total,
                "median_total_ratio": statistics.median(ratios) if ratios else None,
            }
        agreement[e] = per_kind
        for i, q in enumerate(queries):
            if q["kind"] != "filters_only":
                continue
            t1, _, f1 = ch_ans[i]
            t2, top2, f2 = ans[i]
            f1 = {k: v for k, v in (f1 or {}).items() if v}
            f2 = {k: v for k, v in f2.items() if v}
            if t1 != t2 or f1 != f2:
                failures.append({"engine": e, "query": q["id"], "clusterhub_total": t1, "peer_total": t2})
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    m = machine()
    extra = {"suggest": ch["suggest"], "update_commit": ch["update_commit"],
             "queries_after_updates": ch["queries_after_updates"], "rss_kb": ch["rss_kb"],
             "rss_peak_kb": ch["rss_peak_kb"]}

    base = results["clusterhub"]["summary"]
    lines = []
    lines.append(f"# Search benchmark: {n_orgs:,} organisations, {len(queries):,} queries\n")
    lines.append(f"Generated {when} by `bench/search/run`. Machine: {m['cpu']}, {m['cores']} cores; "
                 f"load average {m['load_start']} at start, {m['load_end']} at the end (other work on the "
                 f"machine shares the cores: read the figures as relative). {m['rustc']}.\n")
    lines.append("Each engine answers the same queries: the top 10, the total, and counts for 9 facets "
                 "(subsector, entity type, typology, territory at NUTS 3, 2 and 1, certification, TRL, "
                 "value chain) over the whole matching set, one organisation per public document of "
                 f"cluster 1. One warm-up pass, then {passes} timed passes: percentiles are over "
                 f"{len(queries) * passes:,} searches. ClusterHub runs in process (the library call); "
                 "PostgreSQL is measured from a Python client over loopback (a round trip is about "
                 "0.1 ms of its figures); SQLite runs in process through Python's sqlite3.\n")
    lines.append("## Latency\n")
    lines.append("| engine | p50 ms | p90 ms | p99 ms | mean ms | p50 vs ClusterHub | p99 vs ClusterHub | p99 of per-query medians | load + index |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for e in engines:
        s = results[e]["summary"]
        ld = results[e]["load"]
        if e == "clusterhub":
            load = f"{ld['build_s']:.1f} s ({ld['bytes'] / 1e6:.0f} MB on disk)"
        else:
            load = f"{sum(v for k, v in ld.items() if k.endswith('_s')):.1f} s ({ld['bytes'] / 1e6:.0f} MB)"
        lines.append(f"| {results[e]['name']} | {fmt_ms(s['p50_ms'])} | {fmt_ms(s['p90_ms'])} | {fmt_ms(s['p99_ms'])} | "
                     f"{fmt_ms(s['mean_ms'])} | {s['p50_ms'] / base['p50_ms']:.1f}× | {s['p99_ms'] / base['p99_ms']:.1f}× | "
                     f"{fmt_ms(s['median_of_query_p99_ms'])} | {load} |")
    lines.append("| ClusterHub over HTTP | — | — | — | — | — | — | — | not measured yet: see below |")
    lines.append("")
    lines.append("p50/p90/p99 are over every timed search. \"p99 of per-query medians\" takes each query's "
                 "median over the passes first: it keeps what is slow about a query and drops one-off "
                 "stalls from other processes on the machine.\n")
    lines.append("Versions: " + "; ".join(f"{results[e]['name']}: {results[e]['version']}" for e in engines) + ".\n")
    lines.append("### By kind of query (p50 / p99 ms)\n")
    lines.append("| kind | queries | " + " | ".join(results[e]["name"] for e in engines) + " |")
    lines.append("|---|---:|" + "---:|" * len(engines))
    for k in kinds:
        cells = " | ".join(f"{fmt_ms(by_kind[k][e]['p50_ms'])} / {fmt_ms(by_kind[k][e]['p99_ms'])}" for e in engines)
        lines.append(f"| {k} | {by_kind[k]['queries']} | {cells} |")
    lines.append("")
    lines.append("Kinds: `word` (one word of an organisation's text or tags, as written), `two_words`, "
                 "`phrase` (2–3 consecutive words in quotes), `name_typo` (a word of a name with one "
                 "edit: substitution, deletion, insertion or transposition), `name_word`, `unaccented` "
                 "(a word typed without its accents), `filters_only` (empty text, facet filters); 35% of "
                 "the text queries also carry facet filters.\n")
    lines.append("## ClusterHub, other operations\n")
    lines.append(f"- Name completion (`suggest`, 8 results, {len(qfile['prefixes'])} prefixes of 2–6 letters): "
                 f"p50 {fmt_ms(ch['suggest']['p50_ms'])} ms, p99 {fmt_ms(ch['suggest']['p99_ms'])} ms.")
    lines.append(f"- Replace one organisation and commit (fsync, reader reload, per-segment arrays of the new "
                 f"segment): p50 {fmt_ms(ch['update_commit']['p50_ms'])} ms, p99 {fmt_ms(ch['update_commit']['p99_ms'])} ms "
                 f"over {ch['update_commit']['n']} commits; the same queries right after those commits: "
                 f"p50 {fmt_ms(ch['queries_after_updates']['p50_ms'])} ms, p99 {fmt_ms(ch['queries_after_updates']['p99_ms'])} ms.")
    lines.append(f"- Full build: {ch['build_s']:.1f} s for {n_orgs:,} organisations (final commit "
                 f"{ch['final_commit_s']:.1f} s, {ch['segments_after_build']} segments; waiting for the "
                 f"background merges: {ch['merge_wait_s']:.1f} s more, {ch['segments']} segments searched); "
                 f"{ch['segments_after_updates']} segments after the 50 small commits; process RSS {ch['rss_kb'] / 1024:.0f} MB "
                 f"(peak {ch['rss_peak_kb'] / 1024:.0f} MB, with the whole data set in memory as Rust values).\n")
    lines.append("## Do the engines agree?\n")
    lines.append("Overlap@10: share of the smaller of the two top-10 lists that the other also has, averaged "
                 "over the queries where both found something. The engines rank differently (tantivy BM25 "
                 "with a name boost; `ts_rank`; FTS5 `bm25`) and match differently: ClusterHub stems "
                 "per language, folds accents, forgives typos on names and lets function words be "
                 "optional; PostgreSQL stems per configuration without typo tolerance; FTS5 folds accents "
                 "only. Exact single words (`word`, `name_word`) are where they should agree most.\n")
    lines.append("| peer | kind | overlap@10 | queries compared | same set when both found ≤ 10 | found by ClusterHub | found by peer | same total | median total ClusterHub / peer |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for e, per_kind in agreement.items():
        for k in kinds:
            a = per_kind[k]
            ov = "—" if a["overlap_at_10"] is None else f"{a['overlap_at_10'] * 100:.0f}%"
            ratio = "—" if a["median_total_ratio"] is None else f"{a['median_total_ratio']:.2f}"
            small = f"{a['small_sets_equal']} of {a['small_sets']}" if a["small_sets"] else "—"
            lines.append(f"| {results[e]['name']} | {k} | {ov} | {a['overlap_queries']} | {small} | {a['found_clusterhub']} | "
                         f"{a['found_peer']} | {a['same_total']} | {ratio} |")
    lines.append("")
    n_fo = sum(1 for q in queries if q["kind"] == "filters_only")
    if failures:
        lines.append(f"**Facet check failed**: {len(failures)} filter-only queries differ: {failures[:10]}\n")
    else:
        lines.append(f"Facet check: on the {n_fo} filter-only queries (same matching set by construction), "
                     "every engine returns the same total and the same counts for all 9 facets.\n")
    lines.append("## Over HTTP\n")
    lines.append("Not measured yet: to be added once the server exposes the search (the row above is "
                 "reserved for it; `bench/search/run` has the matching placeholder). It should run the same "
                 "`queries.json` against the JSON API of a server holding the same 100k organisations.\n")
    lines.append("## Reproduce\n")
    lines.append("```sh\nbench/search/run            # N=100000\nN=10000 bench/search/run    # quick\n```\n")
    md = "\n".join(lines)
    text_lines = [f"{results[e]['name']:16} p50 {results[e]['summary']['p50_ms']:8.2f} ms  p99 {results[e]['summary']['p99_ms']:8.2f} ms"
                  for e in engines]
    return {"md": md, "text": "\n".join(text_lines), "when": when, "by_kind": by_kind,
            "agreement": agreement, "extra": extra, "machine": m}, failures


if __name__ == "__main__":
    sys.exit(main())
