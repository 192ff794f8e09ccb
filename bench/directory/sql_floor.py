#!/usr/bin/env python3
"""Raw SQL floor of the directory listing: the same queries ClusterHub sends, run straight
against the database, at the same concurrency, with no HTTP, routing, auth or rendering.

One "request" here is what `clusterhub_db::organisations::directory` does for one listing
(crates/db/src/organisations.rs): COUNT(*) of the filtered set, the page itself (LIMIT/OFFSET on
the memberships, ORDER BY m.name_key, then a deferred join), then the subsectors of the page's
memberships. The SQL text below is a port of that function; keep the two in step (`--check`
prints totals and page ids, which bench.py compares with the API's on every run).

    sql_floor.py --backend sqlite   --dsn /path/clusterhub.db   --requests reqs.json \
                 --connections 64 --duration 15 --warmup 2 --out result.json
    sql_floor.py --backend postgres --dsn "host=127.0.0.1 port=5433 user=postgres dbname=clusterhub" ...

reqs.json: {"cluster": "bhc", "requests": [{"private": true, "filter": {"q": "bio", ...}}, ...]}

Concurrency: N connections = N worker processes, each with its own connection and one thread
(so no GIL hand-off adds to the measured latency). Result JSON
has the same keys as the wrk Lua hook (latencies in microseconds).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import re
import sys
import threading
import time

SUBSECTOR_EXISTS = (" AND EXISTS (SELECT 1 FROM membership_subsectors ms JOIN subsectors s ON s.id = ms.subsector_id"
                    " WHERE ms.membership_id = m.id AND s.code = {p})")
ORDER = {"-name": "m.name_key DESC, m.organisation_id DESC", "since": "m.since, m.name_key, m.organisation_id",
         "-since": "m.since DESC, m.name_key, m.organisation_id", "territory": "o.territory, m.name_key, m.organisation_id"}
FOLD = str.maketrans({**{c: "a" for c in "áàâäãå"}, **{c: "e" for c in "éèêë"}, **{c: "i" for c in "íìîï"},
                      **{c: "o" for c in "óòôöõ"}, **{c: "u" for c in "úùûü"}, "ñ": "n", "ç": "c"})


def fold(s: str) -> str:
    return s.lower().translate(FOLD)


def directory_sql(cluster_id: int, private: bool, f: dict) -> tuple[str, str, list, list]:
    """(count_sql, page_sql, count_args, page_args) with $n placeholders, as the app builds them
    (membership-only conditions, organisations joined only when a filter needs them, deferred join
    for the page)."""
    args: list = []

    def arg(v) -> str:
        args.append(v)
        return f"${len(args)}"

    def opt(k):
        v = (f.get(k) or "").strip()
        return v or None

    c = arg(cluster_id)
    wh = f" WHERE m.cluster_id = {c}"
    needs_org = False
    if not private:
        wh += f" AND m.status = {arg('active')}"
    elif opt("status"):
        wh += f" AND m.status = {arg(opt('status'))}"
    if opt("typology"):
        wh += f" AND m.typology_id IN (SELECT id FROM typologies WHERE cluster_id = {c} AND code = {arg(opt('typology'))})"
    if opt("entity_type"):
        wh += f" AND o.entity_type = {arg(opt('entity_type'))}"
        needs_org = True
    if opt("territory"):
        wh += f" AND o.territory LIKE {arg(opt('territory').upper() + '%')}"
        needs_org = True
    if opt("subsector"):
        wh += SUBSECTOR_EXISTS.format(p=arg(opt("subsector")))
    if opt("q"):
        v = opt("q")
        p = arg("%" + fold(v).replace("%", "").replace("_", "") + "%")
        p2 = arg(re.sub(r"[%_ .\-]", "", v.upper()))
        wh += f" AND (m.name_key LIKE {p} OR o.legal_id = {p2})"
        needs_org = True
    order = ORDER.get(f.get("sort", ""), "m.name_key, m.organisation_id")
    per_page = int(f.get("per_page") or 0)
    per_page = 50 if per_page <= 0 else min(per_page, 200)
    page = max(int(f.get("page") or 1), 1)
    org_join = " JOIN organisations o ON o.id = m.organisation_id"
    count_sql = f"SELECT COUNT(*) FROM memberships m{org_join if needs_org else ''}{wh}"
    count_args = list(args)
    lim = arg(per_page)
    off = arg((page - 1) * per_page)
    inner_join = org_join if (needs_org or f.get("sort") == "territory") else ""
    page_sql = ("SELECT o.id, m.id AS membership_id, o.name, o.entity_type, o.size, o.territory, o.country,"
                " o.website, m.status, t.code AS typology, m.fee_class, m.since"
                f" FROM memberships m{org_join} JOIN typologies t ON t.id = m.typology_id"
                f" WHERE m.id IN (SELECT m.id FROM memberships m{inner_join}{wh} ORDER BY {order}"
                f" LIMIT {lim} OFFSET {off}) ORDER BY {order}")
    return count_sql, page_sql, count_args, args


def subsectors_sql(n: int) -> str:
    ph = ",".join(f"${i}" for i in range(1, n + 1))
    return ("SELECT ms.membership_id, s.code FROM membership_subsectors ms JOIN subsectors s"
            f" ON s.id = ms.subsector_id WHERE ms.membership_id IN ({ph}) ORDER BY s.position")


class SqliteConn:
    def __init__(self, dsn: str):
        import sqlite3
        # read-only, like a listing; WAL file left by the app is honoured
        self.c = sqlite3.connect(f"file:{dsn}?mode=ro", uri=True, check_same_thread=False,
                                 cached_statements=256)

    @staticmethod
    def _sql(sql: str) -> str:
        return re.sub(r"\$(\d+)", r"?\1", sql)

    def all(self, sql: str, args: list):
        return self.c.execute(self._sql(sql), args).fetchall()

    def close(self):
        self.c.close()


class PgConn:
    """Server-side prepared statements, as sqlx uses them: PREPARE once per connection and SQL text."""

    def __init__(self, dsn: str):
        import psycopg2
        self.c = psycopg2.connect(dsn)
        self.c.autocommit = True
        self.cur = self.c.cursor()
        self.prepared: dict[str, str] = {}

    def all(self, sql: str, args: list):
        name = self.prepared.get(sql)
        if name is None:
            name = f"s{len(self.prepared)}"
            self.cur.execute(f"PREPARE {name} AS {sql}")
            self.prepared[sql] = name
        if args:
            self.cur.execute(f"EXECUTE {name} ({','.join(['%s'] * len(args))})", args)
        else:
            self.cur.execute(f"EXECUTE {name}")
        return self.cur.fetchall()

    def close(self):
        self.c.close()


def connect(backend: str, dsn: str):
    return SqliteConn(dsn) if backend == "sqlite" else PgConn(dsn)


def one_listing(conn, cluster_id: int, req: dict) -> tuple[int, list[int]]:
    """(total, organisation ids of the page)"""
    count_sql, page_sql, count_args, page_args = directory_sql(cluster_id, req.get("private", False), req["filter"])
    total = conn.all(count_sql, count_args)[0][0]
    rows = conn.all(page_sql, page_args)
    if rows:
        ids = [r[1] for r in rows]
        conn.all(subsectors_sql(len(ids)), ids)
    return total, [r[0] for r in rows]


def cluster_id_of(conn, slug: str) -> int:
    return conn.all("SELECT id FROM clusters WHERE slug = $1", [slug])[0][0]


def worker(backend, dsn, reqs, cluster, threads, start_at, warm_until, stop_at, offset, q):
    lat: list[int] = []
    errors = [0]
    lock = threading.Lock()

    def run(tid):
        conn = connect(backend, dsn)
        cid = cluster_id_of(conn, cluster)
        i = (offset + tid) * 7919 % len(reqs)
        mine: list[int] = []
        while time.time() < start_at:
            time.sleep(0.001)
        while True:
            t0 = time.perf_counter_ns()
            if time.time() >= stop_at:
                break
            try:
                one_listing(conn, cid, reqs[i])
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors[0] += 1
                    if errors[0] <= 3:
                        print(f"sql_floor: {e}", file=sys.stderr)
            t1 = time.perf_counter_ns()
            now = time.time()
            if warm_until <= now < stop_at:  # only completions inside the window, as wrk counts
                mine.append((t1 - t0) // 1000)
            i = (i + 1) % len(reqs)
        conn.close()
        with lock:
            lat.extend(mine)

    ts = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    q.put((lat, errors[0]))


def pct(sorted_vals: list[int], p: float) -> int:
    if not sorted_vals:
        return 0
    k = min(len(sorted_vals) - 1, max(0, int(round(p / 100 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def run_load(backend, dsn, reqs, cluster, connections, duration, warmup):
    # one process per connection: no GIL hand-offs inflate the tail; the OS schedules them
    procs_n = connections
    per = [connections // procs_n + (1 if i < connections % procs_n else 0) for i in range(procs_n)]
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    start_at = time.time() + 0.5 + 0.02 * connections  # time for every worker to connect
    warm_until = start_at + warmup
    stop_at = warm_until + duration
    ps = []
    off = 0
    for n in per:
        p = ctx.Process(target=worker, args=(backend, dsn, reqs, cluster, n, start_at, warm_until, stop_at, off, q))
        p.start()
        ps.append(p)
        off += n
    lat: list[int] = []
    errors = 0
    for _ in ps:
        l, e = q.get()
        lat.extend(l)
        errors += e
    for p in ps:
        p.join()
    lat.sort()
    n = len(lat)
    return {"requests": n, "duration_s": duration, "rps": n / duration if duration else 0.0,
            "lat_mean_us": (sum(lat) / n) if n else 0.0, "lat_p50_us": pct(lat, 50), "lat_p90_us": pct(lat, 90),
            "lat_p99_us": pct(lat, 99), "lat_max_us": lat[-1] if lat else 0, "errors": errors,
            "connections": connections, "processes": procs_n}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="raw SQL floor of the ClusterHub directory listing")
    ap.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    ap.add_argument("--dsn", required=True, help="SQLite file path, or a libpq connection string")
    ap.add_argument("--requests", required=True, help="JSON file of listing requests")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--duration", type=float, default=10.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--check", action="store_true", help="print the total of each distinct request and exit")
    ap.add_argument("--out", help="write the result JSON here (default stdout)")
    a = ap.parse_args(argv)
    spec = json.load(open(a.requests, encoding="utf-8"))
    reqs, cluster = spec["requests"], spec.get("cluster", "bhc")
    if a.check:
        conn = connect(a.backend, a.dsn)
        cid = cluster_id_of(conn, cluster)
        got = [one_listing(conn, cid, r) for r in reqs]
        conn.close()
        out = json.dumps({"totals": [t for t, _ in got], "ids": [ids for _, ids in got]})
    else:
        out = json.dumps(run_load(a.backend, a.dsn, reqs, cluster, a.connections, a.duration, a.warmup))
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write(out + "\n")
    else:
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
