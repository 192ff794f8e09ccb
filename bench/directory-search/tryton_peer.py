"""Tryton 6 (Debian's tryton-server + party module) as the peer of ClusterHub's directory search.

Used by bench.py. Creates a Tryton database on the benchmark's PostgreSQL server with the party
module and `bench_party` (tryton_bench_party/ beside this file: two Text fields on party.party,
`description` and `capabilities`), seeds it with the same organisations as ClusterHub gets, starts
`trytond` on loopback and serves the same query list through JSON-RPC:

- search: `model.party.party.search_read` with Tryton's own `ilike` domains, limit 20, order by
  name; each word of the query (or the quoted phrase) must be found in the name, the description
  or the capabilities; facet filters become party categories (`subsector:…`, `entity_type:…`,
  `certification:…`, `trl:N`) and the territory a NUTS prefix on the address subdivision;
- organisation page: `model.party.party.read` of one party with its name, code, texts,
  category names and address (city, subdivision, country).

Seeding goes straight into Tryton's tables with COPY (the ORM path, proteus, takes about 3 s per
1,000 parties); the server then reads them through its ORM like any other record. Countries ES,
FR, PT and one subdivision per NUTS 3 region (code = the NUTS code) are inserted the same way.
Everything raises on failure: bench.py reports that as a failed peer.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SETUP_BUDGET_S = 900
ADMIN_PASSWORD = "tryton-bench-admin-5b9"
LIMIT = 20
SEARCH_FIELDS = ["name", "code", "description", "categories"]
PAGE_FIELDS = ["name", "code", "description", "capabilities", "categories", "categories.name", "addresses",
               "addresses.city", "addresses.subdivision.name", "addresses.country.name", "create_date",
               "write_date"]
COUNTRIES = {"ES": ("ESP", "724", "Spain"), "FR": ("FRA", "250", "France"), "PT": ("PRT", "620", "Portugal")}


def rpc(url: str, method: str, params: list, auth: str | None = None, timeout: float = 120):
    body = json.dumps({"method": method, "params": params, "id": 1}).encode()
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    req = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        j = json.loads(r.read())
    if "error" in j and j["error"]:
        raise RuntimeError(f"{method}: {str(j['error'])[:1500]}")
    return j["result"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def words_of(text: str) -> list[str]:
    """The ilike patterns of a query: a quoted phrase as one, otherwise each word."""
    t = text.strip()
    if len(t) >= 2 and t.startswith('"') and t.endswith('"'):
        parts = [t[1:-1].strip()]
    else:
        parts = [w.strip('"') for w in t.split()]
    out = []
    for p in parts:
        if p:
            p = p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            out.append(f"%{p}%")
    return out


class Setup:
    """What the seeding produced: ids of categories and subdivisions, party ids by legal id."""

    def __init__(self):
        self.cat: dict[str, int] = {}
        self.subdivisions: dict[str, int] = {}
        self.party_by_legal: dict[str, int] = {}

    def domain(self, q: dict) -> list:
        dom: list = []
        for p in words_of(q.get("text", "")):
            dom.append(["OR", ["name", "ilike", p], ["description", "ilike", p], ["capabilities", "ilike", p]])
        f = q.get("filters") or {}
        for key, prefix in (("subsectors", "subsector"), ("entity_types", "entity_type"),
                            ("certifications", "certification")):
            if f.get(key):
                dom.append(["categories", "in", [self.cat[f"{prefix}:{v}"] for v in f[key]]])
        if f.get("trl_min"):
            dom.append(["categories", "in", [self.cat[f"trl:{n}"] for n in range(int(f["trl_min"]), 10)]])
        if f.get("territories"):
            if len(f["territories"]) == 1:
                dom.append(["addresses.subdivision.code", "like", f"{f['territories'][0]}%"])
            else:
                dom.append(["OR"] + [["addresses.subdivision.code", "like", f"{t}%"] for t in f["territories"]])
        return dom

    def search_body(self, q: dict) -> str:
        return json.dumps({"method": "model.party.party.search_read",
                           "params": [self.domain(q), 0, LIMIT, [["name", "ASC"]], SEARCH_FIELDS, {}], "id": 1},
                          ensure_ascii=False, separators=(",", ":"))

    def count_params(self, q: dict) -> list:
        return [self.domain(q), {}]

    @staticmethod
    def page_body(party_id: int) -> str:
        return json.dumps({"method": "model.party.party.read", "params": [[party_id], PAGE_FIELDS, {}], "id": 1},
                          separators=(",", ":"))


def seed(pg, db: str, wd: str, profiles: list[dict], orgs: list[dict], nuts: dict[str, str], log) -> Setup:
    """COPY the organisations into Tryton's tables. `profiles` (prepare.py) and `orgs` (gen.py)
    are in the same order."""
    s = Setup()
    now = "2025-01-01 00:00:00"

    def base(table: str) -> int:
        return int(pg.psql(f"SELECT COALESCE(MAX(id), 0) FROM {table}", db=db)) + 1

    def esc(v) -> str:
        if v is None:
            return "\\N"
        return str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")

    # countries and subdivisions (the country module is a dependency of party)
    country_id = {}
    c0 = base("country_country")
    buf = io.StringIO()
    for i, (code, (code3, num, name)) in enumerate(COUNTRIES.items()):
        country_id[code] = c0 + i
        buf.write(f"{c0 + i}\tt\t{code}\t{code3}\t{num}\t{now}\t0\t{name}\n")
    copies = [("country_country (id, active, code, code3, code_numeric, create_date, create_uid, name)", buf)]
    s0 = base("country_subdivision")
    buf = io.StringIO()
    for i, (code, name) in enumerate(sorted(nuts.items())):
        s.subdivisions[code] = s0 + i
        buf.write(f"{s0 + i}\tt\t{code}\t{country_id[code[:2]]}\t{now}\t0\t{esc(name)}\tprovince\n")
    copies.append(("country_subdivision (id, active, code, country, create_date, create_uid, name, type)", buf))
    # categories: one per facet value
    names = set()
    for o in orgs:
        names.update(f"subsector:{v}" for v in o["subsectors"])
        names.add(f"entity_type:{o['entity_type']}")
    for p in profiles:
        names.update(f"certification:{c}" for c in p["profile"]["certifications"])
    names.update(f"trl:{n}" for n in range(1, 10))
    names.update(f"{k}:{v}" for k, vs in (("certification", ["iso13485", "iso9001", "gmp", "mdr_iia", "iso27001"]),
                                          ("entity_type", ["company", "research_centre", "hospital",
                                                           "technology_centre"]))
                 for v in vs)
    k0 = base("party_category")
    buf = io.StringIO()
    for i, n in enumerate(sorted(names)):
        s.cat[n] = k0 + i
        buf.write(f"{k0 + i}\tt\t{now}\t0\t{esc(n)}\n")
    copies.append(("party_category (id, active, create_date, create_uid, name)", buf))
    p0, a0 = base("party_party"), base("party_address")
    parties, addrs, rels = io.StringIO(), io.StringIO(), io.StringIO()
    for i, (p, o) in enumerate(zip(profiles, orgs)):
        pid = p0 + i
        s.party_by_legal[p["legal_id"]] = pid
        desc = "\n\n".join(p["description"].values())
        caps = "\n".join(list(p["profile"]["capabilities"].values()) + p["profile"]["capability_tags"])
        parties.write(f"{pid}\tt\t{esc(p['legal_id'])}\t{now}\t0\t{esc(p['name'])}\t{esc(desc)}\t{esc(caps)}\n")
        t = o["territory"]
        addrs.write(f"{a0 + i}\tt\t{esc(p['city'])}\t{country_id[t[:2]]}\t{s.subdivisions[t]}\t{now}\t0\t{pid}\t1\n")
        cats = [f"subsector:{v}" for v in o["subsectors"]] + [f"entity_type:{o['entity_type']}"]
        cats += [f"certification:{c}" for c in p["profile"]["certifications"]]
        if p["profile"]["trl"]:
            cats.append(f"trl:{p['profile']['trl']}")
        for c in cats:
            rels.write(f"{s.cat[c]}\t{now}\t0\t{pid}\n")
    copies += [("party_party (id, active, code, create_date, create_uid, name, description, capabilities)", parties),
               ("party_address (id, active, city, country, subdivision, create_date, create_uid, party, sequence)",
                addrs),
               ("party_category_rel (category, create_date, create_uid, party)", rels)]
    path = os.path.join(wd, "copy.tsv")
    for target, b in copies:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(b.getvalue())
        pg.psql(f"\\copy {target} FROM '{path}'", db=db)
    seqs = ["party_party", "party_address", "party_category", "country_country", "country_subdivision"]
    pg.psql("; ".join(f"SELECT setval('{t}_id_seq', (SELECT MAX(id) FROM {t}))" for t in seqs) + "; ANALYZE", db=db)
    return s


def bench(pg, profiles: list[dict], orgs: list[dict], nuts: dict[str, str], scen: list[dict], workdir: str, h) -> dict:
    """h: helpers from bench.py (log, start, stop, measure, wrk, tree_pss_kb, proc_status, recall_sample,
    modes = which servers to run Tryton under, see SERVERS).
    `scen`: the scenarios (id, kind, queries or org legal ids) shared with ClusterHub."""
    log, start, stop, measure, wrk = h["log"], h["start"], h["stop"], h["measure"], h["wrk"]
    t_setup = time.time()
    for exe in ("trytond", "trytond-admin"):
        if not shutil.which(exe):
            raise RuntimeError(f"{exe} not found (Debian packages tryton-server tryton-modules-party)")
    version = subprocess.run(["trytond", "--version"], capture_output=True, text=True).stdout.strip()
    wd = os.path.join(workdir, "tryton")
    os.makedirs(os.path.join(wd, "files"), exist_ok=True)
    # the bench_party module, found by trytond through a `trytond.modules` entry point
    mods = os.path.join(wd, "modules")
    shutil.rmtree(mods, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "tryton_bench_party"), os.path.join(mods, "bench_party"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    info = os.path.join(mods, "trytond_bench_party-6.0.0.dist-info")
    os.makedirs(info)
    with open(os.path.join(info, "METADATA"), "w") as fh:
        fh.write("Metadata-Version: 2.1\nName: trytond_bench_party\nVersion: 6.0.0\n")
    with open(os.path.join(info, "entry_points.txt"), "w") as fh:
        fh.write("[trytond.modules]\nbench_party = bench_party\n")
    port = free_port()
    db = "tryton"
    conf = os.path.join(wd, "trytond.conf")
    with open(conf, "w") as fh:
        fh.write(f"[web]\nlisten = 127.0.0.1:{port}\n\n[database]\nuri = postgresql://postgres@127.0.0.1:{pg.port}/\n"
                 f"path = {wd}/files\n\n[session]\ntimeout = 3600\n")
    logconf = os.path.join(wd, "logging.conf")
    with open(logconf, "w") as fh:
        # request logging off, as a production server would run it: werkzeug sets its own logger to
        # INFO unless it is configured, so it is named here
        fh.write("[formatters]\nkeys=simple\n[handlers]\nkeys=console\n[loggers]\nkeys=root,werkzeug\n"
                 "[formatter_simple]\nformat=%(asctime)s %(levelname)s %(name)s %(message)s\n"
                 "[handler_console]\nclass=StreamHandler\nformatter=simple\nargs=(sys.stderr,)\n"
                 "[logger_root]\nlevel=WARNING\nhandlers=console\n"
                 "[logger_werkzeug]\nlevel=WARNING\nhandlers=console\nqualname=werkzeug\npropagate=0\n")
    passfile = os.path.join(wd, "admin-password")
    with open(passfile, "w") as fh:
        fh.write(ADMIN_PASSWORD + "\n")
    env = dict(os.environ, TRYTONPASSFILE=passfile,
               PYTHONPATH=mods + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""))
    log(f"Tryton ({version}): creating database, installing party + bench_party (about 40 s)")
    pg.createdb(db)
    r = subprocess.run(["trytond-admin", "-c", conf, "-d", db, "--all", "-u", "party", "bench_party",
                        "--activate-dependencies", "--email", "admin@bench.example"],
                       capture_output=True, text=True, env=env, timeout=SETUP_BUDGET_S, cwd=wd)
    if r.returncode != 0:
        raise RuntimeError(f"trytond-admin failed: {r.stderr[-1500:]}")
    cols = pg.psql("SELECT string_agg(column_name, ',') FROM information_schema.columns "
                   "WHERE table_name = 'party_party'", db=db)
    if "capabilities" not in cols.split(","):
        raise RuntimeError(f"bench_party was not installed: party_party has columns {cols}")

    t_seed = time.time()
    setup = seed(pg, db, wd, profiles, orgs, nuts, log)
    seed_s = time.time() - t_seed
    log(f"  seeded {len(profiles)} parties (+ addresses, categories) by COPY in {seed_s:.1f}s")

    common = {"version": version, "seed_s": seed_s, "queries": {}, "samples": {},
              "seed_note": f"Tryton {version}: trytond-admin (party + bench_party) and COPY of {len(profiles):,} "
                           f"parties with description and capabilities, addresses, category links in {seed_s:.1f} s "
                           f"(setup in all {time.time() - t_setup:.0f} s)"}
    results = {}
    for mode in h["modes"]:
        r = serve_and_measure(mode, common, pg, db, conf, logconf, env, wd, setup, scen, len(profiles), h,
                              first=not results)
        results[mode] = r
    return {"common": common, "modes": results}


SERVERS = {
    "trytond": "Debian's `trytond` command (werkzeug's threaded server, one process)",
    "gunicorn": "`trytond.application:app` under gunicorn, 2 worker processes × 4 threads (gthread)",
}


def serve_and_measure(mode, common, pg, db, conf, logconf, env, wd, setup, scen, n_parties, h, first):
    log, start, stop, measure, wrk = h["log"], h["start"], h["stop"], h["measure"], h["wrk"]
    port = free_port()
    url_base = f"http://127.0.0.1:{port}"
    rpc_url = f"{url_base}/{db}/"
    logfile = os.path.join(wd, f"server-{mode}.log")
    if mode == "trytond":
        # the [web] listen of the config file names the port
        with open(conf) as fh:
            text = fh.read()
        with open(conf, "w") as fh:
            fh.write(re.sub(r"listen = 127\.0\.0\.1:\d+", f"listen = 127.0.0.1:{port}", text))
        proc = start("trytond", ["trytond", "-c", conf, "-d", db, "--logconf", logconf], logfile, env=env, cwd=wd)
    else:
        genv = dict(env, TRYTOND_CONFIG=conf, TRYTOND_DATABASE_NAMES=db, TRYTOND_LOGGING_CONFIG=logconf)
        proc = start("trytond under gunicorn",
                     ["/usr/bin/python3", "-m", "gunicorn", "--workers", "2", "--worker-class", "gthread",
                      "--threads", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
                      "trytond.application:app"], logfile, env=genv, cwd=wd)
    try:
        deadline = time.time() + 120
        session = None
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{mode} exited with {proc.returncode}; see {logfile}")
            try:
                session = rpc(rpc_url, "common.db.login", ["admin", {"password": ADMIN_PASSWORD}, "en"], timeout=5)
                break
            except Exception:  # noqa: BLE001
                time.sleep(0.5)
        if not session:
            raise RuntimeError(f"{mode} did not accept a login within 120 s")
        uid, token = session
        auth = "Session " + base64.b64encode(f"admin:{uid}:{token}".encode()).decode()
        seen = rpc(rpc_url, "model.party.party.search_count", [[], {}], auth)
        if seen < n_parties:
            raise RuntimeError(f"Tryton sees only {seen} parties after seeding {n_parties}")
        log(f"  Tryton served by {mode} (pid {proc.pid}); search_count = {seen}")
        out = {**common, "scenarios": {}, "server": SERVERS[mode]}

        def rss():
            # the whole process tree: gunicorn's workers are children of its arbiter
            st = h["proc_status"](proc.pid)
            st["tree_pss"] = h["tree_pss_kb"](proc.pid)
            if pg.pid():
                st["pg_pss"] = h["tree_pss_kb"](pg.pid())
            return st

        out["rss_before"] = rss()
        for sc in scen:
            if sc["kind"] == "page":
                ids = [setup.party_by_legal[x] for x in sc["legal_ids"]]
                bodies = [Setup.page_body(i) for i in ids]
                got = rpc(rpc_url, "model.party.party.read", json.loads(bodies[0])["params"], auth)
                if not got or not got[0].get("name"):
                    raise RuntimeError(f"read of party {ids[0]} returned {got!r:.300}")
                common["samples"][sc["id"]] = {k: (v if not isinstance(v, str) else v[:120])
                                               for k, v in got[0].items()}
                common["queries"][sc["id"]] = f"read([id], {PAGE_FIELDS})"
            else:
                bodies = [setup.search_body(q) for q in sc["queries"]]
                got = rpc(rpc_url, "model.party.party.search_read", json.loads(bodies[0])["params"], auth)
                common["samples"][sc["id"]] = {"query": sc["queries"][0], "domain": setup.domain(sc["queries"][0]),
                                               "rows": len(got)}
                common["queries"][sc["id"]] = (
                    f"search_read({json.dumps(setup.domain(sc['queries'][0]), ensure_ascii=False)}"
                    f", 0, {LIMIT}, [name ASC], {SEARCH_FIELDS})")
                if first:
                    # how many organisations each query finds (search_count), for the recall comparison;
                    # also proves every domain of the sample is accepted (JSON-RPC errors come with HTTP 200)
                    sample = sc["queries"][: h["recall_sample"]]
                    common.setdefault("counts", {})[sc["id"]] = [
                        rpc(rpc_url, "model.party.party.search_count", setup.count_params(q), auth) for q in sample]
            reqfile = os.path.join(wd, f"requests-{sc['id']}.txt")
            with open(reqfile, "w", encoding="utf-8") as fh:
                for b in bodies:
                    fh.write(f"POST /{db}/ {b}\n")
            out["scenarios"][sc["id"]] = measure(
                f"tryton ({mode}) {sc['id']}",
                lambda c, d, tag, sid=sc["id"], reqfile=reqfile: wrk(url_base, reqfile, c, d, wd,
                                                                    f"{mode}-{sid}-{tag}", auth),
                rss, lambda: [proc.pid] + ([pg.pid()] if pg.pid() else []))
        out["rss_after"] = rss()
        with open(logfile, errors="replace") as fh:
            lines = [ln for ln in fh.read().splitlines() if "ERROR" in ln or "Traceback" in ln]
        out["log_errors"] = len(lines)
        return out
    finally:
        stop(proc, mode)
