#!/usr/bin/env python3
"""Tender-matching benchmark: the PostgreSQL peer, the match-set checks and the report
(driven by bench/watch-match/run).

    peers.py analyse DATA --bin BIN
    peers.py match DATA [--pg-notices N] [--plain-notices N] [--batch 500]
             [--no-postgres] [--results-md F] [--results-json F]
    peers.py report - --results-json F --results-md F    # rewrite the report from the JSON

`analyse` (between `gen.py notices` and `gen.py profiles`) runs every word of the notices' texts
and of the keyword candidates (DATA/pool.json) through ClusterHub's analysis (BIN's `tokens`
command, BIN = crates/watch/examples/watch_match_bench.rs) and PostgreSQL's, and writes
DATA/analysis.json: the words the two analyse differently and the keyword candidates on which
they could therefore disagree, which `gen.py profiles` leaves out.

`match` reads DATA/profiles.jsonl and DATA/notices.jsonl, ClusterHub's figures and pairs
(DATA/clusterhub.json and DATA/pairs-clusterhub.tsv, from the example), loads PostgreSQL, times it,
compares the pairs and writes the report.

PostgreSQL (connection URL from $TEST_DATABASE_URL, as exported by scripts/pg-start; jit off for
the session): text search configurations ch_es, ch_en, ch_fr, ch_pt, ch_eu (copies of spanish,
english, french, portuguese, basque) and ch_simple, each mapping words to `unaccent` then the
Snowball (or simple) dictionary: the same fold-then-stem as ClusterHub. Every profile keyword is
stored once per configuration the texts use as phraseto_tsquery(cfg, keyword) (words joined by
<->), with its longest lexeme; CPV entries as their significant prefix (normalised in SQL), NUTS
prefixes, value range, kinds and innovation flag on the profile row. Notices and their texts are
tables.

  "PostgreSQL" — one statement per batch of notices: analyse the batch's texts (to_tsvector
  with the text's configuration), candidates = profiles whose CPV prefix equals one of the
  leading 2..8 digits of a notice code (`code LIKE prefix || '%'` written as an equality on
  left(code, n), so that an index serves it) UNION profiles whose keyword query's key lexeme is
  one of the text's lexemes (indexed on (cfg, lexeme)) and whose tsquery matches (`tsv @@ q`);
  then the filters (NUTS `LIKE prefix || '%'`, value, kinds, innovation) on the candidates.
  "PostgreSQL, plain" — the statement as one first writes it: `code LIKE prefix || '%'` and
  `tsv @@ q` against every profile (no index can serve either), on a small subset.

The (profile, notice) pairs of each peer are compared with ClusterHub's on the same notices;
the naive loop's answers are compared inside the Rust example (identical match lists, scores and
reasons included). Exit status 1 when a match set differs.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter

CONFIGS = {"es": "ch_es", "en": "ch_en", "fr": "ch_fr", "pt": "ch_pt", "eu": "ch_eu"}
BASE = {"ch_es": "spanish", "ch_en": "english", "ch_fr": "french", "ch_pt": "portuguese",
        "ch_eu": "basque", "ch_simple": "simple"}
TOKEN_TYPES = ("asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, "
               "hword_part, hword_numpart")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def cfg_of(lang):
    """The configuration of a text in `lang`, as clusterhub_watch::text::Analysis::for_lang."""
    base = lang.strip().replace("_", "-").split("-")[0].lower()
    return CONFIGS.get(base, "ch_simple")


def read_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def pg_array(values):
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def copy_text(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Postgres:
    def __init__(self):
        import psycopg2
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            raise RuntimeError("TEST_DATABASE_URL is not set (start the server with scripts/pg-start)")
        self.conn = psycopg2.connect(url)
        self.conn.autocommit = True
        self.cur = self.conn.cursor()
        self.cur.execute("SELECT version(), pg_backend_pid()")
        version, self.backend = self.cur.fetchone()
        self.version = version.split(" on ")[0]

    def copy(self, table, columns, rows):
        buf = io.StringIO()
        for r in rows:
            buf.write("\t".join(copy_text(v) for v in r))
            buf.write("\n")
        buf.seek(0)
        self.cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)

    def setup(self):
        """unaccent and the ch_* configurations: fold, then the Snowball (or simple) dictionary."""
        cur = self.cur
        cur.execute("SET jit = off")  # it only adds compile time to statements of milliseconds
        cur.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for cfg, base in BASE.items():
            dictionary = "simple" if base == "simple" else f"{base}_stem"
            cur.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {cfg} CASCADE")
            cur.execute(f"CREATE TEXT SEARCH CONFIGURATION {cfg} (COPY = {base})")
            cur.execute(f"ALTER TEXT SEARCH CONFIGURATION {cfg} ALTER MAPPING FOR {TOKEN_TYPES} "
                        f"WITH unaccent, {dictionary}")

    def load(self, profiles, notices):
        cur = self.cur
        t0 = time.perf_counter()
        self.setup()
        cur.execute("""
            DROP TABLE IF EXISTS profiles, profile_cpv, profile_keywords, keyword_queries,
                notices, notice_texts;
            CREATE TABLE profiles (id bigint PRIMARY KEY, nuts text[] NOT NULL, min_cents bigint,
                max_cents bigint, kinds text[] NOT NULL, innovation_only boolean NOT NULL);
            CREATE TABLE profile_cpv (profile_id bigint NOT NULL, entry text NOT NULL, prefix text);
            CREATE TABLE profile_keywords (profile_id bigint NOT NULL, keyword text NOT NULL);
            CREATE TABLE notices (id bigint PRIMARY KEY, kind text, cpv text[] NOT NULL,
                nuts text[] NOT NULL, value_cents bigint, innovation boolean NOT NULL);
            CREATE TABLE notice_texts (notice_id bigint NOT NULL, ord int NOT NULL,
                cfg regconfig NOT NULL, body text NOT NULL);
        """)
        self.copy("profiles", ["id", "nuts", "min_cents", "max_cents", "kinds", "innovation_only"], (
            (p["id"], pg_array(sorted({n.strip().upper() for n in p["nuts"] if n.strip()})),
             None if p["min_value"] is None else p["min_value"] * 100,
             None if p["max_value"] is None else p["max_value"] * 100,
             pg_array(p["kinds"]), "t" if p["innovation_only"] else "f") for p in profiles))
        self.copy("profile_cpv", ["profile_id", "entry"],
                  ((p["id"], e) for p in profiles for e in p["cpv"]))
        self.copy("profile_keywords", ["profile_id", "keyword"],
                  ((p["id"], k.strip()) for p in profiles for k in p["keywords"] if k.strip()))
        self.copy("notices", ["id", "kind", "cpv", "nuts", "value_cents", "innovation"], (
            (n["id"], n["kind"], pg_array(n["cpv"]), pg_array(n["nuts"]), n["value_eur_cents"],
             "t" if n["innovation"] else "f") for n in notices))
        self.copy("notice_texts", ["notice_id", "ord", "cfg", "body"],
                  ((n["id"], i, cfg_of(lang), text) for n in notices
                   for i, (lang, text) in enumerate(n["texts"])))
        # CPV entries to their significant prefix: check digit off, trailing zeros of a full code
        # off (down to the division), 2..8 digits or ignored (clusterhub_watch::matching::cpv_prefix).
        cur.execute(r"""
            UPDATE profile_cpv SET prefix = CASE
                WHEN d !~ '^[0-9]{2,8}$' THEN NULL
                WHEN length(d) = 8 THEN CASE WHEN length(rtrim(d, '0')) < 2 THEN left(d, 2)
                                             ELSE rtrim(d, '0') END
                ELSE d END
            FROM (SELECT ctid AS c, trim(split_part(trim(entry), '-', 1)) AS d FROM profile_cpv) x
            WHERE profile_cpv.ctid = x.c;
            DELETE FROM profile_cpv WHERE prefix IS NULL;
            CREATE TABLE profile_cpv_dedup AS SELECT DISTINCT profile_id, prefix FROM profile_cpv;
            DROP TABLE profile_cpv;
            ALTER TABLE profile_cpv_dedup RENAME TO profile_cpv;
            CREATE INDEX ON profile_cpv (prefix);
        """)
        cfgs = sorted(set(cfg_of(lang) for n in notices for lang, _ in n["texts"]))
        self.cfgs = cfgs
        cur.execute(f"""
            CREATE TABLE keyword_queries AS
            SELECT DISTINCT k.profile_id, c.cfg, phraseto_tsquery(c.cfg, k.keyword) AS q,
                (SELECT l FROM unnest(tsvector_to_array(to_tsvector(c.cfg, k.keyword))) l
                 ORDER BY length(l) DESC, l LIMIT 1) AS lexeme
            FROM profile_keywords k
            CROSS JOIN (SELECT unnest(%s::regconfig[]) AS cfg) c;
            DELETE FROM keyword_queries WHERE numnode(q) = 0;
            CREATE INDEX ON keyword_queries (cfg, lexeme);
            CREATE INDEX ON notice_texts (notice_id);
            ANALYZE;
        """, (cfgs,))
        cur.execute("SELECT count(*) FROM keyword_queries")
        self.queries = cur.fetchone()[0]
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        self.size = cur.fetchone()[0]
        return time.perf_counter() - t0

    FILTERS = """
        SELECT c.profile_id, c.notice_id
        FROM cand c JOIN profiles p ON p.id = c.profile_id JOIN n ON n.id = c.notice_id
        WHERE (NOT p.innovation_only OR n.innovation)
          AND (cardinality(p.kinds) = 0 OR n.kind = ANY (p.kinds))
          AND (n.value_cents IS NULL
               OR ((p.min_cents IS NULL OR n.value_cents >= p.min_cents)
                   AND (p.max_cents IS NULL OR n.value_cents <= p.max_cents)))
          AND (cardinality(p.nuts) = 0
               OR EXISTS (SELECT 1 FROM unnest(p.nuts) pre, unnest(n.nuts) code
                          WHERE upper(code) LIKE pre || '%%'))
        ORDER BY c.notice_id, c.profile_id
    """
    BATCH = """
        WITH n AS MATERIALIZED (SELECT * FROM notices WHERE id BETWEEN %(lo)s AND %(hi)s),
        t AS MATERIALIZED (
            SELECT x.notice_id, x.ord, x.cfg, to_tsvector(x.cfg, x.body) AS tsv
            FROM notice_texts x WHERE x.notice_id BETWEEN %(lo)s AND %(hi)s),
    """
    INDEXED = BATCH + """
        tl AS MATERIALIZED (
            SELECT t.notice_id, t.ord, t.cfg, l.lexeme
            FROM t CROSS JOIN LATERAL unnest(tsvector_to_array(t.tsv)) AS l(lexeme)),
        cand AS (
            SELECT pc.profile_id, n.id AS notice_id
            FROM n CROSS JOIN LATERAL unnest(n.cpv) AS c(code)
                 CROSS JOIN generate_series(2, 8) AS g(len)
                 JOIN profile_cpv pc ON pc.prefix = left(c.code, g.len)
            WHERE g.len <= length(c.code)
            UNION
            SELECT kq.profile_id, tl.notice_id
            FROM tl JOIN keyword_queries kq ON kq.cfg = tl.cfg AND kq.lexeme = tl.lexeme
                 JOIN t ON t.notice_id = tl.notice_id AND t.ord = tl.ord
            WHERE t.tsv @@ kq.q)
    """ + FILTERS
    PLAIN = BATCH + """
        cand AS (
            SELECT pc.profile_id, n.id AS notice_id
            FROM n CROSS JOIN LATERAL unnest(n.cpv) AS c(code)
                 JOIN profile_cpv pc ON c.code LIKE pc.prefix || '%%'
            UNION
            SELECT kq.profile_id, t.notice_id
            FROM t JOIN keyword_queries kq ON kq.cfg = t.cfg
            WHERE t.tsv @@ kq.q)
    """ + FILTERS

    def sched(self):
        """The server process's (time on a core, time waiting for one), nanoseconds."""
        try:
            with open(f"/proc/{self.backend}/schedstat") as fh:
                run, wait = fh.read().split()[:2]
            return int(run), int(wait)
        except (OSError, ValueError):
            return 0, 0

    def run(self, sql, ids, batch):
        """Pairs (notice, profile), wall seconds and the server's CPU and wait seconds, over the
        notices `ids` (sorted, consecutive)."""
        pairs = []
        total = 0.0
        run0, wait0 = self.sched()
        for i in range(0, len(ids), batch):
            chunk = ids[i:i + batch]
            t0 = time.perf_counter()
            self.cur.execute(sql, {"lo": chunk[0], "hi": chunk[-1]})
            rows = self.cur.fetchall()
            total += time.perf_counter() - t0
            pairs.extend((n, p) for p, n in rows)
        run1, wait1 = self.sched()
        return pairs, total, (run1 - run0) / 1e9, (wait1 - wait0) / 1e9

    def analyse_words(self, words):
        """{(cfg, word): 'lexeme ...'} for single words, through the configurations."""
        out = {}
        items = sorted(words)
        for i in range(0, len(items), 20000):
            chunk = items[i:i + 20000]
            self.cur.execute("""
                SELECT w.cfg, w.word, array_to_string(tsvector_to_array(to_tsvector(w.cfg::regconfig, w.word)), ' ')
                FROM unnest(%s::text[], %s::text[]) AS w(cfg, word)""",
                             ([c for c, _ in chunk], [w for _, w in chunk]))
            for cfg, word, lex in self.cur.fetchall():
                out[(cfg, word)] = lex
        return out

    def explain(self, sql, lo, hi):
        self.cur.execute("EXPLAIN " + sql, {"lo": lo, "hi": hi})
        return "\n".join(r[0] for r in self.cur.fetchall())


def read_pairs(path):
    out = []
    with open(path) as fh:
        for line in fh:
            p, n = line.split("\t")
            out.append((int(n), int(p)))
    return out


def compare(ours, theirs, notice_ids):
    """Both lists of (notice, profile); ours restricted to notice_ids."""
    wanted = set(notice_ids)
    a = set(x for x in ours if x[0] in wanted)
    b = set(theirs)
    only_ours = sorted(a - b)
    only_theirs = sorted(b - a)
    return {"notices": len(wanted), "clusterhub_pairs": len(a), "peer_pairs": len(b),
            "same": not only_ours and not only_theirs, "only_clusterhub": len(only_ours),
            "only_peer": len(only_theirs), "examples_only_clusterhub": only_ours[:5],
            "examples_only_peer": only_theirs[:5]}


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


def fmt_rate(x):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_ratio(x):
    if x is None:
        return "—"
    return f"{x:,.0f}×" if x >= 10 else f"{x:.1f}×"


LANG_OF_CFG = {cfg: lang for lang, cfg in CONFIGS.items()}
LANG_OF_CFG["ch_simple"] = ""


def both_analyses(data, pg, words, binary):
    """{(cfg, word): tokens} from ClusterHub (the example's `tokens` command) and PostgreSQL."""
    tin = os.path.join(data, "tokens-in.tsv")
    tout = os.path.join(data, "tokens-out.tsv")
    with open(tin, "w", encoding="utf-8") as fh:
        for cfg, word in sorted(words):
            fh.write(f"{LANG_OF_CFG[cfg]}\t{word}\n")
    subprocess.run([binary, "tokens", tin, tout], check=True)
    ours = {}
    with open(tout, encoding="utf-8") as fh:
        for line in fh:
            lang, word, toks = line.rstrip("\n").split("\t")
            ours[(cfg_of(lang), word)] = toks
    return ours, pg.analyse_words(set(ours))


def analyse(args):
    """Every word of the notices' texts (in its text's configuration) and of the keyword
    candidates (in every configuration the texts use) through both analyses. A keyword candidate
    is unsafe when one of its words is a PostgreSQL stop word in some configuration (PostgreSQL
    drops it from the query), is analysed differently (the two Snowball versions), or has the
    token of a text word that the two analyse differently (e.g. English "comes" analysed as
    Spanish gives "com", the token of Spanish "como", a stop word PostgreSQL drops)."""
    data = args.data
    notices = read_jsonl(os.path.join(data, "notices.jsonl"))
    with open(os.path.join(data, "pool.json"), encoding="utf-8") as fh:
        pool = json.load(fh)
    pg = Postgres()
    pg.setup()
    cfgs = sorted(set(cfg_of(lang) for n in notices for lang, _ in n["texts"]))
    text_words = set()
    for n in notices:
        for lang, text in n["texts"]:
            cfg = cfg_of(lang)
            for word in text.split():
                text_words.add((cfg, word))
    candidates = sorted(set(k for v in pool.values() for k in v["words"] + v["phrases"]))
    cand_words = set((cfg, w.lower()) for k in candidates for w in k.split() for cfg in cfgs)
    ours, theirs = both_analyses(data, pg, text_words | cand_words, args.bin)

    differ = {}
    stop = 0
    forbidden = {cfg: set() for cfg in cfgs}
    for key in sorted(text_words):
        o, t = ours[key], theirs.get(key, "")
        if t == "":
            stop += 1
        elif o != t:
            differ[key] = (o, t)
        if o != t:
            forbidden[key[0]].add(o)
            if t:
                forbidden[key[0]].add(t)
    unsafe = {}
    for k in candidates:
        why = None
        for w in k.split():
            for cfg in cfgs:
                o, t = ours[(cfg, w.lower())], theirs.get((cfg, w.lower()), "")
                if t == "":
                    why = why or ("stop", cfg, w, o, t)
                elif o != t:
                    why = why or ("stem", cfg, w, o, t)
                elif o in forbidden[cfg]:
                    why = why or ("collision", cfg, w, o, t)
        if why:
            unsafe[k] = why
    by_reason = Counter(v[0] for v in unsafe.values())
    examples = {}
    for k, (reason, cfg, w, o, t) in sorted(unsafe.items()):
        examples.setdefault(reason, [])
        if len(examples[reason]) < 6:
            examples[reason].append([k, cfg, w, o, t])
    out = {
        "configs": cfgs,
        "text_words": len(text_words),
        "text_words_differ": len(differ),
        "text_words_stop": stop,
        "differ_by_config": dict(Counter(cfg for cfg, _ in differ)),
        "differ_examples": [[cfg, w, o, t] for (cfg, w), (o, t) in list(sorted(differ.items()))[:12]],
        "keyword_candidates": len(candidates),
        "unsafe_keywords": sorted(unsafe),
        "unsafe_by_reason": dict(by_reason),
        "unsafe_examples": examples,
        "version": pg.version,
    }
    with open(os.path.join(data, "analysis.json"), "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
    log(f"analyse: {len(text_words)} text words, {len(differ)} analysed differently, {stop} PostgreSQL "
        f"stop words; {len(unsafe)} of {len(candidates)} keyword candidates unsafe ({dict(by_reason)})")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["analyse", "match", "report"])
    ap.add_argument("data")
    ap.add_argument("--pg-notices", type=int, default=0, help="notices PostgreSQL matches (0: all)")
    ap.add_argument("--plain-notices", type=int, default=200)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--bin", help="the watch_match_bench binary (analyse: for its `tokens` command)")
    ap.add_argument("--results-md")
    ap.add_argument("--results-json")
    args = ap.parse_args(argv)
    if args.command == "analyse":
        if not args.bin:
            ap.error("analyse needs --bin")
        return analyse(args)
    if args.command == "report":
        # peers.py report DATA --results-json F --results-md F: rewrite the report from the JSON
        with open(args.results_json, encoding="utf-8") as fh:
            results = json.load(fh)
        with open(args.results_md, "w", encoding="utf-8") as fh:
            fh.write(report(results))
        return 0
    data = args.data

    profiles = read_jsonl(os.path.join(data, "profiles.jsonl"))
    notices = read_jsonl(os.path.join(data, "notices.jsonl"))
    with open(os.path.join(data, "meta.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    with open(os.path.join(data, "clusterhub.json"), encoding="utf-8") as fh:
        ch = json.load(fh)
    ours = read_pairs(os.path.join(data, "pairs-clusterhub.tsv"))
    ids = [n["id"] for n in notices]
    results = {"generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "meta": meta, "clusterhub": ch, "peers": {}, "checks": {}}
    failed = False

    if not args.no_postgres:
        pg = Postgres()
        log(f"PostgreSQL: {pg.version}; loading {len(profiles)} profiles, {len(notices)} notices")
        load_s = pg.load(profiles, notices)
        log(f"  loaded in {load_s:.1f} s ({pg.queries} keyword queries over {len(pg.cfgs)} configurations, {pg.size})")
        path = os.path.join(data, "analysis.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                results["checks"]["analysis"] = json.load(fh)
            results["checks"]["analysis"]["unsafe_keywords"] = len(results["checks"]["analysis"]["unsafe_keywords"])

        n_pg = len(ids) if args.pg_notices <= 0 else min(args.pg_notices, len(ids))
        pg_ids = ids[:n_pg]
        pg.cur.execute(Postgres.INDEXED, {"lo": pg_ids[0], "hi": pg_ids[min(len(pg_ids), args.batch) - 1]})
        pg.cur.fetchall()  # warm-up
        log(f"  PostgreSQL, indexed: {n_pg} notices in batches of {args.batch}")
        pairs, secs, cpu, wait = pg.run(Postgres.INDEXED, pg_ids, args.batch)
        cmp_ = compare(ours, pairs, pg_ids)
        results["peers"]["postgres"] = {
            "name": "PostgreSQL", "version": pg.version, "notices": n_pg, "seconds": secs,
            "rate": n_pg / secs, "cpu_seconds": cpu, "wait_seconds": wait,
            "cpu_rate": n_pg / cpu if cpu else None,
            "batch": args.batch, "load_s": load_s, "keyword_queries": pg.queries,
            "configs": pg.cfgs,
            "db_size": pg.size, "compare": cmp_,
            "plan": pg.explain(Postgres.INDEXED, pg_ids[0], pg_ids[min(len(pg_ids), args.batch) - 1])}
        log(f"    {secs:.1f} s, {n_pg / secs:.0f} notices/s; pairs {cmp_['peer_pairs']} vs ClusterHub "
            f"{cmp_['clusterhub_pairs']}: {'same' if cmp_['same'] else 'DIFFERENT'}")
        failed |= not cmp_["same"]

        n_plain = min(args.plain_notices, len(ids))
        if n_plain > 0:
            plain_ids = ids[:n_plain]
            log(f"  PostgreSQL, plain: {n_plain} notices in batches of {min(args.batch, 100)}")
            pairs, secs, cpu, wait = pg.run(Postgres.PLAIN, plain_ids, min(args.batch, 100))
            cmp_ = compare(ours, pairs, plain_ids)
            results["peers"]["postgres_plain"] = {
                "name": "PostgreSQL, plain", "version": pg.version, "notices": n_plain, "seconds": secs,
                "rate": n_plain / secs, "cpu_seconds": cpu, "wait_seconds": wait,
                "cpu_rate": n_plain / cpu if cpu else None,
                "batch": min(args.batch, 100), "compare": cmp_}
            log(f"    {secs:.1f} s, {n_plain / secs:.1f} notices/s; "
                f"{'same' if cmp_['same'] else 'DIFFERENT'} pairs ({cmp_['peer_pairs']})")
            failed |= not cmp_["same"]

    results["machine"] = machine()
    if args.results_json:
        with open(args.results_json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
    if args.results_md:
        with open(args.results_md, "w", encoding="utf-8") as fh:
            fh.write(report(results))
    print(summary(results))
    return 1 if failed or ch["naive"]["differ"] else 0


def rows(results):
    """(name, notices, wall s, notices/s, CPU s, notices per CPU s, wait s, scope)."""
    ch = results["clusterhub"]
    nv = ch["naive"]
    out = [("ClusterHub `Matcher` (release, 1 thread)", ch["notices"], ch["median_s"], ch["rate"],
            ch["median_cpu_s"], ch["cpu_rate"], None, "all"),
           ("ClusterHub `Matcher`, 2 threads sharing it", ch["notices"], ch["two_threads_s"],
            ch["two_threads_rate"], None, None, None, "all"),
           ("naive loop (`matching::naive`)", nv["notices"], nv["seconds"], nv["rate"],
            nv["cpu_seconds"], nv["cpu_rate"], nv["wait_seconds"], "subset")]
    for key in ("postgres", "postgres_plain"):
        p = results["peers"].get(key)
        if p:
            out.append((p["name"], p["notices"], p["seconds"], p["rate"], p["cpu_seconds"], p["cpu_rate"],
                        p["wait_seconds"], "all" if p["notices"] == ch["notices"] else "subset"))
    return out


def summary(results):
    ch = results["clusterhub"]
    lines = ["engine | notices | seconds | notices/s | ClusterHub ÷ this | CPU s | notices per CPU s | "
             "ClusterHub ÷ this (CPU)"]
    for name, n, s, r, cpu, cr, _, _ in rows(results):
        own = name.startswith("ClusterHub")
        lines.append(f"{name} | {n} | {s:.2f} | {fmt_rate(r)} | {'—' if own else fmt_ratio(ch['rate'] / r)} | "
                     f"{'—' if cpu is None else f'{cpu:.2f}'} | {fmt_rate(cr)} | "
                     f"{'—' if own or not cr else fmt_ratio(ch['cpu_rate'] / cr)}")
    return "\n".join(lines)


def report(results):
    ch = results["clusterhub"]
    meta = results["meta"]
    m = results["machine"]
    pg = results["peers"].get("postgres")
    plain = results["peers"].get("postgres_plain")
    w = []
    w.append(f"# Tender matching benchmark: {meta['profiles']:,} alert profiles × {meta['notices']:,} notices\n")
    w.append(f"Generated {results['generated']} by `bench/watch-match/run`. Machine: {m['cpu']}, {m['cores']} cores; "
             f"load average {m['load_start']} at start, {m['load_end']} at the end (other work on the machine shares "
             f"the cores: read the figures as relative). {m['rustc']}.\n")
    w.append("Every notice is matched against every profile: CPV prefixes, keywords and phrases (stemmed per "
             "language, accents folded), NUTS prefixes, value range, kinds, innovation. ClusterHub runs in "
             "process (`clusterhub_watch::matching::Matcher`, the call the importer makes); the naive loop is "
             "`matching::naive` (every profile, keyword and text analysed again for every pair, the reference "
             "the unit tests compare with); PostgreSQL is measured from a Python client over loopback, one "
             "SQL statement per batch of notices, texts analysed by `to_tsvector` inside the statement as "
             "ClusterHub analyses them inside the call.\n")
    w.append("## Rates\n")
    w.append("| engine | notices timed | wall s | notices/s | ClusterHub ÷ this | CPU s | notices per CPU s "
             "| ClusterHub ÷ this, on CPU time |")
    w.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, s, r, cpu, cr, _, scope in rows(results):
        note = "" if scope == "all" else " (subset; rate per notice)"
        own = name.startswith("ClusterHub")
        ratio = "—" if own else fmt_ratio(ch["rate"] / r)
        ratio_cpu = "—" if own or not cr else fmt_ratio(ch["cpu_rate"] / cr)
        cpu_s = "—" if cpu is None else f"{cpu:.2f}"
        w.append(f"| {name} | {n:,}{note} | {s:.2f} | {fmt_rate(r)} | {ratio} | {cpu_s} | {fmt_rate(cr)} | "
                 f"{ratio_cpu} |")
    w.append("")
    nv = ch["naive"]
    goal = min(ch["rate"] / nv["rate"], ch["cpu_rate"] / nv["cpu_rate"])
    w.append(f"Goal: ClusterHub at least 100× the naive loop — {'met' if goal >= 100 else 'NOT met'} "
             f"({fmt_ratio(ch['rate'] / nv['rate'])} on wall-clock time, {fmt_ratio(ch['cpu_rate'] / nv['cpu_rate'])} "
             f"on CPU time).\n")
    w.append("Wall-clock rates are what a caller sees; CPU rates count only the time the matching thread (ClusterHub, "
             "the naive loop) or the PostgreSQL server process spent on a core (`/proc/…/schedstat`), so they "
             "hold when other work on the machine takes the cores: PostgreSQL's CPU figure leaves out the Python "
             "client that fetches the rows, its wall-clock figure includes it.\n")
    passes = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(ch["passes_s"], ch["passes_cpu_s"]))
    w.append(f"- ClusterHub: `Matcher::new` over {ch['profiles']:,} profiles {ch['build_s'] * 1000:.0f} ms; "
             f"{len(ch['passes_s'])} timed passes over all notices (wall/CPU s: {passes}), the medians shown "
             f"(best {fmt_rate(ch['best_rate'])}/s); peak RSS of the process {ch['peak_rss_mb']:.0f} MB with all "
             f"profiles and notices in memory. Two threads: one `Matcher` shared, a `Scratch` each, half the "
             f"notices each.")
    w.append(f"- Naive loop: {ch['naive']['notices']} notices spread over the file; every notice × every profile "
             f"is too slow for all {ch['notices']:,} notices ({ch['notices'] / ch['naive']['rate'] / 60:.0f} min at "
             f"that rate), so its "
             f"rate is per notice on that subset. ClusterHub took {ch['naive']['matcher_seconds_same_notices'] * 1000:.1f} ms "
             f"for the same notices.")
    if pg:
        w.append(f"- PostgreSQL: {pg['version']}; load {pg['load_s']:.1f} s ({pg['keyword_queries']:,} keyword "
                 f"queries: every keyword under each of the {len(pg['configs'])} configurations used by the "
                 f"notices' texts; database {pg['db_size']}); batches of {pg['batch']} notices.")
    if plain:
        w.append(f"- PostgreSQL, plain: the first {plain['notices']} notices, batches of {plain['batch']}.")
    w.append("")
    w.append("## Same answers?\n")
    w.append(f"ClusterHub finds {ch['pairs']:,} (profile, notice) pairs over the {ch['notices']:,} notices "
             f"({ch['pairs'] / ch['notices']:.1f} a notice, at most {ch['max_matches']}; "
             f"{ch['matched_notices']:,} notices match at least one profile).\n")
    w.append("| check | notices | ClusterHub pairs | peer pairs | only ClusterHub | only peer | same |")
    w.append("|---|---:|---:|---:|---:|---:|---|")
    nv = ch["naive"]
    same = "yes" if not nv["differ"] else "NO ({} notices differ)".format(nv["differ"])
    w.append(f"| naive loop (full match lists: scores and reasons too) | {nv['notices']} | {nv['pairs']:,} | "
             f"{nv['pairs']:,} | — | — | {same} |")
    for p in (pg, plain):
        if p:
            c = p["compare"]
            w.append(f"| {p['name']} | {c['notices']:,} | {c['clusterhub_pairs']:,} | {c['peer_pairs']:,} | "
                     f"{c['only_clusterhub']} | {c['only_peer']} | {'yes' if c['same'] else 'NO'} |")
    w.append("")
    an = results["checks"].get("analysis")
    if an:
        w.append("### Where the two analyses differ\n")
        w.append(f"`peers.py analyse` ran the {an['text_words']:,} distinct words of the notices' texts (each in "
                 f"its text's configuration) and the words of the {an['keyword_candidates']:,} keyword candidates "
                 f"(in each of the {len(an['configs'])} configurations the texts use) through ClusterHub's analysis and "
                 f"PostgreSQL's: {an['text_words_differ']} text words get a different token"
                 + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(an["differ_by_config"].items())) + ")"
                    if an["text_words_differ"] else "")
                 + f", and {an['text_words_stop']:,} are stop words PostgreSQL drops (it keeps their position, "
                 f"so phrases stay consecutive). The differences are the two Snowball versions (frostem follows "
                 f"today's Snowball, PostgreSQL 15 ships an older one; the newer Spanish stemmer also takes the "
                 f"suffixes of unaccented words off):\n")
        w.append("| configuration | word | ClusterHub | PostgreSQL |")
        w.append("|---|---|---|---|")
        for cfg, word, a, b in an["differ_examples"]:
            w.append(f"| {cfg} | {word} | {a} | {b} |")
        w.append("")
        reasons = {"stop": "a word is a PostgreSQL stop word in some configuration (PostgreSQL drops it from the "
                           "query; ClusterHub keeps it)",
                   "stem": "a word is analysed differently",
                   "collision": "a word has the token of a text word the two analyse differently (English "
                                "\"comes\" analysed as Spanish is \"com\", the token of \"como\", a Spanish stop "
                                "word PostgreSQL drops from the text)"}
        w.append(f"So that the match sets can be compared exactly, `gen.py profiles` leaves out the "
                 f"{an['unsafe_keywords']:,} keyword candidates (of {an['keyword_candidates']:,}) on which the two could "
                 f"disagree:\n")
        for r, n in sorted(an["unsafe_by_reason"].items(), key=lambda kv: -kv[1]):
            ex = "; ".join(f"\"{k}\" ({cfg}: {word} → {o} / {t or '—'})"
                           for k, cfg, word, o, t in an["unsafe_examples"].get(r, [])[:3])
            w.append(f"- {n:,}: {reasons.get(r, r)}. E.g. {ex}.")
        w.append("")
        w.append("With every other keyword, a text word gives a keyword's token in ClusterHub exactly when it does "
                 "in PostgreSQL, so the two must find the same pairs; the table above checks that they do.\n")
    mr = ch["matches_with_reason"]
    w.append("## The data\n")
    langs = ", ".join("{} {:,}".format(k or "unknown", v) for k, v in list(meta["primary_languages"].items())[:7])
    w.append(f"`gen.py` (seed {meta['seed']}): {meta['profiles']:,} profiles with {meta['cpv_entries']:,} CPV entries, "
             f"{meta['keywords']:,} keywords ({meta['phrases']:,} of two words), "
             f"{meta['profiles_with_nuts']:,} with a NUTS filter, {meta['profiles_without_topic']} without topic "
             f"criteria (they match nothing); {meta['notices']:,} notices with {meta['texts']:,} texts "
             f"({meta['words']:,} words) in {len(meta['primary_languages'])} languages "
             f"({langs}, …), "
             f"drawn from the {meta['cpv_codes']:,} CPV 2008 codes, the {meta['nuts_codes']:,} NUTS 2021 codes and the "
             f"texts of the 92 eForms example notices.\n")
    w.append(f"Matches with a CPV reason {mr['cpv']:,}, a keyword reason {mr['keyword']:,}, a NUTS reason "
             f"{mr['nuts']:,}, innovation {mr['innovation']:,}. Scores (1–100) by tens: "
             + ", ".join(f"{i * 10 + 1}–{i * 10 + 10}: {v:,}" for i, v in enumerate(ch["score_hist"]) if v) + ".\n")
    w.append("## How each engine matches\n")
    w.append("- **ClusterHub**: a reverse index built once over the profiles — CPV prefix → profiles; for each of "
             "the six analyses (es, en, fr, pt, eu stemmed; everything else folded) every distinct keyword phrase as "
             "token ids, posted under its rarest token. Per notice: ≤ 7 hash lookups per CPV code, each text "
             "analysed once, each token looked up once, phrases verified in place; filters checked once per "
             "candidate profile; a reusable scratch, no allocation but the answer.")
    w.append("- **Naive loop**: for each profile, normalise it, check the filters, then each CPV entry against each "
             "code and each keyword against each text, analysing both every time.")
    w.append("- **PostgreSQL**: configurations `ch_*` = `unaccent` then the language's Snowball dictionary (the "
             "same fold-then-stem; the `simple` dictionary for other languages). Keywords stored as "
             "`phraseto_tsquery(cfg, keyword)` for every configuration, with their longest lexeme, indexed on "
             "(cfg, lexeme); CPV entries as their significant prefix, indexed. One statement per batch: "
             "`to_tsvector` of the batch's texts; candidates = CPV prefix equal to `left(code, 2..8)` ∪ keyword "
             "queries whose lexeme is in the text and `tsv @@ q`; then NUTS (`upper(code) LIKE prefix || '%'`), "
             "value, kinds and innovation on the candidates.")
    w.append("- **PostgreSQL, plain**: the same statement with `code LIKE prefix || '%'` and `tsv @@ q` tried "
             "against every profile (neither can use an index in that direction).")
    w.append("")
    w.append("Where the engines could disagree and how the data avoids it: PostgreSQL's parser keeps hyphenated "
             "words whole and in parts (three positions for \"foo-bar\") and reads numbers, URLs and e-mail "
             "addresses as their own tokens, while ClusterHub splits on every non-alphanumeric character; "
             "`gen.py` reduces the texts to their words (letters only). PostgreSQL removes stop words from "
             "queries (a phrase \"equipo de diagnóstico\" becomes `equip <2> diagnost`, which also matches \"equipo "
             "para diagnóstico\"), ClusterHub keeps every word; keywords never contain one of PostgreSQL's "
             "English, Spanish, French or Portuguese stop words. The two Snowball versions (PostgreSQL 15's and "
             "frostem's) could stem a word differently; the analysis check above runs every word through both.\n")
    return "\n".join(w)


if __name__ == "__main__":
    sys.exit(main())
