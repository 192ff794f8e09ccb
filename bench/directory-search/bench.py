#!/usr/bin/env python3
"""Directory search benchmark: ClusterHub's search (tantivy index behind HTTP) on 100,000
organisations, and ClusterHub vs Tryton 6 on the same 10,000. Run it through `./run`.

Environment (all optional):
  BENCH_QUICK=1             small run: 2,000 / 1,000 organisations, 3 s passes
  BENCH_ORGS=100000         organisations for ClusterHub's own figures
  BENCH_TRYTON_ORGS=10000   organisations for the Tryton comparison (ClusterHub gets the same)
  BENCH_QUERIES=1000        queries generated (bench/search/gen.py's mix)
  BENCH_SEED=7              generator seed
  BENCH_DURATION=10s        measured time per scenario at BENCH_CONNECTIONS
  BENCH_MAX_DURATION=25s    longest N-connection pass when single requests are slow
  BENCH_CONNECTIONS=64      concurrent connections of the throughput pass
  BENCH_LAT1=1              also a 1-connection pass (duration/2, at least 3 s) for unloaded latency
  BENCH_PEERS=big,small,tryton   which parts to run
  BENCH_RECALL=300          queries per scenario whose hit counts are compared (ClusterHub vs Tryton)
  BENCH_TRYTON_SERVERS=trytond,gunicorn   how Tryton is served: Debian's `trytond` command (werkzeug,
                            threaded, one process) and/or its WSGI app under gunicorn (2 workers x 4 threads)
  BENCH_WHATIF=1            after each ClusterHub run, add an index on memberships(organisation_id) to the
                            benchmark's SQLite file and measure again (a what-if, labelled as such)
  BENCH_QUIET_WAIT=30s      before each scenario, wait up to this long for other processes on the machine
                            to calm down (under 0.3 core busy); 0 in quick mode
  BENCH_WRK_THREADS=2       wrk threads
  BENCH_REUSE_TRYTON=FILE  with BENCH_PEERS=big,small: show the Tryton figures of an earlier results.json
                            (same data and settings) next to this run's ClusterHub figures
  BENCH_WORKDIR=DIR / BENCH_KEEP=1   keep databases, index and logs
  CLUSTERHUB_BIN=PATH       binary to test (default: target/release/clusterhub)
  BENCH_RUST_LOG=...        RUST_LOG for the server
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import prepare  # noqa: E402

PG_BIN = "/usr/lib/postgresql/15/bin"
PY = sys.executable
CLUSTER = "bhc"
T0 = time.time()


def log(msg: str) -> None:
    print(f"[{time.time() - T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def env_duration(name: str, default: str) -> float:
    v = os.environ.get(name, default).strip().lower()
    if v.endswith("ms"):
        return float(v[:-2]) / 1000
    if v.endswith("m"):
        return float(v[:-1]) * 60
    if v.endswith("s"):
        return float(v[:-1])
    return float(v)


QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
CFG = {
    "quick": QUICK,
    "orgs": int(os.environ.get("BENCH_ORGS", "2000" if QUICK else "100000")),
    "tryton_orgs": int(os.environ.get("BENCH_TRYTON_ORGS", "1000" if QUICK else "10000")),
    "queries": int(os.environ.get("BENCH_QUERIES", "1000")),
    "seed": int(os.environ.get("BENCH_SEED", "7")),
    "duration": env_duration("BENCH_DURATION", "3s" if QUICK else "10s"),
    "connections": int(os.environ.get("BENCH_CONNECTIONS", "64")),
    "lat1": os.environ.get("BENCH_LAT1", "1") not in ("0", "", "no", "false"),
    "peers": [p.strip() for p in os.environ.get("BENCH_PEERS", "big,small,tryton").split(",") if p.strip()],
    "recall": int(os.environ.get("BENCH_RECALL", "100" if QUICK else "300")),
    "tryton_servers": [m.strip() for m in os.environ.get("BENCH_TRYTON_SERVERS", "trytond,gunicorn").split(",")
                       if m.strip()],
    "wrk_threads": int(os.environ.get("BENCH_WRK_THREADS", "2")),
    "bin": os.environ.get("CLUSTERHUB_BIN", os.path.join(ROOT, "target", "release", "clusterhub")),
    "keep": os.environ.get("BENCH_KEEP", "") not in ("", "0"),
}
CFG["warmup"] = min(3.0, max(1.0, CFG["duration"] / 5))
CFG["quiet_wait"] = env_duration("BENCH_QUIET_WAIT", "0s" if QUICK else "30s")
CFG["whatif"] = os.environ.get("BENCH_WHATIF", "1") not in ("0", "", "no", "false")
CFG["max_duration"] = max(CFG["duration"], env_duration("BENCH_MAX_DURATION", "25s"))
CFG["lat1_duration"] = max(3.0, CFG["duration"] / 2)

# --------------------------------------------------------------------------------------------
# processes: everything started here is registered and stopped in `cleanup`, also on a signal
# --------------------------------------------------------------------------------------------

PROCS: list[tuple[str, subprocess.Popen]] = []
CLEANUPS: list = []


def start(name: str, argv: list[str], logfile: str, env: dict | None = None, cwd: str | None = None) -> subprocess.Popen:
    fh = open(logfile, "ab")
    p = subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         env=env, cwd=cwd, start_new_session=True)
    fh.close()
    PROCS.append((name, p))
    log(f"started {name} (pid {p.pid})")
    return p


def stop(p: subprocess.Popen, name: str = "", timeout: float = 15) -> None:
    if p.poll() is None:
        try:
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log(f"{name or p.pid} did not stop on SIGTERM; SIGKILL")
            p.kill()
            p.wait(timeout=5)
        except ProcessLookupError:
            pass
    PROCS[:] = [(n, q) for (n, q) in PROCS if q is not p]


def cleanup() -> None:
    for name, p in list(PROCS):
        stop(p, name)
    while CLEANUPS:
        fn = CLEANUPS.pop()
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            log(f"cleanup step failed: {e}")


def on_signal(signum, _frame):
    raise SystemExit(f"interrupted by signal {signum}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cmd(argv: list[str], *, env=None, check=True, timeout=None, user=None) -> subprocess.CompletedProcess:
    if user and os.geteuid() == 0:
        argv = ["runuser", "-u", user, "--"] + argv
    r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise RuntimeError(f"command failed ({r.returncode}): {' '.join(argv)}\n--- stdout\n{(r.stdout or '')[-3000:]}"
                           f"\n--- stderr\n{(r.stderr or '')[-3000:]}")
    return r


def http(url: str, headers: dict | None = None, timeout: float = 60) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_http(url: str, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    last = ""
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before answering {url}")
        try:
            code, _ = http(url, timeout=2)
            if code == 200:
                return
            last = f"HTTP {code}"
        except Exception as e:  # noqa: BLE001
            last = str(e)
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer 200 on {url} within {timeout:.0f}s ({last})")


# --------------------------------------------------------------------------------------------
# memory and CPU
# --------------------------------------------------------------------------------------------

def proc_status(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    out[k] = int(v.split()[0])  # kB
    except OSError:
        pass
    return out


def children_of(pid: int) -> list[int]:
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    rest = fh.read().rsplit(")", 1)[1].split()
                if int(rest[1]) == pid:
                    kids.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return kids


def tree_pss_kb(root_pid: int) -> int:
    total = 0
    for pid in [root_pid] + children_of(root_pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def mib(kb: int | None) -> str:
    return "–" if not kb else f"{kb / 1024:.1f} MiB"


CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_jiffies() -> int:
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    return sum(v) - v[3] - (v[4] if len(v) > 4 else 0)


def tree_jiffies(pid: int) -> int:
    total = 0
    for i, p in enumerate([pid] + children_of(pid)):
        try:
            with open(f"/proc/{p}/stat") as fh:
                f = fh.read().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if i == 0 else 0)
        except (OSError, IndexError, ValueError):
            pass
    return total


def cpu_sample(pids: list[int]) -> tuple:
    import resource
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.time(), machine_jiffies(), sum(tree_jiffies(p) for p in pids), ru.ru_utime + ru.ru_stime


def cpu_delta(a: tuple, b: tuple) -> dict:
    """Cores used during a pass by the server(s), by wrk, and by everything else on the machine."""
    secs = max(1e-6, b[0] - a[0])
    machine = (b[1] - a[1]) / CLK_TCK / secs
    server = (b[2] - a[2]) / CLK_TCK / secs
    client = (b[3] - a[3]) / secs
    return {"cpu_server": round(server, 2), "cpu_client": round(client, 2),
            "cpu_other": round(max(0.0, machine - server - client), 2)}


def drain(pids: list[int], limit: float = 90.0) -> float:
    """Waits until the servers are idle (under 0.15 core over 0.5 s): what was in flight when wrk
    stopped must not queue in front of the next pass."""
    if not pids:
        return 0.0
    t0 = time.time()
    while time.time() - t0 < limit:
        a = sum(tree_jiffies(p) for p in pids)
        time.sleep(0.5)
        if (sum(tree_jiffies(p) for p in pids) - a) / CLK_TCK / 0.5 < 0.15:
            break
    return time.time() - t0


# --------------------------------------------------------------------------------------------
# load
# --------------------------------------------------------------------------------------------

def wrk(base_url: str, reqfile: str, connections: int, duration: float, outdir: str, tag: str, auth: str = "") -> dict:
    out = os.path.join(outdir, f"wrk-{tag}.json")
    if os.path.exists(out):
        os.unlink(out)
    env = dict(os.environ, BENCH_RESULT=out, BENCH_AUTH=auth)
    threads = max(1, min(CFG["wrk_threads"], connections))
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "60s",
            "-s", os.path.join(HERE, "..", "directory", "requests.lua"), base_url, "--", reqfile]
    r = run_cmd(argv, env=env, check=False, timeout=duration + 120)
    with open(os.path.join(outdir, f"wrk-{tag}.txt"), "w") as fh:
        fh.write(r.stdout + r.stderr)
    if r.returncode != 0 or not os.path.exists(out):
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stderr[-1500:]}")
    with open(out) as fh:
        res = json.load(fh)
    res["errors"] = sum(res[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
    return res


def wait_quiet(label: str) -> float:
    """Other people's builds and tests share the 2 cores: before a scenario (our servers idle), wait
    up to BENCH_QUIET_WAIT for the machine to use under 0.3 core over 2 s. Returns seconds waited."""
    limit = CFG["quiet_wait"]
    t0 = time.time()
    busy = 0.0
    while True:
        a, ta = machine_jiffies(), time.time()
        time.sleep(2)
        busy = (machine_jiffies() - a) / CLK_TCK / (time.time() - ta)
        if busy < 0.3 or time.time() - t0 >= limit:
            break
    waited = time.time() - t0 - 2
    if waited > 1:
        log(f"  {label}: waited {waited:.0f}s for a quieter machine (now {busy:.2f} cores busy)")
    return busy


def measure(label: str, run_one, rss=None, pids=None) -> dict:
    """Warm-up (1 connection), 1-connection pass, N-connection pass. The N-connection pass lasts
    BENCH_DURATION, longer (up to BENCH_MAX_DURATION) when one request is so slow that N of them
    in a row would not fit three times in it."""
    n = CFG["connections"]

    def timed(c, d, tag):
        ps = pids() if pids else []
        a = cpu_sample(ps)
        r = run_one(c, d, tag)
        r.update(cpu_delta(a, cpu_sample(ps)))
        r["duration_planned_s"] = d
        return r

    res = {"busy_before": round(wait_quiet(label), 2)}
    log(f"  {label}: warm-up {CFG['warmup']:.0f}s (1 connection)")
    probe = run_one(1, CFG["warmup"], "warm")
    if CFG["lat1"]:
        log(f"  {label}: 1 connection, {CFG['lat1_duration']:.0f}s")
        res["c1"] = probe = timed(1, CFG["lat1_duration"], "c1")
        c1 = res["c1"]
        log(f"  {label}: @1 p50 {c1['lat_p50_us'] / 1000:.2f} ms, p99 {c1['lat_p99_us'] / 1000:.2f} ms, "
            f"{c1['rps']:.1f} req/s, errors {c1.get('errors', 0)}")
    duration = CFG["duration"]
    if probe and probe.get("requests"):
        one = probe["duration_s"] / probe["requests"]
        duration = min(CFG["max_duration"], max(duration, 2 * n * one / max(1, os.cpu_count() or 1) * 3))
    log(f"  {label}: {n} connections, {duration:.0f}s")
    res["cN"] = timed(n, duration, f"c{n}")
    waited = drain(pids() if pids else [])
    if waited > 2:
        log(f"  {label}: server busy {waited:.0f}s after the pass (requests still in flight)")
        res["drain_s"] = round(waited, 1)
    if rss:
        res["rss_after"] = rss()
    cn = res["cN"]
    log(f"  {label}: @{n} p50 {cn['lat_p50_us'] / 1000:.2f} ms, p99 {cn['lat_p99_us'] / 1000:.2f} ms, "
        f"{cn['rps']:.1f} req/s, errors {cn.get('errors', 0)}; CPU cores server {cn['cpu_server']}, "
        f"client {cn['cpu_client']}, others {cn['cpu_other']}")
    return res


# --------------------------------------------------------------------------------------------
# PostgreSQL (for Tryton)
# --------------------------------------------------------------------------------------------

class Postgres:
    def __init__(self):
        self.port = free_port()
        # the data dir must be reachable by the postgres OS user: not inside a root-only temp dir
        self.dir = tempfile.mkdtemp(prefix="chsearch-pg-", dir="/tmp")
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.logfile = os.path.join(self.dir, "postgres.log")
        self.started = False

    def start(self) -> None:
        log(f"PostgreSQL 15: initdb in {self.dir}, port {self.port}")
        CLEANUPS.append(self.stop)
        run_cmd([f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                 "--locale=C.UTF-8"], user=self.user, timeout=120)
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200 "
                "-c shared_buffers=256MB")
        run_cmd([f"{PG_BIN}/pg_ctl", "-D", self.data, "-o", opts, "-l", self.logfile, "-w", "-t", "60", "start"],
                user=self.user, timeout=90)
        self.started = True

    def pid(self) -> int | None:
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as fh:
                return int(fh.readline())
        except (OSError, ValueError):
            return None

    def psql(self, sql: str, db: str = "postgres") -> str:
        return run_cmd(["psql", "-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql], timeout=600).stdout.strip()

    def createdb(self, name: str) -> None:
        self.psql(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        if self.started:
            log("stopping PostgreSQL")
            r = run_cmd([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop"],
                        user=self.user, check=False, timeout=60)
            if r.returncode != 0:
                pid = self.pid()
                if pid:
                    log(f"pg_ctl stop failed; SIGKILL postmaster {pid}")
                    os.kill(pid, signal.SIGKILL)
            self.started = False
        if CFG["keep"]:
            log(f"kept PostgreSQL data dir {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# data and scenarios
# --------------------------------------------------------------------------------------------

def load_data(n: int, workdir: str) -> dict:
    out = os.path.join(workdir, f"data-{n}")
    t = time.time()
    run_cmd([PY, os.path.join(HERE, "prepare.py"), "--n", str(n), "--seed", str(CFG["seed"]),
             "--queries", str(CFG["queries"]), "--out", out], timeout=900)
    with open(os.path.join(out, "orgs.jsonl"), encoding="utf-8") as fh:
        orgs = [json.loads(line) for line in fh]
    with open(os.path.join(out, "profiles.jsonl"), encoding="utf-8") as fh:
        profiles = [json.loads(line) for line in fh]
    with open(os.path.join(out, "queries.json"), encoding="utf-8") as fh:
        queries = json.load(fh)["queries"]
    log(f"generated {n} organisations and {len(queries)} queries in {time.time() - t:.1f}s")
    return {"n": n, "dir": out, "csv": os.path.join(out, "orgs.csv"), "orgs": orgs, "profiles": profiles,
            "queries": queries}


def scenarios(data: dict, public: bool) -> list[dict]:
    """The same scenarios for every peer: each is a list of queries (or of organisations)."""
    gen = prepare.load_gen()
    nuts = gen.load_nuts()
    r = random.Random(CFG["seed"] * 101 + 3)
    qs = data["queries"]
    text = [q for q in qs if q["text"]]
    # every text query with a facet filter: its own when it has one, else one drawn like gen.py's
    with_filter = [{**q, "filters": q["filters"] or gen.random_filters(r, nuts)} for q in text]
    legal = [p["legal_id"] for p in data["profiles"]]
    pages = r.sample(legal, min(1000, len(legal)))
    out = [
        {"id": "a", "name": "JSON search, text only", "kind": "api",
         "queries": [{**q, "filters": {}} for q in text]},
        {"id": "b", "name": "JSON search, text + facet filter(s)", "kind": "api", "queries": with_filter},
        {"id": "c", "name": "HTML search page (the query list as generated: text, 35% with facet filters, "
                            "5% facets only)", "kind": "html", "queries": qs},
        {"id": "d", "name": "organisation page (HTML)", "kind": "page", "legal_ids": pages},
    ]
    if public:
        out.append({"id": "e", "name": "public cross-cluster JSON search (`/api/v1/search`), text only",
                    "kind": "public", "queries": [{**q, "filters": {}} for q in text]})
    return out


FILTER_PARAMS = [("subsectors", "subsector"), ("entity_types", "entity_type"), ("territories", "territory"),
                 ("certifications", "certification")]


def ch_params(q: dict) -> list[tuple[str, str]]:
    p = []
    if q.get("text"):
        p.append(("q", q["text"]))
    f = q.get("filters") or {}
    for key, name in FILTER_PARAMS:
        for v in f.get(key, []):
            p.append((name, v))
    if f.get("trl_min"):
        p.append(("trl", str(f["trl_min"])))
    return p


def ch_path(kind: str, q: dict, ids: dict | None = None) -> str:
    if kind == "page":
        return f"/c/{CLUSTER}/organisations/{ids[q]}"
    qs = urllib.parse.urlencode(ch_params(q))
    if kind == "api":
        return f"/api/v1/clusters/{CLUSTER}/search?{qs}"
    if kind == "public":
        return f"/api/v1/search?{qs}"
    return f"/c/{CLUSTER}/search?{qs}"


def items_of(sc: dict) -> list:
    return sc["legal_ids"] if sc["kind"] == "page" else sc["queries"]


# --------------------------------------------------------------------------------------------
# ClusterHub
# --------------------------------------------------------------------------------------------

class Mismatch(Exception):
    """The binary does not behave as the CLI/HTTP contract says."""


def app(url: str, *args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    argv = [CFG["bin"], "--database-url", url, *args]
    r = run_cmd(argv, check=False, timeout=timeout)
    if r.returncode != 0:
        raise Mismatch(f"`clusterhub --database-url URL {' '.join(args)}` exited {r.returncode}:\n"
                       f"{(r.stderr or '')[-2000:]}{(r.stdout or '')[-1000:]}")
    return r


def load_clusterhub(data: dict, wd: str) -> dict:
    """migrate, demo, import the CSV, write descriptions + profiles with SQL, reindex."""
    os.makedirs(wd, exist_ok=True)
    path = os.path.join(wd, "db.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    shutil.rmtree(os.path.join(wd, "db.search"), ignore_errors=True)
    url = f"sqlite://{path}"
    out = {"url": url, "path": path}
    app(url, "migrate")
    app(url, "demo", "--no-serve")
    t = time.time()
    r = app(url, "import", "organisations", "--cluster", CLUSTER, data["csv"])
    out["import_s"] = time.time() - t
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()] or \
        [ln.split("\r")[-1] for ln in r.stderr.splitlines() if ln.strip()]
    out["import_summary"] = lines[-1] if lines else ""
    log(f"  import of {data['n']} organisations: {out['import_s']:.1f}s {out['import_summary']}")
    # profiles and the descriptions the import has no column for, straight into the SQLite file
    t = time.time()
    con = sqlite3.connect(path, timeout=60)
    ids = dict(con.execute("SELECT legal_id, id FROM organisations WHERE legal_id IS NOT NULL").fetchall())
    missing = [p["legal_id"] for p in data["profiles"] if p["legal_id"] not in ids]
    if missing:
        raise Mismatch(f"{len(missing)} imported organisations not found by legal id, e.g. {missing[:3]}")
    now = "2025-01-01T00:00:00Z"
    with con:
        con.executemany(
            "INSERT INTO organisation_profiles (organisation_id, profile, visibility, updated_at) VALUES (?, ?, '{}', ?)",
            [(ids[p["legal_id"]], json.dumps(p["profile"], ensure_ascii=False), now) for p in data["profiles"]])
        con.executemany(
            "UPDATE organisations SET description = ? WHERE id = ?",
            [(json.dumps(p["description"], ensure_ascii=False, sort_keys=True), ids[p["legal_id"]])
             for p in data["profiles"] if set(p["description"]) - set(prepare.IMPORT_LANGS)])
    out["orgs_in_db"] = con.execute("SELECT COUNT(*) FROM organisations").fetchone()[0]
    mine = set(ids[p["legal_id"]] for p in data["profiles"])
    demo = [s_ for (oid, s_) in con.execute(
        "SELECT m.organisation_id, m.status FROM memberships m JOIN clusters c ON c.id = m.cluster_id "
        "WHERE c.slug = ?", (CLUSTER,)) if oid not in mine]
    out["demo_members"] = [len(demo), sum(1 for x in demo if x == "active")]
    con.close()
    out["profiles_s"] = time.time() - t
    log(f"  profiles and extra-language descriptions by SQL: {out['profiles_s']:.1f}s")
    t = time.time()
    r = app(url, "reindex")
    out["reindex_wall_s"] = time.time() - t
    out["reindex_line"] = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    m = re.search(r"indexed (\d+) organisations .* in ([\d.]+) s", out["reindex_line"])
    if not m:
        raise Mismatch(f"`reindex` printed no time: {r.stdout[-500:]!r}")
    out["reindexed"], out["reindex_s"] = int(m.group(1)), float(m.group(2))
    log(f"  reindex: {out['reindex_line']} (wall {out['reindex_wall_s']:.1f}s)")
    out["db_size"] = sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))
    idx = os.path.join(wd, "db.search")
    out["index_dir"] = idx
    out["index_size"] = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(idx) for f in fs)
    out["ids"] = ids
    return out


WHATIF_INDEX = "CREATE INDEX bench_whatif_memberships_organisation ON memberships (organisation_id)"

# The SQL a search request runs besides the index (clusterhub_db::search_docs::load, for the 20 hits of
# a page) and the one organisation-page query that reads memberships by organisation alone
# (memberships::other_clusters), as the app writes them: timed and explained on the benchmark's file.
PER_REQUEST_SQL = {
    "search: organisations of the hits": "SELECT o.id, o.name, o.entity_type, o.territory, o.city, o.description, "
        "p.profile, p.visibility FROM organisations o LEFT JOIN organisation_profiles p ON p.organisation_id = o.id "
        "WHERE o.id IN ({ids})",
    "search: memberships of the hits": "SELECT m.id, m.organisation_id, m.cluster_id, m.status, t.code FROM "
        "memberships m JOIN typologies t ON t.id = m.typology_id WHERE m.organisation_id IN ({ids})",
    "search: subsectors of the hits": "SELECT ms.membership_id, s.code FROM membership_subsectors ms JOIN subsectors s "
        "ON s.id = ms.subsector_id JOIN memberships m ON m.id = ms.membership_id WHERE m.organisation_id IN ({ids}) "
        "ORDER BY s.position",
    "organisation page: other clusters": "SELECT c.name FROM memberships m JOIN clusters c ON c.id = m.cluster_id "
        "WHERE m.organisation_id = {one} AND m.cluster_id <> 1 AND m.status = 'active' ORDER BY c.name",
}


def sql_probe(path: str, org_ids: list[int]) -> list[dict]:
    """Plan and median time (Python's sqlite3, 7 runs) of PER_REQUEST_SQL for 20 organisations."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    ids = ",".join(str(i) for i in org_ids[:20])
    out = []
    for name, tmpl in PER_REQUEST_SQL.items():
        q = tmpl.format(ids=ids, one=org_ids[0])
        plan = "; ".join(r[-1] for r in con.execute("EXPLAIN QUERY PLAN " + q))
        times = []
        for _ in range(7):
            t = time.perf_counter()
            con.execute(q).fetchall()
            times.append(time.perf_counter() - t)
        out.append({"query": name, "plan": plan, "ms": round(statistics.median(times) * 1000, 3)})
    con.close()
    return out


def bench_clusterhub(label: str, data: dict, scen: list[dict], workdir: str) -> dict:
    wd = os.path.join(workdir, f"clusterhub-{data['n']}")
    log(f"ClusterHub ({label}): migrate, demo, import {data['n']} organisations, profiles, reindex")
    loaded = load_clusterhub(data, wd)
    ids = loaded.pop("ids")
    sample_ids = [ids[x] for x in random.Random(5).sample(sorted(ids), min(20, len(ids)))]
    out = {"load": loaded, "scenarios": {}, "notes": [], "counts": {}}
    out["sql"] = sql_probe(loaded["path"], sample_ids)
    serve_and_measure(out, label, wd, loaded, ids, scen)
    con = sqlite3.connect(f"file:{loaded['path']}?mode=ro", uri=True)
    shipped = [r[0] for r in con.execute(
        "SELECT il.name FROM pragma_index_list('memberships') il WHERE "
        "(SELECT group_concat(name) FROM pragma_index_info(il.name)) = 'organisation_id'")]
    con.close()
    if shipped:
        out["notes"].append(f"the product's migrations already index memberships by organisation ({shipped[0]}): "
                            "no what-if pass")
    if CFG["whatif"] and not shipped:
        # Not a change to the product: the same database with one more index, to show what the
        # per-request scans of memberships cost (see PER_REQUEST_SQL).
        log(f"ClusterHub ({label}) what-if: {WHATIF_INDEX}")
        con = sqlite3.connect(loaded["path"], timeout=60)
        with con:
            con.execute(WHATIF_INDEX)
        con.close()
        w = {"scenarios": {}, "notes": [], "counts": {}, "index": WHATIF_INDEX}
        w["sql"] = sql_probe(loaded["path"], sample_ids)
        serve_and_measure(w, f"{label} what-if", wd, loaded, ids, scen)
        same = all(w["counts"].get(k) == v for k, v in out["counts"].items())
        w["same_totals"] = same
        if not same:
            out["notes"].append("what-if index: the search totals differ from the run without it")
        out["whatif"] = w
    return out


def serve_and_measure(out: dict, label: str, wd: str, loaded: dict, ids: dict, scen: list[dict]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if os.environ.get("BENCH_RUST_LOG"):
        env["RUST_LOG"] = os.environ["BENCH_RUST_LOG"]
    logfile = os.path.join(wd, f"server-{label.replace(' ', '-')}.log")
    proc = start(f"clusterhub serve ({label})",
                 [CFG["bin"], "--database-url", loaded["url"], "serve", "--bind", f"127.0.0.1:{port}"],
                 logfile, env=env)
    try:
        t = time.time()
        wait_http(base + "/healthz", proc, 120, "clusterhub serve")
        out["startup_s"] = time.time() - t

        def rss():
            return proc_status(proc.pid)

        out["rss_before"] = rss()
        log(f"  server up in {out['startup_s']:.1f}s (pid {proc.pid}), VmRSS {mib(out['rss_before'].get('VmRSS'))}")
        # CPU of the idle server (no request): its background work, e.g. following the search outbox
        idle_s = 4.0 if CFG["quick"] else 12.0
        a = tree_jiffies(proc.pid)
        time.sleep(idle_s)
        out["idle_cpu"] = round((tree_jiffies(proc.pid) - a) / CLK_TCK / idle_s, 3)
        log(f"  idle server: {out['idle_cpu']} cores over {idle_s:.0f}s")
        for sc in scen:
            items = items_of(sc)
            # sanity, and hit counts for the recall comparison (API totals; the HTML page runs the same search)
            counts = []
            t = time.time()
            for i, it in enumerate(items[: max(5, CFG["recall"])]):
                if sc["kind"] in ("api", "public", "html"):
                    kind = "public" if sc["kind"] == "public" else "api"
                    code, body = http(base + ch_path(kind, it))
                    if code != 200:
                        raise Mismatch(f"GET {ch_path(kind, it)} answered {code}: {body[:300]!r}")
                    j = json.loads(body)
                    if "total" not in j or "hits" not in j:
                        raise Mismatch(f"GET {ch_path(kind, it)}: JSON lacks total/hits: keys {list(j)}")
                    counts.append(j["total"])
                    if i == 0:
                        out.setdefault("samples", {})[sc["id"]] = {
                            "path": ch_path(sc["kind"], it), "total": j["total"],
                            "first_hit": (j["hits"][0] if j["hits"] else None)}
                if sc["kind"] in ("html", "page") and i < 20:
                    p = ch_path(sc["kind"], it, ids)
                    code, body = http(base + p)
                    if code != 200:
                        raise Mismatch(f"GET {p} answered {code}: {body[:300]!r}")
                    if b"<html" not in body[:3000].lower():
                        raise Mismatch(f"GET {p}: not an HTML page: {body[:200]!r}")
                    if sc["kind"] == "page" and i == 0:
                        out.setdefault("samples", {})[sc["id"]] = {"path": p, "bytes": len(body)}
            if counts:
                out["counts"][sc["id"]] = counts
            log(f"  scenario {sc['id']}: checked {min(len(items), max(5, CFG['recall']))} requests "
                f"in {time.time() - t:.1f}s")
            reqfile = os.path.join(wd, f"requests-{sc['id']}.txt")
            with open(reqfile, "w", encoding="utf-8") as fh:
                for it in items:
                    fh.write(f"GET {ch_path(sc['kind'], it, ids)}\n")
            tag = label.replace(" ", "-")
            out["scenarios"][sc["id"]] = measure(
                f"clusterhub {label} {sc['id']}",
                lambda c, d, t_, sid=sc["id"], reqfile=reqfile: wrk(base, reqfile, c, d, wd, f"{tag}-{sid}-{t_}"),
                rss, lambda: [proc.pid])
        out["rss_after"] = rss()
        log(f"  VmRSS after load {mib(out['rss_after'].get('VmRSS'))}, VmHWM {mib(out['rss_after'].get('VmHWM'))}")
    finally:
        stop(proc, "clusterhub serve")
    with open(logfile, errors="replace") as fh:
        text = fh.read()
    warn = [ln for ln in text.splitlines() if " WARN " in ln or " ERROR " in ln or "panicked" in ln]
    out["server_log_warnings"] = len(warn)
    if warn:
        out["notes"].append(f"server log of {label}: {len(warn)} WARN/ERROR lines, e.g. {warn[0][:300]}")


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------

def ms(us) -> str:
    return "–" if us is None else f"{us / 1000:.2f}"


def lat(r: dict, key: str) -> str:
    if not r:
        return "–"
    if not r.get("requests"):
        return f"> {r.get('duration_planned_s', r.get('duration_s', 0)):.0f} s"
    return ms(r.get(key))


def rps_cell(r: dict) -> str:
    if not r or not r.get("requests"):
        return "0"
    return f"{r['rps']:.1f}" if r["rps"] < 20 else f"{r['rps']:.0f}"


def machine_info() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({model or 'unknown CPU'}), {mem:.0f} GiB"


def versions(pg) -> str:
    parts = []
    try:
        st = os.stat(CFG["bin"])
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "crates"],
                               capture_output=True, text=True).stdout.strip()
        head_t = int(subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%ct"], capture_output=True,
                                    text=True).stdout.strip() or 0)
        older = (f"; the binary is OLDER than that commit ({dt.datetime.fromtimestamp(head_t):%H:%M})"
                 if head_t and st.st_mtime < head_t else "")
        parts.append(f"clusterhub release binary built {dt.datetime.fromtimestamp(st.st_mtime):%Y-%m-%d %H:%M} "
                     f"(work tree at the time of the report: {commit}"
                     f"{', with uncommitted changes in crates/' if dirty else ''}{older})")
    except OSError:
        parts.append("clusterhub binary missing")
    if pg:
        try:
            parts.append(f"PostgreSQL {pg.psql('SHOW server_version').split()[0]} "
                         "(shared_buffers=256MB, max_connections=200, otherwise defaults)")
        except Exception:  # noqa: BLE001
            pass
    try:
        r = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        parts.append(" ".join((r.stdout + r.stderr).split()[:2]))
    except OSError:
        pass
    return "; ".join(parts)


def recall_rows(scen, kinds_of, ch_counts, tr_counts):
    """Per scenario and query kind: queries compared, share with ≥1 hit on each side, median hits."""
    rows = []
    for sc in scen:
        a, b = ch_counts.get(sc["id"]), tr_counts.get(sc["id"])
        if not a or not b:
            continue
        n = min(len(a), len(b))
        by: dict[str, list] = {}
        for i in range(n):
            by.setdefault(kinds_of(sc, i), []).append((a[i], b[i]))
        by = {"all": [x for v in by.values() for x in v], **dict(sorted(by.items()))}
        for kind, pairs in by.items():
            ca = sum(1 for x, _ in pairs if x > 0)
            cb = sum(1 for _, y in pairs if y > 0)
            rows.append((sc["id"], kind, len(pairs), ca, cb, statistics.median(x for x, _ in pairs),
                         statistics.median(y for _, y in pairs)))
    return rows


def report(results: dict, scen_big: list[dict], scen_small: list[dict]) -> str:
    n = CFG["connections"]
    big = results.get("big")
    small = results.get("small")
    tr = (results.get("tryton") or {}).get("common")
    tmodes = [(f"Tryton 6 ({m})", r) for m, r in (results.get("tryton") or {}).get("modes", {}).items()]
    L = ["# Directory search benchmark", ""]
    L.append(f"Run {results['started']} on {results['machine']}. Generated by `bench/directory-search/run`"
             f"{' (quick mode)' if CFG['quick'] else ''}; overwritten by every run.")
    L.append("")
    L.append(f"- data: `bench/search/gen.py` (seed {CFG['seed']}), turned into an import CSV plus profile rows by "
             "`prepare.py`: multilingual descriptions (es/eu/en/fr/gl/pt, some without a language), capabilities "
             "in the same languages, CPV 2008 labels as capability tags, certifications, TRL, value chains, real "
             f"NUTS 3 territories; {CFG['orgs']:,} organisations for ClusterHub alone, the first "
             f"{CFG['tryton_orgs']:,} of the same generator for the comparison with Tryton (each set with its own "
             f"{CFG['queries']:,}-query list: single words, two words, quoted phrases, names with a typo, name "
             "words, words without their accents, facets only; 35% with facet filters)")
    L.append(f"- load: `wrk` with `requests.lua` (round robin over the scenario's request list), "
             f"{CFG['wrk_threads']} threads; {n} connections for {CFG['duration']:.0f} s per scenario (longer, up to "
             f"{CFG['max_duration']:.0f} s, when single requests are slow)"
             + (f", and 1 connection for {CFG['lat1_duration']:.0f} s" if CFG["lat1"] else "")
             + f"; {CFG['warmup']:.0f} s warm-up first. Client and servers share the machine's "
             f"{os.cpu_count()} cores: read the figures as relative.")
    L.append("- ClusterHub: SQLite database, search index beside it (`db.search/`), anonymous requests (public "
             "tier); latencies in ms; req/s = completed requests per second")
    if results.get("versions"):
        L.append(f"- versions: {results['versions']}")
    if results.get("tryton_reused"):
        L.append(f"- Tryton's figures: from the run of {results['tryton_reused']} ({results.get('tryton_versions', '')})")
    L.append("")
    L.append("## Scenarios")
    L.append("")
    for sc in scen_big or scen_small:
        ex = ""
        if big and big.get("samples", {}).get(sc["id"]):
            ex = f", e.g. `{big['samples'][sc['id']]['path']}`"
        L.append(f"- **{sc['id']}** {sc['name']}: {len(items_of(sc))} requests in the list{ex}")
    L.append("")
    if tr:
        L.append("Tryton's counterparts (JSON-RPC on `/tryton/`, logged-in session), served by "
                 + "; and by ".join(f"**{m}**: {r.get('server', '')}" for m, r in
                                    (results.get('tryton') or {}).get('modes', {}).items()) + ":")
        L.append("")
        for sid, q in tr.get("queries", {}).items():
            extra = (" — Tryton has no server-rendered page: the same query list as ClusterHub's HTML page, as "
                     "`search_read` (so c compares ClusterHub's HTML with Tryton's JSON)") if sid == "c" else ""
            L.append(f"- {sid}: `{q[:400]}`{extra}")
        L.append("")

    def table(peers: list[tuple[str, dict]], scen: list[dict]):
        hdr = "| scenario | peer |"
        sep = "|---|---|"
        if CFG["lat1"]:
            hdr += " p50 @1 | p99 @1 | req/s @1 |"
            sep += "---:|---:|---:|"
        hdr += f" p50 @{n} | p99 @{n} | req/s @{n} | errors | CPU server / client / others @{n} |"
        sep += "---:|---:|---:|---:|---:|"
        L.append(hdr)
        L.append(sep)
        for sc in scen:
            for label, p in peers:
                r = (p or {}).get("scenarios", {}).get(sc["id"])
                if not r:
                    continue
                row = f"| {sc['id']} | {label} |"
                if CFG["lat1"]:
                    c1 = r.get("c1", {})
                    row += f" {lat(c1, 'lat_p50_us')} | {lat(c1, 'lat_p99_us')} | {rps_cell(c1)} |"
                cn = r["cN"]
                errs = cn.get("errors", 0) + r.get("c1", {}).get("errors", 0)
                row += f" {lat(cn, 'lat_p50_us')} | {lat(cn, 'lat_p99_us')} | {rps_cell(cn)} | {errs} |"
                row += f" {cn.get('cpu_server', 0):.2f} / {cn.get('cpu_client', 0):.2f} / {cn.get('cpu_other', 0):.2f} |"
                L.append(row)
        L.append("")

    def with_whatif(p):
        if not p:
            return []
        out = [("ClusterHub", p)]
        if p.get("whatif"):
            out.append(("ClusterHub + index (what-if)", p["whatif"]))
        return out

    if big:
        L.append(f"## ClusterHub, {CFG['orgs']:,} organisations")
        L.append("")
        table(with_whatif(big), scen_big)
    if small or tmodes:
        L.append(f"## ClusterHub vs Tryton 6, the same {CFG['tryton_orgs']:,} organisations")
        L.append("")
        table(with_whatif(small) + tmodes, scen_small)
        if small and tmodes:
            L.append(f"### Ratios (ClusterHub ÷ Tryton) at {n} connections")
            L.append("")
            L.append("Goal from the issue: at least 50× Tryton's requests per second at equal or better p99.")
            L.append("")
            L.append(f"| scenario | ClusterHub | Tryton served by | req/s ClusterHub | req/s Tryton | req/s ratio | "
                     "p99 ClusterHub | p99 Tryton | p99 ratio (lower is better) | p50 @1 ratio | goal |")
            L.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
            for sc, (clabel, cres), (tlabel, tres) in ((sc, c, t) for sc in scen_small for c in with_whatif(small)
                                                         for t in tmodes):
                a = cres.get("scenarios", {}).get(sc["id"])
                b = tres.get("scenarios", {}).get(sc["id"])
                if not a or not b:
                    continue
                ra = a["cN"]["rps"] / b["cN"]["rps"] if b["cN"].get("rps") else None
                pa, pb = a["cN"]["lat_p99_us"], b["cN"]["lat_p99_us"]
                p1 = (a.get("c1", {}).get("lat_p50_us") or 0) / (b.get("c1", {}).get("lat_p50_us") or 1) \
                    if CFG["lat1"] else None
                goal = "met" if ra and ra >= 50 and pa <= pb else "not met"
                L.append(f"| {sc['id']} | {'as shipped' if clabel == 'ClusterHub' else 'with the what-if index'} | "
                         f"{tlabel[10:-1]} | {rps_cell(a['cN'])} | {rps_cell(b['cN'])} | "
                         f"{'–' if ra is None else f'{ra:.1f}×'} | {ms(pa)} | {ms(pb)} | {pa / pb:.3f}× | "
                         f"{'–' if p1 is None else f'{p1:.3f}×'} | {goal} |")
            L.append("")
    disturbed = []
    for label, p in [("ClusterHub big", big), ("ClusterHub big what-if", (big or {}).get("whatif")),
                     ("ClusterHub small", small), ("ClusterHub small what-if", (small or {}).get("whatif"))] + tmodes:
        for sid, r in (p or {}).get("scenarios", {}).items():
            for k in ("c1", "cN"):
                o = r.get(k, {}).get("cpu_other", 0)
                if o > 0.25:
                    disturbed.append(f"{label} {sid} {k} ({o:.2f} cores)")
    L.append("CPU columns: cores used during the measured pass by the server (ClusterHub; trytond plus "
             "PostgreSQL's backends), by wrk, and by anything else on the machine.")
    L.append("")
    if disturbed:
        L.append("**Disturbed passes** (other processes used more than 0.25 core; figures pessimistic): "
                 + "; ".join(disturbed) + ".")
        L.append("")
    if small and tr and small.get("counts") and tr.get("counts"):
        L.append(f"## What each finds (first {CFG['recall']} queries of each search scenario, "
                 f"{CFG['tryton_orgs']:,} organisations)")
        L.append("")
        L.append("Organisations matched per query: ClusterHub's `total` (stemmed words in six languages, accents "
                 "folded, typo-tolerant names, phrases; every word must match), Tryton's `search_count` of the same "
                 "domain (`ilike` substrings: no stemming, no accent folding, no typo tolerance).")
        L.append("")
        L.append("| scenario | query kind | queries | ClusterHub: ≥1 hit | Tryton: ≥1 hit | ClusterHub median hits | "
                 "Tryton median hits |")
        L.append("|---|---|---:|---:|---:|---:|---:|")

        def kind_of(sc, i):
            return sc["queries"][i].get("kind", "?")

        for row in recall_rows(scen_small, kind_of, small["counts"], tr["counts"]):
            sid, kind, nq, ca, cb, ma, mb = row
            L.append(f"| {sid} | {kind} | {nq} | {ca} ({100 * ca / nq:.0f}%) | {cb} ({100 * cb / nq:.0f}%) | "
                     f"{ma:g} | {mb:g} |")
        L.append("")
    if big and big.get("sql"):
        L.append(f"## Per-request SQL at {CFG['orgs']:,} organisations")
        L.append("")
        L.append("Besides the index, every search reads its 20 hits' rows with `clusterhub_db::search_docs::load` (three "
                 "queries), and the organisation page lists the organisation's other clusters. Their plans and median "
                 "times (Python's sqlite3 on the benchmark's file, 20 organisations) as shipped"
                 + (" and with the what-if index" if big.get("whatif") else "") + ":")
        L.append("")
        wi = {x["query"]: x for x in (big.get("whatif") or {}).get("sql", [])}
        if wi:
            L.append("| query | plan as shipped | ms | plan with the what-if index | ms |")
            L.append("|---|---|---:|---|---:|")
        else:
            L.append("| query | plan | ms |")
            L.append("|---|---|---:|")
        for x in big["sql"]:
            y = wi.get(x["query"])
            L.append(f"| {x['query']} | `{x['plan']}` | {x['ms']:.3f} |"
                     + (f" `{y['plan']}` | {y['ms']:.3f} |" if y else ""))
        L.append("")
        if big.get("whatif"):
            L.append(f"What-if: `{WHATIF_INDEX}` added to the benchmark's SQLite file after the first measurements "
                     "(the product's migrations are unchanged); the search totals with it are "
                     + ("the same" if big["whatif"].get("same_totals") else "**different**") + ".")
            L.append("")
    L.append("## Data load")
    L.append("")
    for label, p in ((f"ClusterHub, {CFG['orgs']:,}", big), (f"ClusterHub, {CFG['tryton_orgs']:,}", small)):
        if not p:
            continue
        ld = p["load"]
        L.append(f"- {label}: `import organisations` {ld['import_s']:.1f} s (`{ld['import_summary']}`); profiles and "
                 f"descriptions in gl/pt/und by SQL straight into the SQLite file {ld['profiles_s']:.1f} s; "
                 f"**`reindex` {ld['reindex_s']:.1f} s** (`{ld['reindex_line']}`, wall {ld['reindex_wall_s']:.1f} s); "
                 f"{ld['orgs_in_db']:,} organisations in the database (with the demo's); SQLite "
                 f"{ld['db_size'] / 2**20:.1f} MiB, index {ld['index_size'] / 2**20:.1f} MiB; server up in "
                 f"{p.get('startup_s', 0):.1f} s"
                 + (f"; idle server CPU {p['idle_cpu']:.3f} cores (no request: background work)"
                    if p.get("idle_cpu") is not None else ""))
    if tr:
        L.append(f"- Tryton: {tr.get('seed_note', '')}")
    if any((p or {}).get("idle_cpu", 0) > 0.05 for p in (big, small)):
        L.append("- Idle server CPU is measured for 12 s right after the server starts, with no request. When the "
                 "import ended less than 10 s before (the small set), it includes the index following the outbox: "
                 "every 3 s the server re-reads the outbox rows written in the last 10 s (a safety net for "
                 "PostgreSQL transactions that commit a lower id late) and indexes those organisations again, "
                 "although `reindex` already did")
    dm = (small or big or {}).get("load", {}).get("demo_members")
    if dm:
        L.append(f"- ClusterHub's cluster `{CLUSTER}` also holds the demo's own {dm[0]} memberships ({dm[1]} active, "
                 "so searchable by anonymous readers) next to the generated ones; Tryton has only the generated "
                 "organisations")
    L.append("")
    L.append("## Memory (server process)")
    L.append("")
    L.append("| peer | VmRSS before load | VmRSS after load | VmHWM after load | PostgreSQL PSS before → after |")
    L.append("|---|---:|---:|---:|---:|")
    for label, p in [(f"ClusterHub, {CFG['orgs']:,}", big), (f"ClusterHub, {CFG['tryton_orgs']:,}", small)] + tmodes:
        if not p or "rss_before" not in p:
            continue
        b, a = p["rss_before"], p.get("rss_after", {})
        pgc = f"{mib(b.get('pg_pss'))} → {mib(a.get('pg_pss'))}" if b.get("pg_pss") else "–"
        tree = f" (process tree PSS {mib(a.get('tree_pss'))})" if a.get("tree_pss") else ""
        L.append(f"| {label} | {mib(b.get('VmRSS'))} | {mib(a.get('VmRSS'))}{tree} | {mib(a.get('VmHWM'))} | {pgc} |")
    L.append("")
    notes = results.get("notes", [])
    if notes:
        L.append("## Notes")
        L.append("")
        for c in notes:
            L.append(f"- {c}")
        L.append("")
    return "\n".join(L)


STATIC_NOTES = [
    "What Tryton does differently: its search is `ilike '%…%'` on three columns, i.e. a sequential scan of "
    "every party for each request (no text index; PostgreSQL's trigram indexes are not part of Tryton's party "
    "module), with no relevance ranking (ordered by name), no stemming, no accent folding and no typo "
    "tolerance, and it counts neither the total nor facets. ClusterHub answers every search with the total, "
    "facet counts over all matches and 20 hits ranked by relevance, reading the hits' rows from SQLite.",
    "Tryton is reached as a logged-in user (JSON-RPC session); ClusterHub as an anonymous reader (public tier: "
    "every profile field here is public, so both see the same texts).",
    "Tryton's facet filters are party categories (`subsector:…`, `entity_type:…`, `certification:…`, `trl:N` "
    "for TRL ≥ N) and NUTS prefixes on the address subdivision; `bench_party` (tryton_bench_party/) adds the "
    "two Text fields, the only module written for this benchmark.",
    "Multi-word queries: ClusterHub requires every word (in any field, any language); Tryton gets the same "
    "rule (each word `ilike` in name, description or capabilities); a quoted phrase is one `ilike` pattern.",
    "The organisation page: ClusterHub renders the whole HTML page (organisation, membership, profile with "
    "per-field visibility, people, layout); Tryton returns the party's fields as JSON "
    "(`read` with related fields), which its client would then render.",
]


def main() -> int:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="chsearch-")
    os.makedirs(workdir, exist_ok=True)
    if not os.environ.get("BENCH_WORKDIR") and not CFG["keep"]:
        CLEANUPS.insert(0, lambda: shutil.rmtree(workdir, ignore_errors=True))
    results = {"started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine_info(), "notes": []}
    state = {"exit": 0}
    scen_big: list[dict] = []
    scen_small: list[dict] = []

    def attempt(what: str, fn):
        try:
            return fn()
        except Mismatch as e:
            results["notes"].append(f"CONTRACT MISMATCH ({what}): {e}")
            log(f"CONTRACT MISMATCH ({what}): {e}")
            state["exit"] = max(state["exit"], 2)
        except (SystemExit, KeyboardInterrupt):
            raise
        except Exception as e:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            results["notes"].append(f"FAILED ({what}): {type(e).__name__}: {str(e)[-2000:]}")
            state["exit"] = max(state["exit"], 1)
        return None

    pg = None
    try:
        log(f"config: {json.dumps(CFG)}; work dir {workdir}")
        peers = CFG["peers"]
        if "big" in peers:
            big_data = load_data(CFG["orgs"], workdir)
            scen_big = scenarios(big_data, public=True)
            r = attempt("ClusterHub, big", lambda: bench_clusterhub(f"{CFG['orgs']}", big_data, scen_big, workdir))
            if r:
                results["big"] = r
            del big_data
        if "small" in peers or "tryton" in peers:
            small_data = load_data(CFG["tryton_orgs"], workdir)
            scen_small = scenarios(small_data, public=False)
            if "tryton" in peers:
                pg = Postgres()
                pg.start()
            results["versions"] = versions(pg)
            if "small" in peers:
                r = attempt("ClusterHub, small", lambda: bench_clusterhub(
                    f"{CFG['tryton_orgs']}", small_data, scen_small, workdir))
                if r:
                    results["small"] = r
            reuse = os.environ.get("BENCH_REUSE_TRYTON")
            if reuse and "tryton" not in peers:
                # Tryton's figures do not depend on ClusterHub's binary: a run of ClusterHub alone may
                # show them again from an earlier results.json with the same data (labelled as such)
                with open(reuse, encoding="utf-8") as fh:
                    old = json.load(fh)
                same = all(old.get("config", {}).get(k) == CFG[k] for k in ("tryton_orgs", "seed", "queries",
                                                                            "connections", "recall"))
                if not same or not old.get("tryton"):
                    raise RuntimeError(f"{reuse}: no Tryton results for the same data and settings")
                results["tryton"] = old["tryton"]
                results["tryton_reused"] = old.get("started", "?")
                results["tryton_versions"] = old.get("versions", "")
                results["notes"].append(f"Tryton's figures are those of the run of {old.get('started')} (same data, "
                                        "same query lists, same connection counts), shown again: this run measured "
                                        "ClusterHub only.")
            if "tryton" in peers:
                import tryton_peer
                nuts = prepare.load_gen().load_nuts()
                r = attempt("Tryton 6", lambda: tryton_peer.bench(
                    pg, small_data["profiles"], small_data["orgs"], nuts, scen_small, workdir,
                    {"log": log, "start": start, "stop": stop, "measure": measure, "wrk": wrk,
                     "tree_pss_kb": tree_pss_kb, "proc_status": proc_status, "recall_sample": CFG["recall"],
                     "modes": CFG["tryton_servers"]}))
                if r:
                    results["tryton"] = r
        else:
            results["versions"] = versions(None)
        for key in ("big", "small"):
            results["notes"] += [f"ClusterHub {key}: {x}" for x in results.get(key, {}).get("notes", [])]
        runs = [(k, results.get(k, {})) for k in ("big", "small")]
        runs += [(f"tryton ({m})", r) for m, r in results.get("tryton", {}).get("modes", {}).items()]
        for key, run in runs:
            if run.get("log_errors"):
                results["notes"].append(f"{key}: {run['log_errors']} ERROR/Traceback lines in the server log")
            for sid, r in run.get("scenarios", {}).items():
                for k in ("c1", "cN"):
                    e = r.get(k, {})
                    if e.get("errors"):
                        results["notes"].append(
                            f"{key} {sid} {k}: {e['errors']} errors (connect {e['err_connect']}, read {e['err_read']}, "
                            f"write {e['err_write']}, HTTP status {e['err_status']}, timeout {e['err_timeout']})")
                if r.get("drain_s"):
                    results["notes"].append(f"{key} {sid}: the server was still busy {r['drain_s']} s after wrk "
                                            "stopped (requests queued inside it)")
        results["notes"] += STATIC_NOTES
    except (SystemExit, KeyboardInterrupt) as e:
        results["notes"].append(f"stopped: {e}")
        log(f"stopped: {e}")
        state["exit"] = 130
    except Exception as e:  # noqa: BLE001
        import traceback
        traceback.print_exc()
        results["notes"].append(f"FAILED: {type(e).__name__}: {str(e)[-2000:]}")
        state["exit"] = 1
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        if "versions" not in results:
            results["versions"] = versions(pg)
        cleanup()
        if CFG["keep"] or os.environ.get("BENCH_WORKDIR"):
            log(f"work dir kept: {workdir}")
    text = report(results, scen_big, scen_small)
    with open(os.path.join(HERE, "results.md"), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    slim = {k: v for k, v in results.items()}
    with open(os.path.join(HERE, "results.json"), "w", encoding="utf-8") as fh:
        json.dump({"config": CFG, **slim}, fh, indent=1, default=str, ensure_ascii=False)
    print(text)
    log(f"wrote {os.path.relpath(os.path.join(HERE, 'results.md'), ROOT)} (total {time.time() - T0:.0f}s)")
    return state["exit"]


def report_only() -> int:
    """`bench.py --report`: writes results.md again from results.json (the scenarios are rebuilt from the
    same generator and settings), e.g. after a change to the report's layout."""
    with open(os.path.join(HERE, "results.json"), encoding="utf-8") as fh:
        results = json.load(fh)
    for k in ("quick", "orgs", "tryton_orgs", "queries", "seed", "duration", "connections", "lat1", "peers",
              "recall", "wrk_threads", "bin", "warmup", "max_duration", "lat1_duration"):
        if k in results.get("config", {}):
            CFG[k] = results["config"][k]
    workdir = tempfile.mkdtemp(prefix="chsearch-report-")
    try:
        scen_big = scenarios(load_data(CFG["orgs"], workdir), public=True) if results.get("big") else []
        scen_small = (scenarios(load_data(CFG["tryton_orgs"], workdir), public=False)
                      if results.get("small") or results.get("tryton") else [])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results.pop("config", None)
    text = report(results, scen_big, scen_small)
    with open(os.path.join(HERE, "results.md"), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    log("wrote results.md from results.json")
    return 0


if __name__ == "__main__":
    sys.exit(report_only() if sys.argv[1:] == ["--report"] else main())
