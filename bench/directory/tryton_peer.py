"""Tryton 6 (Debian's tryton-server + party module) as a whole-CRM peer of the directory listing.

Used by bench.py. Sets up a Tryton database on the benchmark's own PostgreSQL server, seeds it
with the same organisations (names, legal ids as party codes, one address with the city, the
subsectors as party categories), starts `trytond` on loopback and measures
`model.party.party.search_read` through JSON-RPC with wrk, using the same connection counts.

Seeding goes straight into Tryton's tables with COPY (the ORM path, proteus, takes about 3 s per
1,000 parties here: 5 minutes for 100k); the server reads them through its ORM like any other
record. Everything raises on failure: bench.py turns that into a printed "skipped" note.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import random
import shutil
import subprocess
import time
import urllib.request

SETUP_BUDGET_S = 600
ADMIN_PASSWORD = "tryton-bench-admin-7d2"
FIELDS = ["name", "code", "categories"]
PER_PAGE = 50


def rpc(url: str, method: str, params: list, auth: str | None = None, timeout: float = 120):
    body = json.dumps({"method": method, "params": params, "id": 1}).encode()
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    req = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        j = json.loads(r.read())
    if "error" in j and j["error"]:
        raise RuntimeError(f"{method}: {j['error']}")
    return j["result"]


def proc_rss(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    out[k] = int(v.split()[0])
    except OSError:
        pass
    return out


def bench(pg, csv_path, workdir, h):
    """h: helpers from bench.py (log, start, stop, measure, wrk, tree_pss_kb)."""
    log, start, stop, measure, wrk = h["log"], h["start"], h["stop"], h["measure"], h["wrk"]
    t_setup = time.time()
    for exe in ("trytond", "trytond-admin"):
        if not shutil.which(exe):
            raise RuntimeError(f"{exe} not found (Debian packages tryton-server tryton-modules-party "
                               "tryton-modules-company python3-psycopg2 are needed)")
    version = subprocess.run(["trytond", "--version"], capture_output=True, text=True).stdout.strip()
    wd = os.path.join(workdir, "tryton")
    os.makedirs(os.path.join(wd, "files"), exist_ok=True)
    port = _free_port()
    db = "tryton"
    conf = os.path.join(wd, "trytond.conf")
    with open(conf, "w") as fh:
        fh.write(f"[web]\nlisten = 127.0.0.1:{port}\n\n[database]\nuri = postgresql://postgres@127.0.0.1:{pg.port}/\n"
                 f"path = {wd}/files\n\n[session]\ntimeout = 3600\n")
    logconf = os.path.join(wd, "logging.conf")
    with open(logconf, "w") as fh:  # request logging off, as a production server would run it
        fh.write("[formatters]\nkeys=simple\n[handlers]\nkeys=console\n[loggers]\nkeys=root\n"
                 "[formatter_simple]\nformat=%(asctime)s %(levelname)s %(name)s %(message)s\n"
                 "[handler_console]\nclass=StreamHandler\nformatter=simple\nargs=(sys.stderr,)\n"
                 "[logger_root]\nlevel=WARNING\nhandlers=console\n")
    passfile = os.path.join(wd, "admin-password")
    with open(passfile, "w") as fh:
        fh.write(ADMIN_PASSWORD + "\n")
    log(f"Tryton ({version}): creating database and installing party/company (about 40 s)")
    pg.createdb(db)
    env = dict(os.environ, TRYTONPASSFILE=passfile)
    r = subprocess.run(["trytond-admin", "-c", conf, "-d", db, "--all", "-u", "party", "company",
                        "--activate-dependencies", "--email", "admin@bench.example"],
                       capture_output=True, text=True, env=env, timeout=SETUP_BUDGET_S, cwd=wd)
    if r.returncode != 0:
        raise RuntimeError(f"trytond-admin failed: {r.stderr[-1500:]}")

    # ---- seed
    t_seed = time.time()
    rows = list(csv.DictReader(open(csv_path, newline="", encoding="utf-8")))
    subsectors = ["pharma_dermo", "biotech", "medical_devices", "ivd", "healthcare", "ehealth",
                  "complementary_services"]
    base_party = int(pg.psql("SELECT COALESCE(MAX(id), 0) FROM party_party", db=db)) + 1
    base_addr = int(pg.psql("SELECT COALESCE(MAX(id), 0) FROM party_address", db=db)) + 1
    base_cat = int(pg.psql("SELECT COALESCE(MAX(id), 0) FROM party_category", db=db)) + 1
    cat_id = {s: base_cat + i for i, s in enumerate(subsectors)}
    now = "2025-01-01 00:00:00"
    parties, addrs, rels = io.StringIO(), io.StringIO(), io.StringIO()
    cities: dict[str, set] = {}

    def esc(v: str) -> str:
        return v.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")

    for i, row in enumerate(rows):
        pid = base_party + i
        parties.write(f"{pid}\tt\t{esc(row['legal_id'])}\t{now}\t0\t{esc(row['name'])}\n")
        addrs.write(f"{base_addr + i}\tt\t{esc(row['city'])}\t{now}\t0\t{pid}\t1\n")
        cities.setdefault(row["territory"], set()).add(row["city"])
        for s in row["subsectors"].split(";"):
            rels.write(f"{cat_id[s]}\t{now}\t0\t{pid}\n")
    cats = io.StringIO()
    for s, cid in cat_id.items():
        cats.write(f"{cid}\tt\t{now}\t0\t{s}\n")
    copies = [("party_category (id, active, create_date, create_uid, name)", cats),
              ("party_party (id, active, code, create_date, create_uid, name)", parties),
              ("party_address (id, active, city, create_date, create_uid, party, sequence)", addrs),
              ("party_category_rel (category, create_date, create_uid, party)", rels)]
    for target, buf in copies:
        path = os.path.join(wd, "copy.tsv")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(buf.getvalue())
        pg.psql(f"\\copy {target} FROM '{path}'", db=db)
    pg.psql("SELECT setval('party_party_id_seq', (SELECT MAX(id) FROM party_party)); "
            "SELECT setval('party_address_id_seq', (SELECT MAX(id) FROM party_address)); "
            "SELECT setval('party_category_id_seq', (SELECT MAX(id) FROM party_category)); "
            "ANALYZE", db=db)
    seed_s = time.time() - t_seed
    # every party active: the staff API listing it is compared with shows every membership status
    log(f"  seeded {len(rows)} parties by COPY in {seed_s:.1f}s")

    # ---- serve
    url_base = f"http://127.0.0.1:{port}"
    rpc_url = f"{url_base}/{db}/"
    proc = start("trytond", ["trytond", "-c", conf, "-d", db, "--logconf", logconf], os.path.join(wd, "server.log"),
                 cwd=wd)
    try:
        deadline = time.time() + 120
        session = None
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"trytond exited with {proc.returncode}; see {wd}/server.log")
            try:
                session = rpc(rpc_url, "common.db.login", ["admin", {"password": ADMIN_PASSWORD}, "en"], timeout=5)
                break
            except Exception:  # noqa: BLE001
                time.sleep(0.5)
        if not session:
            raise RuntimeError("trytond did not accept a login within 120 s")
        uid, token = session
        auth = "Session " + base64.b64encode(f"admin:{uid}:{token}".encode()).decode()
        seen = rpc(rpc_url, "model.party.party.search_count", [[], {}], auth)
        if seen < len(rows) * 0.8:
            raise RuntimeError(f"Tryton sees only {seen} parties after seeding {len(rows)}")
        if time.time() - t_setup > SETUP_BUDGET_S:
            raise RuntimeError(f"setup took {time.time() - t_setup:.0f}s, over the {SETUP_BUDGET_S}s budget")
        log(f"  trytond up (pid {proc.pid}); search_count = {seen}; setup {time.time() - t_setup:.0f}s")

        def body(domain, offset):
            return json.dumps({"method": "model.party.party.search_read",
                               "params": [domain, offset, PER_PAGE, [["name", "ASC"]], FIELDS, {}], "id": 1})

        rnd = random.Random(7)
        qs = ["bio", "osa", "ekin", "neo", "cardio", "gen", "atl", "hosp", "cent", "fund", "med", "lab"]
        c_vars = [(q, t) for q in qs for t in sorted(cities)]
        rnd.shuffle(c_vars)
        tscen = {
            "a": ("search_read([], offset 0, limit 50, order name)", [body([], 0)]),
            "b": ("search_read([categories = subsector], ...): one filter (no entity type in Tryton)",
                  [body([["categories", "=", cat_id[s]]], 0) for s in subsectors]),
            "c": ("search_read([name ilike %q%, addresses.city in <cities of the territory>], ...)",
                  [body([["name", "ilike", f"%{q}%"], ["addresses.city", "in", sorted(cities[t])]], 0)
                   for q, t in c_vars]),
            "d": (f"search_read([], offset {499 * PER_PAGE}, limit 50, order name)", [body([], 499 * PER_PAGE)]),
        }
        out = {"scenarios": {}, "queries": {k: v[0] for k, v in tscen.items()}, "version": version,
               "seed_s": seed_s,
               "seed_note": f"Tryton {version}: trytond-admin + COPY of {len(rows):,} parties, addresses and "
                            f"category links in {seed_s:.1f} s (setup in all {time.time() - t_setup:.0f} s)"}

        def rss():
            s = proc_rss(proc.pid)
            if pg.pid():
                s["pg_pss"] = h["tree_pss_kb"](pg.pid())
            return s

        out["rss_before"] = rss()
        for sid, (_, bodies) in tscen.items():
            rpc(rpc_url, "model.party.party.search_read", json.loads(bodies[0])["params"], auth)  # sanity
            reqfile = os.path.join(wd, f"requests-{sid}.txt")
            with open(reqfile, "w") as fh:
                for b in bodies:
                    fh.write(f"POST /{db}/ {b}\n")
            out["scenarios"][sid] = measure(
                f"tryton {sid}", lambda c, d, tag, sid=sid, reqfile=reqfile: wrk(url_base, reqfile, c, d, wd,
                                                                                f"{sid}-{tag}", auth), rss,
                lambda: [proc.pid] + ([pg.pid()] if pg.pid() else []))
        out["rss_after"] = rss()
        return out
    finally:
        stop(proc, "trytond")


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
