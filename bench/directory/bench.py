#!/usr/bin/env python3
"""Organisation directory benchmark: ClusterHub on SQLite and on PostgreSQL 15, the raw SQL
floor on both databases, and (optionally) Tryton 6 as a whole-CRM peer. Run it through `./run`.

Environment (all optional):
  BENCH_ORGS=100000        organisations to generate and import
  BENCH_DURATION=10s       measured time per scenario at 64 connections (s or m suffix)
  BENCH_MAX_DURATION=25s   longest N-connection pass when a request is slow (see measure())
  BENCH_CONNECTIONS=64     concurrent connections for the throughput pass
  BENCH_PG_LOAD=copy       copy: PostgreSQL gets the SQLite database copied table by table (same rows
                           and ids; the app's import on PostgreSQL is timed on BENCH_PG_PROBE_ROWS=5000
                           rows instead); import: run the app's import of all rows on PostgreSQL too
  BENCH_LAT1=1             also a 1-connection pass (duration/3, at least 2 s) for unloaded latency
  BENCH_PEERS=sqlite,postgres,floor,tryton   which peers to run
  BENCH_WRK_THREADS=2      wrk threads
  BENCH_WORKDIR=DIR        where databases, logs and request files go (default: a new temp dir)
  BENCH_KEEP=1             keep the work dir (and print it) instead of deleting it
  CLUSTERHUB_BIN=PATH      binary to test (default: target/release/clusterhub)
  BENCH_RUST_LOG=...       RUST_LOG for the server (default: the app's own default)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
PG_BIN = "/usr/lib/postgresql/15/bin"
PY = sys.executable
CLUSTER = "bhc"
BENCH_USER = "bench-staff@bhc.demo"
BENCH_PASSWORD = "bench-password-4f1c"

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


CFG = {
    "orgs": int(os.environ.get("BENCH_ORGS", "100000")),
    "duration": env_duration("BENCH_DURATION", "10s"),
    "connections": int(os.environ.get("BENCH_CONNECTIONS", "64")),
    "lat1": os.environ.get("BENCH_LAT1", "1") not in ("0", "", "no", "false"),
    "peers": [p.strip() for p in os.environ.get("BENCH_PEERS", "sqlite,postgres,floor,tryton").split(",") if p.strip()],
    "wrk_threads": int(os.environ.get("BENCH_WRK_THREADS", "2")),
    "bin": os.environ.get("CLUSTERHUB_BIN", os.path.join(ROOT, "target", "release", "clusterhub")),
    "keep": os.environ.get("BENCH_KEEP", "") not in ("", "0"),
}
CFG["warmup"] = min(3.0, max(1.0, CFG["duration"] / 5))
CFG["pg_load"] = os.environ.get("BENCH_PG_LOAD", "copy")
CFG["pg_probe_rows"] = int(os.environ.get("BENCH_PG_PROBE_ROWS", "5000"))
CFG["max_duration"] = max(CFG["duration"], env_duration("BENCH_MAX_DURATION", "25s"))
CFG["lat1_duration"] = max(2.0, CFG["duration"] / 3)


# --------------------------------------------------------------------------------------------
# processes: everything started here is registered and stopped in `cleanup`, also on a signal
# --------------------------------------------------------------------------------------------

PROCS: list[tuple[str, subprocess.Popen]] = []
CLEANUPS: list = []  # callables, run last-in first-out


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


def run_cmd(argv: list[str], *, env=None, check=True, timeout=None, capture=True, input_=None, user=None) -> subprocess.CompletedProcess:
    if user and os.geteuid() == 0:
        argv = ["runuser", "-u", user, "--"] + argv
    r = subprocess.run(argv, env=env, capture_output=capture, text=True, timeout=timeout, input=input_,
                       stdin=None if input_ is not None else subprocess.DEVNULL)
    if check and r.returncode != 0:
        raise RuntimeError(f"command failed ({r.returncode}): {' '.join(argv)}\n--- stdout\n{(r.stdout or '')[-3000:]}"
                           f"\n--- stderr\n{(r.stderr or '')[-3000:]}")
    return r


def http(url: str, headers: dict | None = None, data: bytes | None = None, timeout: float = 60) -> tuple[int, bytes, dict]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)


def wait_http(url: str, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    last = ""
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before answering {url}")
        try:
            code, _, _ = http(url, timeout=2)
            if code == 200:
                return
            last = f"HTTP {code}"
        except Exception as e:  # noqa: BLE001
            last = str(e)
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer 200 on {url} within {timeout:.0f}s ({last})")


# --------------------------------------------------------------------------------------------
# memory
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
    """Proportional set size of a process and its children (shared memory counted once)."""
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


# --------------------------------------------------------------------------------------------
# scenarios
# --------------------------------------------------------------------------------------------

SUBSECTORS = ["pharma_dermo", "biotech", "medical_devices", "ivd", "healthcare", "ehealth", "complementary_services"]
ENTITY_TYPES = ["company", "research_centre", "technology_centre", "hospital", "university", "public_body",
                "association", "investor"]
Q_PREFIXES = ["bio", "osa", "ekin", "neo", "cardio", "gen", "atl", "hosp", "cent", "fund", "med", "lab"]


def territories_of(csv_path: str) -> list[str]:
    import csv
    seen = []
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row["territory"] not in seen:
                seen.append(row["territory"])
            if i > 5000:
                break
    return sorted(seen)


def scenarios(territories: list[str]) -> list[dict]:
    """Each scenario: a list of filter variants. `private` = the request sees every status
    (staff token); anonymous HTML sees active members only."""
    r = random.Random(7)
    two = [{"subsector": s, "entity_type": e, "sort": "name", "page": 1} for s in SUBSECTORS for e in ENTITY_TYPES]
    r.shuffle(two)
    qt = [{"q": q, "territory": t, "sort": "name", "page": 1} for q in Q_PREFIXES for t in territories]
    r.shuffle(qt)
    one = [{"subsector": s} for s in SUBSECTORS] + [{"territory": t} for t in territories]
    r.shuffle(one)
    return [
        {"id": "a", "name": "API unfiltered, page 1, sort=name", "kind": "api",
         "variants": [{"sort": "name", "page": 1}]},
        {"id": "b", "name": "API subsector + entity_type", "kind": "api", "variants": two},
        {"id": "c", "name": "API q (name search) + territory", "kind": "api", "variants": qt},
        {"id": "d", "name": "API deep page (page=500)", "kind": "api", "variants": [{"sort": "name", "page": 500}]},
        {"id": "e", "name": "HTML anonymous, one filter", "kind": "html", "variants": one},
    ]


def path_for(kind: str, f: dict) -> str:
    qs = urllib.parse.urlencode(f)
    if kind == "api":
        return f"/api/v1/clusters/{CLUSTER}/organisations?{qs}"
    return f"/c/{CLUSTER}/organisations?{qs}"


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
            "-s", os.path.join(HERE, "requests.lua"), base_url, "--", reqfile]
    r = run_cmd(argv, env=env, check=False, timeout=duration + 120)
    with open(os.path.join(outdir, f"wrk-{tag}.txt"), "w") as fh:
        fh.write(r.stdout + r.stderr)
    if r.returncode != 0 or not os.path.exists(out):
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stderr[-1500:]}")
    with open(out) as fh:
        res = json.load(fh)
    res["errors"] = sum(res[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
    return res


CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return sum(v) - idle, sum(v)


def tree_jiffies(pid: int) -> int:
    """CPU of a process, its reaped children (cutime/cstime) and its live children."""
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
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk / floor clients, once waited for
    return time.time(), machine_jiffies()[0], sum(tree_jiffies(p) for p in pids), ru.ru_utime + ru.ru_stime


def cpu_delta(a: tuple, b: tuple) -> dict:
    """Cores used during a pass: by the servers, by the load client, and by everything else on the
    machine (other people's builds and tests disturb the figures: this says by how much)."""
    secs = max(1e-6, b[0] - a[0])
    machine = (b[1] - a[1]) / CLK_TCK / secs
    server = (b[2] - a[2]) / CLK_TCK / secs
    client = (b[3] - a[3]) / secs
    return {"cpu_server": round(server, 2), "cpu_client": round(client, 2),
            "cpu_other": round(max(0.0, machine - server - client), 2)}


def drain(pids: list[int], limit: float = 90.0) -> float:
    """wrk closes its connections at the end of a pass, but the server may still be working through
    what was in flight: wait until the server processes are idle (under 0.15 core over 0.5 s) so
    the next pass does not queue behind it. Returns the seconds waited."""
    if not pids:
        return 0.0
    t0 = time.time()
    while time.time() - t0 < limit:
        a = sum(tree_jiffies(p) for p in pids)
        time.sleep(0.5)
        if (sum(tree_jiffies(p) for p in pids) - a) / CLK_TCK / 0.5 < 0.15:
            break
    return time.time() - t0


def measure(label: str, run_one, rss=None, pids=None, warm: bool = True) -> dict:
    """run_one(connections, duration, tag) -> result dict. Warm-up (1 connection), 1-connection pass,
    N-connection pass. pids() -> server processes whose CPU (with children) counts as the server's.
    The N-connection pass lasts BENCH_DURATION, longer (up to BENCH_MAX_DURATION) when one request
    is so slow that N of them in a row would not fit three times in it: otherwise a slow server
    completes next to nothing inside the window and wrk reports 0 req/s."""
    n = CFG["connections"]

    def timed(c, d, tag):
        ps = pids() if pids else []
        a = cpu_sample(ps)
        r = run_one(c, d, tag)
        r.update(cpu_delta(a, cpu_sample(ps)))
        r["duration_planned_s"] = d
        return r

    res = {}
    probe = None
    if warm:
        log(f"  {label}: warm-up {CFG['warmup']:.0f}s (1 connection)")
        probe = run_one(1, CFG["warmup"], "warm")
    if CFG["lat1"]:
        log(f"  {label}: 1 connection, {CFG['lat1_duration']:.0f}s")
        res["c1"] = probe = timed(1, CFG["lat1_duration"], "c1")
    duration = CFG["duration"]
    if probe and probe.get("requests"):
        one = probe["duration_s"] / probe["requests"]  # seconds per request, one at a time
        duration = min(CFG["max_duration"], max(duration, 2 * n * one / max(1, os.cpu_count() or 1) * 3))
    log(f"  {label}: {n} connections, {duration:.0f}s")
    res["cN"] = timed(n, duration, f"c{n}")
    waited = drain(pids() if pids else [])
    if waited > 2:
        log(f"  {label}: server busy {waited:.0f}s after the pass (requests still in flight)")
    if rss:
        res["rss_after"] = rss()
    cn = res["cN"]
    log(f"  {label}: p50 {cn['lat_p50_us'] / 1000:.2f} ms, p99 {cn['lat_p99_us'] / 1000:.2f} ms, "
        f"{cn['rps']:.1f} req/s, errors {cn.get('errors', 0)}; CPU cores server {cn['cpu_server']}, "
        f"client {cn['cpu_client']}, others {cn['cpu_other']}")
    return res


# --------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------

class Postgres:
    def __init__(self, workdir: str):
        self.port = free_port()
        # the data dir must be reachable by the postgres OS user: not inside a root-only temp dir
        self.dir = tempfile.mkdtemp(prefix="chbench-pg-", dir="/tmp")
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = os.path.join(self.dir, "data")
        self.logfile = os.path.join(self.dir, "postgres.log")
        self.workdir = workdir
        self.started = False

    def start(self) -> None:
        log(f"PostgreSQL 15: initdb in {self.dir}, port {self.port}")
        run_cmd([f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                 "--locale=C.UTF-8"], user=self.user, timeout=120)
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c max_connections=200 "
                "-c shared_buffers=256MB")
        CLEANUPS.append(self.stop)
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

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def dsn(self, db: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={db}"

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
# ClusterHub
# --------------------------------------------------------------------------------------------

class Mismatch(Exception):
    """The binary does not behave as the CLI/HTTP contract says."""


def app(url: str, *args: str, timeout: float = 1800, env=None) -> subprocess.CompletedProcess:
    argv = [CFG["bin"], "--database-url", url, *args]
    r = run_cmd(argv, check=False, timeout=timeout, env=env)
    if r.returncode != 0:
        raise Mismatch(f"`clusterhub --database-url URL {' '.join(args)}` exited {r.returncode}:\n"
                       f"{(r.stderr or '')[-2000:]}{(r.stdout or '')[-1000:]}")
    return r


def import_csv(url: str, csv_path: str) -> tuple[float, str]:
    """`clusterhub import organisations`: (seconds, summary line)."""
    t = time.time()
    r = app(url, "import", "organisations", "--cluster", CLUSTER, csv_path, timeout=3600)
    took = time.time() - t
    summary = ([ln for ln in r.stdout.splitlines() if ln.strip()]
               or [ln.split("\r")[-1] for ln in r.stderr.splitlines() if ln.strip()])
    return took, (summary[-1] if summary else "")


def pg_import_probe(pg: Postgres, csv_path: str, workdir: str, rows: int) -> dict:
    """Times the app's own import on PostgreSQL on the first `rows` organisations, in a scratch database."""
    part = os.path.join(workdir, f"orgs-first-{rows}.csv")
    with open(csv_path, encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i > rows:
                break
            dst.write(line)
    pg.createdb("clusterhub_import_probe")
    url = pg.url("clusterhub_import_probe")
    app(url, "migrate")
    app(url, "demo", "--no-serve")
    took, summary = import_csv(url, part)
    pg.psql('DROP DATABASE "clusterhub_import_probe"')
    log(f"  app import on PostgreSQL: {rows} rows in {took:.1f}s ({rows / took:.0f} rows/s)")
    return {"rows": rows, "seconds": took, "summary": summary}


def bench_clusterhub(backend: str, url: str, csv_path: str, scen: list[dict], workdir: str,
                     pg: Postgres | None, copy_from: str | None = None) -> dict:
    out = {"backend": backend, "url": url, "scenarios": {}, "notes": []}
    wd = os.path.join(workdir, f"clusterhub-{backend}")
    os.makedirs(wd, exist_ok=True)
    if copy_from and pg:
        log(f"ClusterHub on {backend}: migrate, then copy the SQLite database into it")
        app(url, "migrate")
        sys.path.insert(0, HERE)
        import pg_copy
        t = time.time()
        counts = pg_copy.copy(copy_from, pg.dsn("clusterhub"), log)
        out["copy_s"] = time.time() - t
        out["copy_rows"] = counts
        out["import_probe"] = pg_import_probe(pg, csv_path, workdir, min(CFG["orgs"], CFG["pg_probe_rows"]))
    else:
        log(f"ClusterHub on {backend}: migrate, demo, import {CFG['orgs']} organisations")
        app(url, "migrate")
        app(url, "demo", "--no-serve")
        out["import_s"], out["import_summary"] = import_csv(url, csv_path)
        log(f"  import took {out['import_s']:.1f}s: {out['import_summary']}")
    app(url, "user", "add", BENCH_USER, "--password", BENCH_PASSWORD, "--cluster", CLUSTER, "--role", "staff")
    tok = app(url, "user", "token", BENCH_USER, "--name", "bench").stdout.strip().splitlines()
    if not tok or not tok[-1].strip():
        raise Mismatch("`user token` printed no token on stdout")
    token = tok[-1].strip().split()[-1]
    auth = f"Bearer {token}"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    if os.environ.get("BENCH_RUST_LOG"):
        env["RUST_LOG"] = os.environ["BENCH_RUST_LOG"]
    proc = start(f"clusterhub serve ({backend})",
                 [CFG["bin"], "--database-url", url, "serve", "--bind", f"127.0.0.1:{port}"],
                 os.path.join(wd, "server.log"), env=env)
    try:
        wait_http(base + "/healthz", proc, 60, "clusterhub serve")

        def rss():
            s = proc_status(proc.pid)
            if pg and pg.pid():
                s["pg_pss"] = tree_pss_kb(pg.pid())
            return s

        out["rss_before"] = rss()
        log(f"  server up (pid {proc.pid}), VmRSS {mib(out['rss_before'].get('VmRSS'))} before load")
        # sanity: the first variants of every scenario answer 200 and (API) the documented shape
        for s in scen:
            totals = []
            for f in s["variants"][:5]:
                code, body, hdrs = http(base + path_for(s["kind"], f),
                                        headers={"Authorization": auth} if s["kind"] == "api" else {})
                if code != 200:
                    raise Mismatch(f"GET {path_for(s['kind'], f)} answered {code}: {body[:300]!r}")
                if s["kind"] == "api":
                    try:
                        j = json.loads(body)
                        missing = [k for k in ("items", "total", "page", "per_page") if k not in j]
                    except ValueError:
                        raise Mismatch(f"GET {path_for(s['kind'], f)}: not JSON: {body[:200]!r}")
                    if missing:
                        raise Mismatch(f"GET {path_for(s['kind'], f)}: JSON lacks {missing}: keys {list(j)}")
                    if f.get("page", 1) == 1 and j["total"] > 0 and not j["items"]:
                        out["notes"].append(f"{s['id']}: total {j['total']} but no items on page 1")
                    totals.append(j["total"])
                    s.setdefault("api_ids", {}).setdefault(backend, []).append(
                        [it.get("id") for it in j["items"] if isinstance(it, dict)])
                else:
                    if b"<html" not in body[:2000].lower():
                        out["notes"].append(f"{s['id']}: HTML page does not look like HTML")
                    totals.append(None)
            s.setdefault("api_totals", {})[backend] = totals
            reqfile = os.path.join(wd, f"requests-{s['id']}.txt")
            with open(reqfile, "w") as fh:
                for f in s["variants"]:
                    fh.write(f"GET {path_for(s['kind'], f)}\n")
            a = auth if s["kind"] == "api" else ""
            res = measure(f"{backend} {s['id']}",
                          lambda c, d, tag, s=s, reqfile=reqfile, a=a: wrk(base, reqfile, c, d, wd, f"{s['id']}-{tag}", a),
                          rss, lambda: [proc.pid] + ([pg.pid()] if pg and pg.pid() else []))
            out["scenarios"][s["id"]] = res
        out["rss_after"] = rss()
        log(f"  VmRSS after load {mib(out['rss_after'].get('VmRSS'))}, VmHWM {mib(out['rss_after'].get('VmHWM'))}")
    finally:
        stop(proc, "clusterhub serve")
    if backend == "sqlite":
        path = url.split("://", 1)[1]
        out["db_size"] = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    elif pg:
        out["db_size"] = int(pg.psql("SELECT pg_database_size(current_database())", db="clusterhub"))
    return out


# --------------------------------------------------------------------------------------------
# raw SQL floor
# --------------------------------------------------------------------------------------------

def floor_requests(s: dict) -> list[dict]:
    private = s["kind"] == "api"
    return [{"private": private, "filter": f} for f in s["variants"]]


def bench_floor(backend: str, dsn: str, scen: list[dict], workdir: str, pg_pid: int | None = None) -> dict:
    wd = os.path.join(workdir, f"floor-{backend}")
    os.makedirs(wd, exist_ok=True)
    out = {"backend": backend, "scenarios": {}, "checks": {}, "plans": {}}
    log(f"raw SQL floor on {backend}")
    for s in scen:
        reqfile = os.path.join(wd, f"requests-{s['id']}.json")
        with open(reqfile, "w") as fh:
            json.dump({"cluster": CLUSTER, "requests": floor_requests(s)}, fh)
        head = os.path.join(wd, f"check-{s['id']}.json")
        with open(head, "w") as fh:
            json.dump({"cluster": CLUSTER, "requests": floor_requests(s)[:5]}, fh)
        r = run_cmd([PY, os.path.join(HERE, "sql_floor.py"), "--backend", backend, "--dsn", dsn, "--requests", head,
                     "--check"], timeout=600)
        chk = json.loads(r.stdout)
        out["checks"][s["id"]] = chk["totals"]
        out.setdefault("check_ids", {})[s["id"]] = chk["ids"]

        def one(c, d, tag, s=s, reqfile=reqfile):
            o = os.path.join(wd, f"floor-{s['id']}-{tag}.json")
            run_cmd([PY, os.path.join(HERE, "sql_floor.py"), "--backend", backend, "--dsn", dsn,
                     "--requests", reqfile, "--connections", str(c), "--duration", str(d), "--warmup", "0.5",
                     "--out", o], timeout=d + 600)
            with open(o) as fh:
                return json.load(fh)

        out["scenarios"][s["id"]] = measure(f"floor {backend} {s['id']}", one,
                                            pids=lambda: [pg_pid] if pg_pid else [], warm=False)
        out["plans"][s["id"]] = query_plan(backend, dsn, floor_requests(s)[0])
    return out


def query_plan(backend: str, dsn: str, req: dict) -> str:
    """Plans of the count and page queries of one listing (PostgreSQL: EXPLAIN ANALYZE of the
    prepared statements, as the app runs them)."""
    sys.path.insert(0, HERE)
    import sql_floor
    try:
        conn = sql_floor.connect(backend, dsn)
        cid = sql_floor.cluster_id_of(conn, CLUSTER)
        count_sql, page_sql, count_args, page_args = sql_floor.directory_sql(cid, req["private"], req["filter"])
        parts = []
        for what, sql, args in (("count", count_sql, count_args), ("page", page_sql, page_args)):
            if backend == "sqlite":
                rows = conn.c.execute("EXPLAIN QUERY PLAN " + conn._sql(sql), args).fetchall()
                text = "\n".join(r[-1] for r in rows)
            else:
                name = f"plan_{what}"
                conn.cur.execute(f"PREPARE {name} AS {sql}")
                conn.cur.execute(f"EXPLAIN (ANALYZE, COSTS OFF) EXECUTE {name} ({','.join(['%s'] * len(args))})",
                                 args)
                text = "\n".join(r[0] for r in conn.cur.fetchall())
            parts.append(f"-- {what} query\n{text}")
        conn.close()
        return "\n\n".join(parts)
    except Exception as e:  # noqa: BLE001
        return f"(no plan: {e})"


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------

def ms(us) -> str:
    return "–" if us is None else f"{us / 1000:.2f}"


def lat(r: dict, key: str) -> str:
    """A latency cell: ms, or '> N s' when no request finished inside the pass."""
    if not r:
        return "–"
    if not r.get("requests"):
        return f"> {r.get('duration_planned_s', r.get('duration_s', 0)):.0f} s"
    return ms(r.get(key))


def ratio(a, b, fmt="{:.2f}×") -> str:
    if not a or not b:
        return "–"
    return fmt.format(a / b)


def report(results: dict, scen: list[dict]) -> str:
    n = CFG["connections"]
    peers = results["peers"]  # label -> {"scenarios": {...}}
    L = []
    L.append("# Organisation directory benchmark")
    L.append("")
    L.append(f"Run {results['started']} on {results['machine']}. Generated by `bench/directory/run`; "
             "overwritten by every run.")
    L.append("")
    L.append(f"- organisations: **{CFG['orgs']:,}** in cluster `{CLUSTER}` (plus the demo data), seed-generated by "
             "`gen_orgs.py` with real NUTS 3 codes")
    L.append(f"- load: `wrk` with `requests.lua`, {CFG['wrk_threads']} threads; {n} connections for "
             f"{CFG['duration']:.0f} s per scenario"
             + (f", plus 1 connection for {CFG['lat1_duration']:.0f} s (unloaded latency)" if CFG["lat1"] else "")
             + f"; {CFG['warmup']:.0f} s warm-up first. Client and server share the machine's "
             f"{os.cpu_count()} cores.")
    L.append("- raw SQL floor: `sql_floor.py`, the app's own listing SQL (count + page + subsectors) run straight "
             "on the same database file / server, one connection per client thread, same connection counts")
    L.append("- latencies in ms; req/s = completed requests per second")
    if results.get("versions"):
        L.append(f"- versions: {results['versions']}")
    L.append("")
    L.append("## Scenarios")
    L.append("")
    for s in scen:
        ex = path_for(s["kind"], s["variants"][0])
        L.append(f"- **{s['id']}** {s['name']}: {len(s['variants'])} variant(s), e.g. `{ex}`")
    L.append("")
    L.append("## Results")
    L.append("")
    hdr = "| scenario | peer |"
    sep = "|---|---|"
    if CFG["lat1"]:
        hdr += " p50 @1 | p99 @1 |"
        sep += "---:|---:|"
    hdr += f" p50 @{n} | p99 @{n} | req/s @{n} | errors | CPU server / client / others @{n} |"
    sep += "---:|---:|---:|---:|---:|"
    L.append(hdr)
    L.append(sep)
    disturbed: list[str] = []
    for s in scen:
        for label, p in peers.items():
            r = p.get("scenarios", {}).get(s["id"])
            if not r:
                continue
            row = f"| {s['id']} | {label} |"
            if CFG["lat1"]:
                c1 = r.get("c1", {})
                row += f" {lat(c1, 'lat_p50_us')} | {lat(c1, 'lat_p99_us')} |"
            cn = r["cN"]
            rps = f"{cn['rps']:.1f}" if cn["rps"] < 20 else f"{cn['rps']:.0f}"
            if not cn.get("requests"):
                rps = f"0 (none completed in {cn.get('duration_planned_s', CFG['duration']):.0f} s)"
            row += f" {lat(cn, 'lat_p50_us')} | {lat(cn, 'lat_p99_us')} | {rps} | {cn.get('errors', 0)} |"
            row += f" {cn.get('cpu_server', 0):.2f} / {cn.get('cpu_client', 0):.2f} / {cn.get('cpu_other', 0):.2f} |"
            L.append(row)
            for k in ("c1", "cN"):
                other = r.get(k, {}).get("cpu_other", 0)
                if other > 0.25:
                    disturbed.append(f"{s['id']} {label} ({'1 connection' if k == 'c1' else f'{n} connections'}: "
                                     f"{other:.2f} cores)")
    L.append("")
    L.append("CPU columns: cores in use during the measured pass, by the server processes (ClusterHub or "
             "trytond, plus PostgreSQL's backends), by the load client (wrk, or the floor's Python workers, "
             "which for SQLite *are* the database engine), and by anything else on the machine.")
    L.append("")
    if disturbed:
        L.append(f"**Disturbed passes** (other processes used more than 0.25 of the {os.cpu_count()} cores; "
                 "their figures are pessimistic): " + "; ".join(disturbed) + ".")
        L.append("")
    L.append(f"Floor latencies at {n} connections are taken inside {n} client processes that compete with the "
             "database for the same cores, and a worker waiting for a core between two queries is not counted: "
             "compare the floor with the app on req/s at that concurrency, and on latency at 1 connection.")
    L.append("")

    def pair_table(title: str, num: str, den: str, note: str):
        if num not in peers or den not in peers:
            return
        L.append(f"### {title}")
        L.append("")
        L.append(note)
        L.append("")
        h = "| scenario |"
        sp = "|---|"
        if CFG["lat1"]:
            h += " p50 @1 |"
            sp += "---:|"
        h += f" p50 @{n} | p99 @{n} | req/s @{n} |"
        sp += "---:|---:|---:|"
        L.append(h)
        L.append(sp)
        for s in scen:
            a = peers[num].get("scenarios", {}).get(s["id"])
            b = peers[den].get("scenarios", {}).get(s["id"])
            if not a or not b:
                continue
            row = f"| {s['id']} |"
            if CFG["lat1"]:
                row += f" {ratio(a.get('c1', {}).get('lat_p50_us'), b.get('c1', {}).get('lat_p50_us'))} |"
            row += (f" {ratio(a['cN']['lat_p50_us'], b['cN']['lat_p50_us'])} |"
                    f" {ratio(a['cN']['lat_p99_us'], b['cN']['lat_p99_us'])} |"
                    f" {ratio(a['cN']['rps'], b['cN']['rps'])} |")
            L.append(row)
        L.append("")

    tr = peers.get("Tryton 6/PostgreSQL")
    if tr:
        L.append(f"Tryton 6 rows ({tr.get('version', '')}, JSON-RPC `model.party.party.search_read`, "
                 "fields name, code, categories; no total is counted, unlike ClusterHub's listing):")
        L.append("")
        for sid, q in tr.get("queries", {}).items():
            L.append(f"- {sid}: `{q}`")
        L.append("")
    L.append("## Ratios")
    L.append("")
    if sum(1 for k in peers if k.startswith(("ClusterHub", "SQL floor", "Tryton"))) < 2:
        L.append("(fewer than two peers in this run)")
        L.append("")
    pair_table("ClusterHub: PostgreSQL ÷ SQLite", "ClusterHub/PostgreSQL", "ClusterHub/SQLite",
               "Above 1× in latency columns: PostgreSQL is slower; above 1× in req/s: PostgreSQL serves more.")
    pair_table("HTTP + app overhead on SQLite: ClusterHub ÷ raw SQL", "ClusterHub/SQLite", "SQL floor/SQLite",
               "Latency ratio = how much slower a listing is through HTTP than its bare queries; req/s ratio below "
               "1× = the share of the floor's throughput the app keeps.")
    pair_table("HTTP + app overhead on PostgreSQL: ClusterHub ÷ raw SQL", "ClusterHub/PostgreSQL",
               "SQL floor/PostgreSQL", "Same reading as above.")
    pair_table("Tryton 6 ÷ ClusterHub on PostgreSQL", "Tryton 6/PostgreSQL", "ClusterHub/PostgreSQL",
               "Only the scenarios with a comparable Tryton query (see its notes).")

    L.append("## Memory (server process)")
    L.append("")
    L.append("| peer | VmRSS before load | VmRSS after load | VmHWM after load | PostgreSQL PSS before → after |")
    L.append("|---|---:|---:|---:|---:|")
    for label, p in peers.items():
        if "rss_before" not in p:
            continue
        b, a = p["rss_before"], p["rss_after"]
        pgc = (f"{mib(b.get('pg_pss'))} → {mib(a.get('pg_pss'))}" if b.get("pg_pss") else "–")
        L.append(f"| {label} | {mib(b.get('VmRSS'))} | {mib(a.get('VmRSS'))} | {mib(a.get('VmHWM'))} | {pgc} |")
    L.append("")
    L.append("VmRSS/VmHWM from `/proc/PID/status` of the server process (ClusterHub's embedded SQLite cache is "
             "inside it). PostgreSQL PSS = proportional set size of the postmaster and its backends "
             "(shared buffers counted once), from `/proc/PID/smaps_rollup`.")
    L.append("")
    L.append("## Data load")
    L.append("")
    for label, p in peers.items():
        size = f", database {p['db_size'] / 1048576:.1f} MiB" if p.get("db_size") else ""
        if "import_s" in p:
            L.append(f"- {label}: `import organisations` of {CFG['orgs']:,} rows in {p['import_s']:.1f} s "
                     f"({CFG['orgs'] / max(p['import_s'], 1e-9):.0f} rows/s){size} — `{p.get('import_summary', '')}`")
        if "copy_s" in p:
            L.append(f"- {label}: the SQLite database copied in table by table (same rows and ids, "
                     f"{sum(p['copy_rows'].values()):,} rows) in {p['copy_s']:.1f} s, then ANALYZE{size}")
        if p.get("import_probe"):
            pr = p["import_probe"]
            L.append(f"- {label}: the app's own `import organisations` on PostgreSQL, timed on the first "
                     f"{pr['rows']:,} rows into a scratch database: {pr['seconds']:.1f} s "
                     f"({pr['rows'] / max(pr['seconds'], 1e-9):.0f} rows/s; SQLite above: all rows in one go)")
        if "seed_s" in p:
            L.append(f"- {label}: {p.get('seed_note', '')}")
    L.append("")
    checks = results.get("checks", [])
    if checks:
        L.append("## Consistency checks")
        L.append("")
        for c in checks:
            L.append(f"- {c}")
        L.append("")
    notes = results.get("notes", [])
    if notes:
        L.append("## Notes")
        L.append("")
        for c in notes:
            first, _, rest = str(c).partition("\n")
            L.append(f"- {first}")
            if rest.strip():
                L.append("")
                L.append("  ```")
                L.extend("  " + ln for ln in rest.rstrip().splitlines())
                L.append("  ```")
        L.append("")
    plans = results.get("plans", {})
    if plans:
        L.append("## Query plans of the floor's queries (first variant of each scenario)")
        L.append("")
        for label, by in plans.items():
            for sid, text in by.items():
                L.append(f"<details><summary>{label}, scenario {sid}</summary>")
                L.append("")
                L.append("```")
                L.append(text)
                L.append("```")
                L.append("</details>")
                L.append("")
    return "\n".join(L)


# --------------------------------------------------------------------------------------------

def versions(pg) -> str:
    import sqlite3
    parts = []
    try:
        st = os.stat(CFG["bin"])
        parts.append(f"clusterhub binary {CFG['bin']} built {dt.datetime.fromtimestamp(st.st_mtime):%Y-%m-%d %H:%M}")
    except OSError:
        parts.append(f"clusterhub binary {CFG['bin']} (missing)")
    if pg:
        try:
            parts.append(f"PostgreSQL {pg.psql('SHOW server_version').split()[0]} "
                         "(shared_buffers=256MB, max_connections=200, otherwise defaults)")
        except Exception:  # noqa: BLE001
            pass
    parts.append(f"floor: Python {platform.python_version()} sqlite3 {sqlite3.sqlite_version}")
    try:
        r = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        w = (r.stdout + r.stderr).split()
        parts.append(" ".join(w[:2]))
    except OSError:
        pass
    return "; ".join(parts)


def main() -> int:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="chbench-")
    os.makedirs(workdir, exist_ok=True)
    if not os.environ.get("BENCH_WORKDIR") and not CFG["keep"]:
        CLEANUPS.insert(0, lambda: shutil.rmtree(workdir, ignore_errors=True))
    results = {"started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "peers": {}, "checks": [], "notes": [],
               "plans": {},
               "machine": f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, "
                          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"}
    state = {"exit": 0}
    scen: list[dict] = []

    def attempt(what: str, fn):
        """Runs one peer; a failure is reported and the other peers still run."""
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

    try:
        log(f"config: {json.dumps({k: v for k, v in CFG.items()})}; work dir {workdir}")
        csv_path = os.path.join(workdir, "orgs.csv")
        t = time.time()
        run_cmd([PY, os.path.join(HERE, "gen_orgs.py"), "--count", str(CFG["orgs"]), "--out", csv_path], timeout=600)
        log(f"generated {CFG['orgs']} organisations in {time.time() - t:.1f}s")
        scen = scenarios(territories_of(csv_path))
        peers = CFG["peers"]
        pg = None
        if "postgres" in peers or "tryton" in peers:
            pg = Postgres(workdir)
            pg.start()
        sqlite_path = os.path.join(workdir, "clusterhub.db")
        for suffix in ("", "-wal", "-shm"):  # a kept work dir is reused: start from an empty database
            if os.path.exists(sqlite_path + suffix):
                os.unlink(sqlite_path + suffix)
        results["versions"] = versions(pg)
        ok = {}
        if "sqlite" in peers:
            r = attempt("ClusterHub on SQLite", lambda: bench_clusterhub(
                "sqlite", f"sqlite://{sqlite_path}", csv_path, scen, workdir, None))
            if r:
                results["peers"]["ClusterHub/SQLite"] = r
                ok["sqlite"] = sqlite_path
        if "postgres" in peers:
            def ch_pg():
                pg.createdb("clusterhub")
                copy_from = sqlite_path if (CFG["pg_load"] == "copy" and "sqlite" in ok) else None
                return bench_clusterhub("postgres", pg.url("clusterhub"), csv_path, scen, workdir, pg, copy_from)
            r = attempt("ClusterHub on PostgreSQL", ch_pg)
            if r:
                results["peers"]["ClusterHub/PostgreSQL"] = r
                ok["postgres"] = pg.dsn("clusterhub")
        for label in ("ClusterHub/SQLite", "ClusterHub/PostgreSQL"):
            results["notes"] += [f"{label}: {x}" for x in results["peers"].get(label, {}).get("notes", [])]
        if "sqlite" in ok and "postgres" in ok:
            for s in scen:
                t = s.get("api_totals", {})
                if s["kind"] == "api" and t.get("sqlite") != t.get("postgres"):
                    results["checks"].append(f"MISMATCH scenario {s['id']}: API totals SQLite {t.get('sqlite')} vs "
                                             f"PostgreSQL {t.get('postgres')}")
                elif s["kind"] == "api":
                    results["checks"].append(f"scenario {s['id']}: API totals agree on both databases "
                                             f"(first variants: {t.get('sqlite')})")
        if "floor" in peers:
            for backend, dsn in ok.items():
                label = f"SQL floor/{'SQLite' if backend == 'sqlite' else 'PostgreSQL'}"
                f = attempt(label, lambda backend=backend, dsn=dsn: bench_floor(
                    backend, dsn, scen, workdir, pg.pid() if backend == "postgres" else None))
                if not f:
                    continue
                results["peers"][label] = f
                results["plans"][label] = f["plans"]
                for s in scen:
                    api = s.get("api_totals", {}).get(backend)
                    got = f["checks"][s["id"]]
                    if s["kind"] == "api" and api is not None:
                        same = api == got
                        results["checks"].append(
                            f"{'' if same else 'MISMATCH '}scenario {s['id']}: floor totals on {backend} "
                            f"{'equal' if same else 'differ from'} the API's ({got}{'' if same else f' vs API {api}'})")
                        api_ids = s.get("api_ids", {}).get(backend)
                        floor_ids = f.get("check_ids", {}).get(s["id"])
                        if api_ids is not None:
                            same = api_ids == floor_ids
                            results["checks"].append(
                                f"{'' if same else 'MISMATCH '}scenario {s['id']}: floor page ids on {backend} "
                                f"{'equal' if same else 'differ from'} the API's items "
                                f"({sum(len(x) for x in api_ids)} ids over {len(api_ids)} variants)")
        if "tryton" in peers:
            sys.path.insert(0, HERE)
            import tryton_peer
            try:
                tr = tryton_peer.bench(pg, csv_path, workdir, {"log": log, "start": start, "stop": stop,
                                                               "measure": measure, "wrk": wrk,
                                                               "tree_pss_kb": tree_pss_kb})
                results["peers"]["Tryton 6/PostgreSQL"] = tr
            except (SystemExit, KeyboardInterrupt):
                raise
            except Exception as e:  # noqa: BLE001
                msg = f"Tryton 6 peer skipped: {type(e).__name__}: {str(e)[-1500:]}"
                log(msg)
                results["notes"].append(msg)
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
            signal.signal(sig, signal.SIG_IGN)  # let the clean-up finish
        cleanup()
        if CFG["keep"] or os.environ.get("BENCH_WORKDIR"):
            log(f"work dir kept: {workdir}")
    text = report(results, scen)
    with open(os.path.join(HERE, "results.md"), "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    with open(os.path.join(HERE, "results.json"), "w", encoding="utf-8") as fh:
        json.dump({"config": CFG, **results}, fh, indent=1, default=str)
    print(text.split("## Query plans")[0])
    log(f"wrote {os.path.relpath(os.path.join(HERE, 'results.md'), ROOT)} (total {time.time() - T0:.0f}s)")
    return state["exit"]


if __name__ == "__main__":
    sys.exit(main())
