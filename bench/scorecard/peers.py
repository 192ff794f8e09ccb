#!/usr/bin/env python3
"""Scorecard benchmark, SQL peers (driven by bench/scorecard/run).

Loads the CSV files written by `crates/plan/examples/scorecard_bench.rs` into SQLite (Python's
sqlite3, in memory), PostgreSQL (the server started by scripts/pg-start, through psycopg2) and
DuckDB (the Python package, in memory), runs the generated queries.sql on each (one warm-up pass,
then the median of 3 timed passes), checks every answer against ClusterHub's values.json (1e-6
relative), prints the comparison and writes bench/scorecard/results.md and results.json.

    peers.py DATA_DIR [--engines sqlite,postgres,duckdb] [--clusterhub DATA_DIR/clusterhub.jsonl]
             [--results-md FILE] [--results-json FILE] [--passes 3]

PostgreSQL: connection URL from $TEST_DATABASE_URL (as exported by scripts/pg-start).
Exit status 1 when any peer's value differs from ClusterHub's (or a query fails).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Tables: name, CSV file, columns (name, type), primary key. Types: int, bigint, bool, date,
# text, float. Dates are ISO text in SQLite (as in ClusterHub's own SQLite schema) and DATE in
# PostgreSQL and DuckDB; no query uses a date literal, so the same SQL runs on all three.
TABLES = [
    ("activities", "activities.csv", [
        ("id", "bigint"), ("meeting", "bool"), ("starts_on", "date"), ("yr", "int"),
        ("kind", "text"), ("subtype", "text?"), ("scope", "text?"), ("counterpart", "text?"),
        ("external", "bool"), ("attendees", "bigint"), ("amount_cents", "bigint"),
    ], "id"),
    ("activity_links", "activity_links.csv", [("activity_id", "bigint"), ("item", "text")],
     "activity_id, item"),
    ("activity_organisations", "activity_organisations.csv",
     [("activity_id", "bigint"), ("organisation_id", "bigint")], "activity_id, organisation_id"),
    ("activity_people", "activity_people.csv", [("activity_id", "bigint"), ("person_id", "bigint")],
     "activity_id, person_id"),
    ("memberships", "memberships.csv", [
        ("id", "bigint"), ("organisation_id", "bigint"), ("since", "date?"), ("until", "date?"),
        ("typology", "text"), ("entity_type", "text?"),
    ], "id"),
    ("cluster_groups", "groups.csv", [
        ("id", "bigint"), ("kind", "text"), ("starts_on", "date?"), ("ends_on", "date?"),
    ], "id"),
    ("seats", "seats.csv", [
        ("group_id", "bigint"), ("kind", "text"), ("person_id", "bigint"),
        ("organisation_id", "bigint?"), ("term_start", "date?"), ("term_end", "date?"),
    ], "group_id, person_id"),
    ("survey", "survey.csv", [
        ("id", "bigint"), ("organisation_id", "bigint"), ("yr", "int"), ("entity_type", "text?"),
        ("employment", "float?"), ("revenue", "float?"), ("exports", "float?"),
        ("rd_investment", "float?"), ("new_funding", "float?"), ("satisfaction", "float?"),
    ], "id"),
    ("years", "years.csv", [("yr", "int"), ("y_start", "date"), ("y_end", "date")], "yr"),
]

# Secondary indexes for SQLite and PostgreSQL (DuckDB scans columns; it gets none, and no key
# constraints either, as usual for an analytical load).
# - activities (kind, yr, ...): every log measure filters on kind and groups by year; the extra
#   columns make the common counts index-only.
# - activity_links (item, activity_id): "linked to pillar X or anything under it".
# - activity_organisations (organisation_id): the other direction of the join.
# - memberships (organisation_id, since, until): "was the organisation a member on that day".
INDEXES = [
    "CREATE INDEX activities_kind_yr ON activities (kind, yr, subtype, scope, counterpart, external)",
    "CREATE INDEX activities_yr ON activities (yr)",
    "CREATE INDEX activity_links_item ON activity_links (item, activity_id)",
    "CREATE INDEX activity_organisations_org ON activity_organisations (organisation_id, activity_id)",
    "CREATE INDEX memberships_org ON memberships (organisation_id, since, until)",
    "CREATE INDEX survey_yr ON survey (yr)",
]

TYPES = {
    "sqlite": {"int": "INTEGER", "bigint": "INTEGER", "bool": "INTEGER", "date": "TEXT",
               "text": "TEXT", "float": "REAL"},
    "postgres": {"int": "INTEGER", "bigint": "BIGINT", "bool": "BOOLEAN", "date": "DATE",
                 "text": "TEXT", "float": "DOUBLE PRECISION"},
    "duckdb": {"int": "INTEGER", "bigint": "BIGINT", "bool": "BOOLEAN", "date": "DATE",
               "text": "VARCHAR", "float": "DOUBLE"},
}

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL", "duckdb": "DuckDB", "duckdb1": "DuckDB, 1 thread"}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def ddl(engine, name, cols, pk):
    parts = []
    for c, t in cols:
        base = t.rstrip("?")
        null = "" if t.endswith("?") else " NOT NULL"
        parts.append(f"{c} {TYPES[engine][base]}{null}")
    if engine != "duckdb":
        if engine == "sqlite" and pk == "id":
            # The rowid alias: SQLite's natural clustered key.
            parts = [p.replace("id INTEGER NOT NULL", "id INTEGER PRIMARY KEY", 1) if p.startswith("id ") else p
                     for p in parts]
        else:
            parts.append(f"PRIMARY KEY ({pk})")
    # SQLite: link tables clustered on their key (no separate rowid b-tree).
    tail = " WITHOUT ROWID" if engine == "sqlite" and "," in pk else ""
    return f"CREATE TABLE {name} ({', '.join(parts)}){tail}"


def read_queries(path):
    out = []
    with open(path) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("--"):
                continue
            code, sql = line.split("\t", 1)
            out.append((code, sql))
    return out


# ---------------------------------------------------------------------------------------------
# Engines


class SQLite:
    def __init__(self, data):
        import sqlite3
        self.version = f"SQLite {sqlite3.sqlite_version} (Python sqlite3, in memory)"
        self.db = sqlite3.connect(":memory:")
        self.data = data

    def load(self):
        timings = {}
        t0 = time.perf_counter()
        conv = {
            "int": int, "bigint": int, "float": float, "text": str, "date": str,
            "bool": lambda s: 1 if s == "true" else 0,
        }
        for name, fname, cols, pk in TABLES:
            self.db.execute(ddl("sqlite", name, cols, pk))
            fns = []
            for _, t in cols:
                f = conv[t.rstrip("?")]
                fns.append((lambda f: (lambda s: f(s) if s != "" else None))(f) if t.endswith("?") else f)
            with open(os.path.join(self.data, fname), newline="") as fh:
                r = csv.reader(fh)
                next(r)
                marks = ", ".join("?" * len(cols))
                self.db.executemany(f"INSERT INTO {name} VALUES ({marks})",
                                    ([f(v) for f, v in zip(fns, row)] for row in r))
            self.db.commit()
        timings["copy_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        for ix in INDEXES:
            self.db.execute(ix)
        self.db.execute("ANALYZE")
        self.db.commit()
        timings["index_analyze_s"] = time.perf_counter() - t1
        return timings

    def query(self, sql):
        return self.db.execute(sql).fetchall()

    def close(self):
        self.db.close()


class Postgres:
    def __init__(self, data):
        import psycopg2
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            raise RuntimeError("TEST_DATABASE_URL is not set (start the server with scripts/pg-start)")
        self.conn = psycopg2.connect(url)
        self.conn.autocommit = True
        self.cur = self.conn.cursor()
        self.cur.execute("SELECT version()")
        self.version = self.cur.fetchone()[0].split(" on ")[0]
        self.settings = {}
        self.data = data

    def load(self):
        timings = {}
        cur = self.cur
        for name, _, _, _ in reversed(TABLES):
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        t0 = time.perf_counter()
        for name, fname, cols, pk in TABLES:
            cur.execute(ddl("postgres", name, cols, pk))
            with open(os.path.join(self.data, fname)) as fh:
                cur.copy_expert(
                    f"COPY {name} ({', '.join(c for c, _ in cols)}) FROM STDIN WITH (FORMAT csv, HEADER true)", fh)
        timings["copy_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        for ix in INDEXES:
            cur.execute(ix)
        # VACUUM sets the visibility map (index-only scans), ANALYZE the statistics.
        cur.execute("VACUUM ANALYZE")
        timings["index_analyze_s"] = time.perf_counter() - t1
        for k in ["shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit"]:
            cur.execute(f"SHOW {k}")
            self.settings[k] = cur.fetchone()[0]
        return timings

    def query(self, sql):
        self.cur.execute(sql)
        return self.cur.fetchall()

    def close(self):
        self.conn.close()


class DuckDB:
    def __init__(self, data):
        import duckdb
        self.version = f"DuckDB {duckdb.__version__} (Python package, in memory)"
        self.db = duckdb.connect(":memory:")
        self.threads = self.db.execute("SELECT current_setting('threads')").fetchone()[0]
        self.data = data

    def load(self):
        timings = {}
        t0 = time.perf_counter()
        for name, fname, cols, pk in TABLES:
            self.db.execute(ddl("duckdb", name, cols, pk))
            path = os.path.join(self.data, fname).replace("'", "''")
            self.db.execute(f"COPY {name} FROM '{path}' (FORMAT csv, HEADER true)")
        timings["copy_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        self.db.execute("ANALYZE")
        timings["index_analyze_s"] = time.perf_counter() - t1
        return timings

    def query(self, sql):
        return self.db.execute(sql).fetchall()

    def close(self):
        self.db.close()


class DuckDB1(DuckDB):
    """DuckDB held to one thread: the same single core ClusterHub's build uses."""

    def __init__(self, data):
        super().__init__(data)
        self.db.execute("SET threads = 1")
        self.threads = 1


ENGINES = {"sqlite": SQLite, "postgres": Postgres, "duckdb": DuckDB, "duckdb1": DuckDB1}


# ---------------------------------------------------------------------------------------------
# Checks


def num(v):
    if v is None:
        return None
    return float(v)


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-9)


def check(engine, answers, expected, years):
    """Mismatches between a peer's answers and ClusterHub's values, as readable lines."""
    bad = []
    for code, rows in answers.items():
        got = {}
        for row in rows:
            got[int(row[0])] = num(row[1])
        want = expected["indicators"][code]["values"]
        for y in years:
            w = want.get(str(y))
            g = got.get(y, "missing")
            if g == "missing" or not same(g, w):
                bad.append(f"{NAMES[engine]} {code} {y}: SQL {g!r} vs ClusterHub {w!r}")
        extra = set(got) - set(years)
        if extra:
            bad.append(f"{NAMES[engine]} {code}: unexpected years {sorted(extra)}")
    return bad


# ---------------------------------------------------------------------------------------------
# Main


def run_engine(key, data, queries, expected, years, passes, check_only=False):
    log(f"== {NAMES[key]}: loading")
    e = ENGINES[key](data)
    res = {"engine": NAMES[key], "version": e.version}
    try:
        load = e.load()
        res["load"] = load
        log(f"   loaded in {load['copy_s']:.1f} s + {load['index_analyze_s']:.1f} s indexes/statistics")
        if key == "postgres":
            res["settings"] = e.settings
        if key == "duckdb":
            res["threads"] = e.threads
        # Warm-up pass: also the answers that are checked.
        answers = {}
        t0 = time.perf_counter()
        for code, sql in queries:
            answers[code] = e.query(sql)
        res["warmup_s"] = time.perf_counter() - t0
        res["mismatches"] = check(key, answers, expected, years)
        if check_only:
            passes = 0
        per = {code: [] for code, _ in queries}
        totals = []
        for _ in range(passes):
            total = 0.0
            for code, sql in queries:
                t = time.perf_counter()
                rows = e.query(sql)
                dt = time.perf_counter() - t
                per[code].append(dt)
                total += dt
                if len(rows) != len(years):
                    res["mismatches"].append(f"{NAMES[key]} {code}: {len(rows)} rows")
            totals.append(total)
        if totals:
            res["passes_s"] = totals
            res["total_s"] = statistics.median(totals)
            res["per_query_ms"] = {c: statistics.median(v) * 1e3 for c, v in per.items()}
            log(f"   {len(queries)} queries: median {res['total_s'] * 1e3:.1f} ms per full scorecard "
                f"(passes: {', '.join(f'{x * 1e3:.1f}' for x in totals)} ms)")
        for m in res["mismatches"]:
            log(f"   MISMATCH {m}")
    except Exception as ex:  # a failing peer is reported, not hidden
        res["error"] = f"{type(ex).__name__}: {ex}"
        res["mismatches"] = res.get("mismatches", []) + [f"{NAMES[key]}: {res['error']}"]
        log(f"   ERROR {res['error']}")
    finally:
        e.close()
    return res


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem}"


def cmd_out(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def fmt_ms(x):
    return f"{x:,.1f}" if x < 100 else f"{x:,.0f}"


def report(ch, peers, n_queries, manual, expected, args):
    """Prints the comparison and writes results.md / results.json."""
    gen = ch.get("generated", {})
    build = ch.get("build", {}).get("median_ms")
    board = ch.get("board", {}).get("median_ms")
    inc = ch.get("incremental", {})
    cons = ch.get("consistency", {})
    full = None if build is None or board is None else build + board
    n = gen.get("n", expected.get("n"))
    rows = gen.get("rows", {})
    years = expected["years"]
    date = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    load = ""
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass

    table = []
    table.append(("ClusterHub (in-process engine)", full, 1.0 if full else None,
                  "Engine::new + board() × %d years" % len(years)))
    duck = None
    for p in peers:
        if "total_s" in p:
            t = p["total_s"] * 1e3
            table.append((p["engine"], t, t / full if full else None,
                          f"{n_queries} queries, median of {len(p['passes_s'])}"))
            if p["engine"] == "DuckDB":
                duck = t
        else:
            table.append((p["engine"], None, None, p.get("error", "failed")))
    mismatches = [m for p in peers for m in p.get("mismatches", [])]
    if not cons.get("ok", True):
        mismatches += [f"ClusterHub incremental vs rebuilt: {d}" for d in cons.get("diffs", [])]

    inc_med = inc.get("median_us")
    inc_p99 = inc.get("p99_us")
    goal_full = None if duck is None or full is None else full <= duck
    goal_inc = None if inc_med is None else inc_med < 1000

    def yes(b):
        return "n/a" if b is None else ("**met**" if b else "**missed**")

    lines = []
    lines.append("# Scorecard benchmark")
    lines.append("")
    start = os.environ.get("BENCH_LOAD_START", "").replace(" ", ", ")
    lines.append(f"Run {date} on {machine()}; load average (1, 5, 15 min) "
                 + (f"at the start {start}, " if start else "") + f"at the end {load}. "
                 "Generated by `bench/scorecard/run`; overwritten by every run.")
    lines.append("")
    lines.append(f"- plan: `{expected.get('plan')}` ({len(expected['indicators'])} indicators; "
                 f"{n_queries} computed from records and compared; {len(manual)} manual ones have no SQL "
                 f"equivalent and are skipped: {', '.join(manual)})")
    lines.append(f"- data (seed {expected.get('seed')}): **N = {n:,} activities** over {years[0]}–{years[-1]}, one cluster; "
                 + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    lines.append(f"- versions: {cmd_out(['rustc', '--version'])}; "
                 + "; ".join(p["version"] for p in peers))
    for p in peers:
        if "settings" in p:
            lines.append("- PostgreSQL settings: " + ", ".join(f"{k}={v}" for k, v in p["settings"].items())
                         + " (fsync off, as started by scripts/pg-start)")
        if "threads" in p:
            lines.append(f"- {p['engine']}: threads = {p['threads']}")
    lines.append("")
    lines.append("## Full scorecard: every indicator, every year")
    lines.append("")
    lines.append("| engine | full scorecard (ms) | ratio to ClusterHub | what is timed |")
    lines.append("|---|---:|---:|---|")
    for name, t, r, what in table:
        lines.append(f"| {name} | {fmt_ms(t) if t is not None else 'failed'} | "
                     f"{(f'{r:.2f}×' if r is not None else '')} | {what} |")
    lines.append("")
    lines.append(f"ClusterHub: `Engine::new` (builds every monthly total from all facts: the full recompute) "
                 f"median of {len(ch.get('build', {}).get('runs_ms', []))} = **{fmt_ms(build or 0)} ms**, then the board of "
                 f"the {len(years)} years = **{fmt_ms(board or 0)} ms**. Ratio above 1× = slower than ClusterHub. "
                 f"Peers: the sum of the {n_queries} queries, run one after another on one connection, "
                 "median of the timed passes after a warm-up pass; times include fetching the 4 result rows.")
    lines.append("")
    lines.append(f"Goal \"full recompute no slower than DuckDB\": {yes(goal_full)}"
                 + (f" ({fmt_ms(full)} ms vs {fmt_ms(duck)} ms)." if goal_full is not None else "."))
    lines.append("")
    lines.append("## Incremental: one new activity on the board")
    lines.append("")
    if inc:
        lines.append(f"{inc.get('n', 0):,} new random activities, each `engine.upsert(&activity)` followed by "
                     "`engine.board(year of the activity)` (all indicators of that year), timed in process:")
        lines.append("")
        lines.append("| step | median (µs) | p99 (µs) |")
        lines.append("|---|---:|---:|")
        lines.append(f"| upsert | {inc.get('upsert_median_us', 0):,.1f} | {inc.get('upsert_p99_us', 0):,.1f} |")
        lines.append(f"| board of the year | {inc.get('board_median_us', 0):,.1f} | {inc.get('board_p99_us', 0):,.1f} |")
        lines.append(f"| **upsert + board** | **{inc_med:,.1f}** | **{inc_p99:,.1f}** |")
        lines.append("")
        lines.append(f"Goal \"under 1 ms of server work\" (median): {yes(goal_inc)}; p99 "
                     f"{'under' if (inc_p99 or 0) < 1000 else 'over'} 1 ms; max {inc.get('max_us', 0):,.0f} µs "
                     f"(upsert number {inc.get('max_at', 0) + 1}; the first one after a build also grows the "
                     "engine's vectors). "
                     f"After the {inc.get('n', 0):,} upserts the engine agrees with a fresh `Engine::new` over the same "
                     f"facts: {'yes' if cons.get('ok') else 'NO'}.")
    lines.append("")
    lines.append("## Loading (not part of the compared figures)")
    lines.append("")
    lines.append("| engine | CSV load (s) | indexes + statistics (s) |")
    lines.append("|---|---:|---:|")
    lines.append(f"| ClusterHub | — | — |")
    for p in peers:
        if "load" in p:
            lines.append(f"| {p['engine']} | {p['load']['copy_s']:.1f} | {p['load']['index_analyze_s']:.1f} |")
    lines.append("")
    lines.append(f"ClusterHub's engine is built from facts already in memory (generation took "
                 f"{gen.get('generate_ms', 0):,.0f} ms, writing the CSV files {gen.get('write_ms', 0):,.0f} ms); "
                 "its build is the compared figure above. SQLite: `executemany` from Python into an in-memory "
                 "database; PostgreSQL: `COPY ... FROM STDIN` then `VACUUM ANALYZE`; DuckDB: `COPY ... FROM` file.")
    lines.append("")
    lines.append("## Checks")
    lines.append("")
    if mismatches:
        lines.append(f"**{len(mismatches)} MISMATCHES** (the figures above are not comparable until fixed):")
        lines.append("")
        for m in mismatches[:50]:
            lines.append(f"- {m}")
    else:
        lines.append(f"Every peer's {n_queries} × {len(years)} values equal ClusterHub's (1e-6 relative; NULL = no value).")
    lines.append("")
    lines.append("## Slowest queries (ms, median)")
    lines.append("")
    okp = [p for p in peers if "per_query_ms" in p]
    if okp:
        codes = list(okp[0]["per_query_ms"].keys())
        key = okp[-1]["per_query_ms"]
        top = sorted(codes, key=lambda c: -max(p["per_query_ms"].get(c, 0) for p in okp))[:10]
        lines.append("| indicator | " + " | ".join(p["engine"] for p in okp) + " |")
        lines.append("|---|" + "---:|" * len(okp))
        for c in top:
            lines.append(f"| {c} | " + " | ".join(fmt_ms(p["per_query_ms"][c]) for p in okp) + " |")
        del key
    lines.append("")
    lines.append("## How")
    lines.append("")
    lines.append(
        "- Data: `crates/plan/examples/scorecard_bench.rs` generates it deterministically (SplitMix64): ~600 "
        "organisations, ~2,000 people, activity kinds/subtypes/scopes/counterparts in realistic proportions, "
        "0–2 links to the plan's pillars/lines/actions, 0–5 organisations (skewed towards the most active) and "
        "0–3 people per activity, attendees and amounts; ~600 memberships (some ended, some re-joined), 15 "
        "groups with 300 seats, ~1,200 survey answers. The same facts go to the engine and, as CSV, to the peers.")
    lines.append(
        "- SQL: the example translates each indicator's measure into one query over the CSV tables, "
        "`GROUP BY` year for all years at once, with the engine's semantics: `pillar = X` is resolved through the "
        "plan's ancestry into `a.id IN (SELECT activity_id FROM activity_links WHERE item IN (X, its lines, "
        "their actions))`; `distinct organisation` with `member = true` keeps organisations with a membership "
        "active on the activity's date; `members` is the stock on 31 December; ratios and growth rates are "
        "computed from their operands' queries (a `years` table gives every year a row, including the year "
        "before the plan for growth). The text in `queries.sql` is run unchanged on all three peers.")
    lines.append(
        "- Schema: the CSV columns as tables, an integer `yr` column on activities (the peers' `GROUP BY` key), "
        "dates as DATE (ISO text in SQLite, like ClusterHub's own SQLite schema); primary keys and these "
        "indexes on SQLite and PostgreSQL: " + "; ".join(f"`{i.split(' ON ')[1]}`" for i in INDEXES)
        + ". DuckDB gets no index (it scans columns).")
    lines.append(
        "- ClusterHub runs single-threaded in the benchmark process; PostgreSQL may use parallel workers and "
        "DuckDB uses all cores (the goal is judged against that DuckDB); \"DuckDB, 1 thread\" is the same "
        "database with `SET threads = 1`, for a core-for-core comparison. The machine is shared: the load "
        "average is noted above, and figures move by tens of percent between runs when it is busy.")
    lines.append("")
    text = "\n".join(lines) + "\n"

    # Console summary.
    print()
    print(f"Scorecard benchmark, N = {n:,} activities, {n_queries} indicators × {len(years)} years")
    print()
    w = max(len(r[0]) for r in table)
    print(f"{'engine':<{w}}  {'full scorecard':>15}  {'ratio':>7}")
    for name, t, r, _ in table:
        print(f"{name:<{w}}  {(fmt_ms(t) + ' ms') if t is not None else 'failed':>15}  "
              f"{(f'{r:.2f}×' if r is not None else ''):>7}")
    print(f"  (ClusterHub = Engine::new {fmt_ms(build or 0)} ms + board {fmt_ms(board or 0)} ms)")
    print()
    print("load (not compared): " + "; ".join(
        f"{p['engine']} {p['load']['copy_s']:.1f} s + {p['load']['index_analyze_s']:.1f} s indexes"
        for p in peers if "load" in p))
    if inc:
        print(f"incremental (upsert + board of the year, {inc.get('n')} activities): median {inc_med:,.0f} µs, "
              f"p99 {inc_p99:,.0f} µs — goal < 1,000 µs: {'met' if goal_inc else 'MISSED'} "
              f"(upsert alone median {inc.get('upsert_median_us', 0):,.1f} µs, board {inc.get('board_median_us', 0):,.0f} µs)")
    if goal_full is not None:
        print(f"full recompute no slower than DuckDB: {'met' if goal_full else 'MISSED'}")
    if mismatches:
        print()
        print("!" * 78)
        print(f"!!! {len(mismatches)} VALUE MISMATCHES between the peers and ClusterHub:")
        for m in mismatches[:50]:
            print(f"!!!   {m}")
        print("!" * 78)
    else:
        print(f"checked: all peers agree with ClusterHub on {n_queries} × {len(years)} values")

    if args.results_md:
        with open(args.results_md, "w") as fh:
            fh.write(text)
        log(f"wrote {args.results_md}")
    if args.results_json:
        with open(args.results_json, "w") as fh:
            json.dump({"date": date, "machine": machine(), "n": n, "clusterhub": ch, "peers": peers,
                       "full_ms": full, "mismatches": mismatches}, fh, indent=1)
        log(f"wrote {args.results_json}")
    return mismatches


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--engines", default="sqlite,postgres,duckdb,duckdb1")
    ap.add_argument("--clusterhub", help="JSON lines printed by the example (default DATA/clusterhub.jsonl)")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--results-md")
    ap.add_argument("--results-json")
    ap.add_argument("--check-only", action="store_true",
                    help="run each query once and check the values; no timing, no report")
    args = ap.parse_args()

    queries = read_queries(os.path.join(args.data, "queries.sql"))
    with open(os.path.join(args.data, "values.json")) as fh:
        expected = json.load(fh)
    years = expected["years"]
    manual = [c for c, v in expected["indicators"].items() if v.get("manual")]
    ch = {}
    path = args.clusterhub or os.path.join(args.data, "clusterhub.jsonl")
    if os.path.exists(path):
        with open(path) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    ev = json.loads(line)
                    ch[ev["event"]] = ev
    peers = []
    for key in [e.strip() for e in args.engines.split(",") if e.strip()]:
        peers.append(run_engine(key, args.data, queries, expected, years, args.passes, args.check_only))
    if args.check_only:
        bad = [m for p in peers for m in p.get("mismatches", [])]
        for m in bad:
            print(f"!!! MISMATCH {m}")
        names = ", ".join(p["engine"] for p in peers)
        print(f"{expected.get('plan')}: {len(queries)} queries × {len(years)} years on {names}: "
              + (f"{len(bad)} MISMATCHES" if bad else "all equal to ClusterHub's values"))
        sys.exit(1 if bad else 0)
    mismatches = report(ch, peers, len(queries), manual, expected, args)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
