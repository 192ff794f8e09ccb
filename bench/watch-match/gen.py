#!/usr/bin/env python3
"""Deterministic data for the tender-matching benchmark: member alert profiles and notices.

    gen.py notices  --notices 100000 --seed 11 --out DIR
    gen.py profiles --profiles 10000 --seed 11 --out DIR [--analysis DIR/analysis.json]

Writes, one JSON object a line, in the serde form of clusterhub_watch::alert:
  DIR/notices.jsonl   Target {id, kind, cpv, nuts, texts [[lang, text], ...], value_eur_cents,
                      innovation}
  DIR/profiles.jsonl  AlertProfile {id, cpv, nuts, keywords, min_value, max_value, kinds,
                      innovation_only}
with DIR/pool.json (the keyword candidates drawn from the notices) between the two stages and
DIR/meta.json (what was drawn, for the report). Between the stages, `peers.py analyse` runs
every word through ClusterHub's analysis and PostgreSQL's and lists the keyword candidates on
which the two could disagree (DIR/analysis.json); `profiles --analysis` leaves those out. Same
arguments, same files, byte for byte.

Drawn from real lists in shared/data: CPV 2008 codes (cpv_2008_en.csv; half of the notices'
codes and 60% of the profiles' prefixes from the health divisions 33, 38, 73, 85, the rest from
the whole list; profile prefixes cut at the code's division, group, class or category, written
either as the significant digits or as the zero-padded 8-digit code), NUTS 2021 codes
(nuts.from-sdk-1.8.5.gc; buyers at NUTS 3, places at NUTS 2 or 3, 60% in ES/PT/FR; profile
filters at levels 0 to 3) and the titles and descriptions of the 92 eForms example notices
(cbc:Name, cbc:Description, cbc:Title with their languageID, 24 languages). A notice's texts are
a real title or a window of a real text, and a description made of 1-3 windows of real texts
of the same language; a quarter of the notices add a second language.

Texts are reduced to their words (letters only, one space between): digits, hyphens, apostrophes
and URLs are where PostgreSQL's parser and a plain split on non-letters disagree about what a
word and its position are (PostgreSQL keeps "foo-bar" and its two parts, three positions), and
the benchmark compares match sets. Keywords are words or two consecutive words of the generated
notices whose document frequency lies in a band (so that each hits a few dozen to a few hundred
notices), never a stop word of PostgreSQL's English, Spanish, French or Portuguese lists
(PostgreSQL drops those from a query; ClusterHub keeps every word), read from
/usr/share/postgresql/*/tsearch_data when present, and not one `peers.py analyse` found unsafe.

Python standard library only.
"""

from __future__ import annotations

import argparse
import csv
import glob
import html
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))
CPV_FILE = os.path.join(SHARED, "cpv", "cpv_2008_en.csv")
NUTS_FILE = os.path.join(SHARED, "eforms", "codelists", "nuts.from-sdk-1.8.5.gc")
NOTICES_DIR = os.path.join(SHARED, "eforms", "examples", "notices")

LANG2 = {
    "ENG": "en", "FRA": "fr", "SPA": "es", "POR": "pt", "DEU": "de", "ITA": "it", "NLD": "nl",
    "DAN": "da", "SWE": "sv", "FIN": "fi", "EST": "et", "LAV": "lv", "LIT": "lt", "POL": "pl",
    "CES": "cs", "SLK": "sk", "SLV": "sl", "HRV": "hr", "HUN": "hu", "RON": "ro", "MLT": "mt",
    "GLE": "ga", "BUL": "bg", "ELL": "el",
}
# Share of notices by primary language; "" = language unknown (texts drawn from en/fr/es).
LANG_WEIGHT = {"en": 46, "fr": 14, "es": 10, "pt": 5, "it": 5, "de": 5, "": 3, "other": 12}
KEYWORD_LANG_WEIGHT = {"en": 40, "es": 22, "fr": 18, "pt": 10, "it": 5, "de": 5}
HEALTH = ("33", "38", "73", "85")
KINDS = [("planning", 20), ("tender", 60), ("award", 20)]
WORD_RE = re.compile(r"[^\W\d_]+")
TEXT_RE = re.compile(r'<cbc:(Name|Description|Title) languageID="([A-Z]{3})">([^<]*)</cbc:\1>')


def log(*a):
    print(*a, file=sys.stderr, flush=True)


_FOLDED = {}


def fold(word):
    """Lowercase, accents off: for document frequencies and stop-word checks only."""
    f = _FOLDED.get(word)
    if f is None:
        w = unicodedata.normalize("NFKD", word.lower())
        f = _FOLDED[word] = "".join(c for c in w if not unicodedata.combining(c))
    return f


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def load_cpv():
    rows = []
    with open(CPV_FILE, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["code8"], int(r["significant_digits"])))
    return rows


def load_nuts():
    with open(NUTS_FILE, encoding="utf-8") as fh:
        text = fh.read()
    return re.findall(r'<Value ColumnRef="code">\s*<SimpleValue>([^<]+)</SimpleValue>', text)


def load_texts():
    """Real titles and descriptions by language, reduced to words; deduplicated, sorted."""
    by_lang = defaultdict(set)
    for path in sorted(glob.glob(os.path.join(NOTICES_DIR, "*.xml"))):
        if os.path.basename(path).startswith("INVALID"):
            continue
        with open(path, encoding="utf-8") as fh:
            xml = fh.read()
        for _tag, lang3, raw in TEXT_RE.findall(xml):
            lang = LANG2.get(lang3)
            if lang is None:
                continue
            words = WORD_RE.findall(html.unescape(raw))
            if len(words) >= 2:
                by_lang[lang].add(tuple(words))
    return {lang: sorted(v) for lang, v in sorted(by_lang.items())}


def load_stopwords():
    found = sorted(glob.glob("/usr/share/postgresql/*/tsearch_data"))
    stop = set()
    source = None
    if found:
        source = found[-1]
        for name in ("english", "spanish", "french", "portuguese"):
            path = os.path.join(source, name + ".stop")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        if line.strip():
                            stop.add(fold(line.strip()))
    return stop, source


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cpv = load_cpv()
        self.cpv_health = [c for c in self.cpv if c[0][:2] in HEALTH]
        self.cpv_division = defaultdict(list)
        for c, _ in self.cpv:
            self.cpv_division[c[:2]].append(c)
        nuts = load_nuts()
        self.nuts3 = [c for c in nuts if len(c) == 5]
        self.nuts3_home = [c for c in self.nuts3 if c[:2] in ("ES", "PT", "FR")]
        self.nuts_all = nuts
        self.nuts_home = [c for c in nuts if c[:2] in ("ES", "PT", "FR")]
        self.texts = load_texts()
        self.other_langs = [l for l in self.texts if l not in LANG_WEIGHT]
        self.stop, self.stop_source = load_stopwords()

    # --- notices --------------------------------------------------------------------------

    def window(self, lang, lo, hi):
        words = self.rng.choice(self.texts[lang])
        n = self.rng.randint(lo, hi)
        if len(words) <= n:
            return list(words)
        start = self.rng.randrange(len(words) - n + 1)
        return list(words[start:start + n])

    def title(self, lang):
        words = self.rng.choice(self.texts[lang])
        if len(words) <= 14 and self.rng.random() < 0.6:
            return " ".join(words)
        return " ".join(self.window(lang, 4, 10))

    def description(self, lang):
        parts = [" ".join(self.window(lang, 8, 25)) for _ in range(self.rng.randint(1, 3))]
        return " ".join(parts)

    def primary_lang(self):
        lang = weighted(self.rng, list(LANG_WEIGHT.items()))
        if lang == "other":
            return self.rng.choice(self.other_langs)
        return lang

    def notice_code(self):
        pool = self.cpv_health if self.rng.random() < 0.12 else self.cpv
        return self.rng.choice(pool)[0]

    def notice(self, nid):
        rng = self.rng
        t = {"id": nid, "kind": weighted(rng, KINDS)}
        main = self.notice_code()
        codes = [main]
        for _ in range(weighted(rng, [(0, 50), (1, 30), (2, 20)])):
            if rng.random() < 0.5:
                c = rng.choice(self.cpv_division[main[:2]])
            else:
                c = self.notice_code()
            if c not in codes:
                codes.append(c)
        t["cpv"] = codes
        nuts = []
        if rng.random() < 0.95:
            nuts.append(rng.choice(self.nuts3_home if rng.random() < 0.6 else self.nuts3))
            if rng.random() < 0.4:
                place = rng.choice(self.nuts3_home if nuts[0][:2] in ("ES", "PT", "FR") else self.nuts3)
                if rng.random() < 0.5:
                    place = place[:4]
                if place not in nuts:
                    nuts.append(place)
        t["nuts"] = nuts
        lang = self.primary_lang()
        src = rng.choice(["en", "fr", "es"]) if lang == "" else lang
        texts = [[lang, self.title(src)], [lang, self.description(src)]]
        if rng.random() < 0.25:
            second = "en" if lang != "en" else rng.choice(["fr", "es", "pt", "de", "it"])
            texts.append([second, self.title(second)])
            if rng.random() < 0.5:
                texts.append([second, self.description(second)])
        t["texts"] = texts
        if rng.random() < 0.7:
            # log-uniform, 5 k€ .. 20 M€, in cents; some round figures
            euros = int(10 ** rng.uniform(3.7, 7.3))
            if rng.random() < 0.3:
                euros = round(euros, -3)
            t["value_eur_cents"] = euros * 100
        else:
            t["value_eur_cents"] = None
        t["innovation"] = rng.random() < 0.05
        return t

    # --- keywords -------------------------------------------------------------------------

    def keyword_pool(self, notices, lo, hi):
        """Words and bigrams of each language's notice texts whose document frequency (folded
        surface form, notices with a text in that language) lies in [lo, hi] × notices."""
        n = len(notices)
        words = defaultdict(Counter)
        pairs = defaultdict(Counter)
        surface = defaultdict(dict)
        for t in notices:
            seen_w, seen_p = set(), set()
            for lang, text in t["texts"]:
                if lang not in KEYWORD_LANG_WEIGHT:
                    continue
                ws = text.split()
                for i, w in enumerate(ws):
                    f = fold(w)
                    seen_w.add((lang, f))
                    surface[lang].setdefault(f, w.lower())
                    if i + 1 < len(ws):
                        f2 = fold(ws[i + 1])
                        seen_p.add((lang, f, f2))
                        surface[lang].setdefault(f2, ws[i + 1].lower())
            for lang, f in seen_w:
                words[lang][f] += 1
            for lang, a, b in seen_p:
                pairs[lang][(a, b)] += 1

        def ok(f):
            return len(f) >= 4 and f not in self.stop

        pool = {}
        for lang in KEYWORD_LANG_WEIGHT:
            single = sorted(surface[lang][f] for f, c in words[lang].items()
                            if ok(f) and lo * n <= c <= hi * n)
            double = sorted(surface[lang][a] + " " + surface[lang][b]
                            for (a, b), c in pairs[lang].items()
                            if ok(a) and ok(b) and a != b and lo * n <= c <= hi * n)
            pool[lang] = (single, double)
        return pool

    # --- profiles -------------------------------------------------------------------------

    def cpv_entry(self):
        rng = self.rng
        code, sig = rng.choice(self.cpv_health if rng.random() < 0.6 else self.cpv)
        depth = weighted(rng, [(3, 2), (4, 25), (5, 43), (6, 22), (8, 8)])
        depth = min(depth, sig)
        prefix = code[:depth]
        if rng.random() < 0.35:
            return prefix.ljust(8, "0")
        return prefix

    def nuts_entry(self):
        rng = self.rng
        code = rng.choice(self.nuts_home if rng.random() < 0.7 else self.nuts_all)
        level = weighted(rng, [(2, 30), (3, 25), (4, 25), (5, 20)])
        return code[:min(level, len(code))]

    def profile(self, pid, pool):
        rng = self.rng
        p = {"id": pid}
        has_cpv = rng.random() < 0.7
        has_kw = rng.random() < 0.55
        if not has_cpv and not has_kw and rng.random() < 0.97:
            has_kw = True
        cpv = []
        if has_cpv:
            for _ in range(weighted(rng, [(1, 55), (2, 30), (3, 12), (5, 3)])):
                e = self.cpv_entry()
                if e not in cpv:
                    cpv.append(e)
        p["cpv"] = cpv
        nuts = []
        if rng.random() < 0.6:
            for _ in range(weighted(rng, [(1, 70), (2, 25), (3, 5)])):
                e = self.nuts_entry()
                if e not in nuts:
                    nuts.append(e)
        p["nuts"] = nuts
        kws = []
        if has_kw:
            lang = weighted(rng, list(KEYWORD_LANG_WEIGHT.items()))
            single, double = pool[lang]
            for _ in range(weighted(rng, [(1, 35), (2, 35), (3, 20), (5, 10)])):
                src = double if (double and rng.random() < 0.25) else single
                if not src:
                    continue
                k = rng.choice(src)
                if rng.random() < 0.1:
                    k = k.capitalize()
                if k not in kws:
                    kws.append(k)
        p["keywords"] = kws
        p["min_value"] = rng.choice([10_000, 50_000, 100_000, 250_000, 1_000_000]) if rng.random() < 0.25 else None
        p["max_value"] = rng.choice([200_000, 500_000, 2_000_000, 10_000_000]) if rng.random() < 0.2 else None
        p["kinds"] = (weighted(rng, [(["tender"], 50), (["planning", "tender"], 35), (["award"], 15)])
                      if rng.random() < 0.35 else [])
        p["innovation_only"] = rng.random() < 0.03
        return p


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stage", choices=["notices", "profiles", "all"])
    ap.add_argument("--profiles", type=int, default=10_000)
    ap.add_argument("--notices", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--df-low", type=float, default=0.00015, help="keyword document frequency band, low")
    ap.add_argument("--df-high", type=float, default=0.0015, help="keyword document frequency band, high")
    ap.add_argument("--analysis", help="analysis.json from peers.py analyse: keyword candidates to leave out")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.stage in ("notices", "all"):
        gen_notices(args)
    if args.stage in ("profiles", "all"):
        gen_profiles(args)


def gen_notices(args):
    g = Gen(args.seed)
    if not g.stop:
        log("warning: PostgreSQL stop-word lists not found; keywords may include stop words")
    notices = [g.notice(i + 1) for i in range(args.notices)]
    pool = g.keyword_pool(notices, args.df_low, args.df_high)
    with open(os.path.join(args.out, "notices.jsonl"), "w", encoding="utf-8") as fh:
        for t in notices:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "pool.json"), "w", encoding="utf-8") as fh:
        json.dump({lang: {"words": s, "phrases": d} for lang, (s, d) in pool.items()}, fh,
                  ensure_ascii=False, indent=0)
    langs = Counter(t["texts"][0][0] for t in notices)
    meta = {
        "seed": args.seed,
        "notices": len(notices),
        "texts": sum(len(t["texts"]) for t in notices),
        "words": sum(len(x[1].split()) for t in notices for x in t["texts"]),
        "primary_languages": dict(sorted(langs.items(), key=lambda kv: -kv[1])),
        "source_texts": {l: len(v) for l, v in g.texts.items()},
        "keyword_pool": {l: [len(s), len(d)] for l, (s, d) in pool.items()},
        "df_band": [args.df_low, args.df_high],
        "stopwords_from": g.stop_source,
        "cpv_codes": len(g.cpv),
        "nuts_codes": len(g.nuts_all),
    }
    with open(os.path.join(args.out, "meta-notices.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1, ensure_ascii=False)
    log(f"gen: {len(notices)} notices ({meta['texts']} texts, {meta['words']} words); keyword pool "
        + ", ".join(f"{l} {len(s)}+{len(d)}" for l, (s, d) in pool.items()))


def gen_profiles(args):
    # Its own random stream: the profiles do not depend on how many notices were drawn.
    g = Gen(args.seed * 1_000_003 + 1)
    with open(os.path.join(args.out, "pool.json"), encoding="utf-8") as fh:
        raw = json.load(fh)
    left_out = set()
    if args.analysis:
        with open(args.analysis, encoding="utf-8") as fh:
            left_out = set(json.load(fh)["unsafe_keywords"])
    pool = {lang: ([k for k in v["words"] if k not in left_out],
                   [k for k in v["phrases"] if k not in left_out]) for lang, v in raw.items()}
    profiles = [g.profile(i + 1, pool) for i in range(args.profiles)]
    with open(os.path.join(args.out, "profiles.jsonl"), "w", encoding="utf-8") as fh:
        for p in profiles:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "meta-notices.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    meta.update({
        "profiles": len(profiles),
        "keywords": sum(len(p["keywords"]) for p in profiles),
        "phrases": sum(1 for p in profiles for k in p["keywords"] if " " in k),
        "cpv_entries": sum(len(p["cpv"]) for p in profiles),
        "profiles_with_nuts": sum(1 for p in profiles if p["nuts"]),
        "profiles_without_topic": sum(1 for p in profiles if not p["cpv"] and not p["keywords"]),
        "keyword_candidates": len(set(k for v in raw.values() for k in v["words"] + v["phrases"])),
        "keyword_candidates_left_out": len(left_out),
    })
    with open(os.path.join(args.out, "meta.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1, ensure_ascii=False)
    log(f"gen: {len(profiles)} profiles ({meta['keywords']} keywords, {meta['cpv_entries']} CPV entries; "
        f"{len(left_out)} of {meta['keyword_candidates']} keyword candidates left out)")


if __name__ == "__main__":
    main()
