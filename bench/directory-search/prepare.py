#!/usr/bin/env python3
"""Data for the directory-search benchmark, from bench/search's generator.

    prepare.py --n 100000 --seed 7 --queries 1000 --out DIR

Runs `bench/search/gen.py` (the multilingual organisation generator of the search benchmark:
names from Basque, Spanish, French, Galician and Portuguese brand words, descriptions in
es/eu/en/fr/gl/pt, capabilities, CPV 2008 labels as tags, certifications, TRL, value chains, real
NUTS 3 territories; and its mixed query list) and turns its output into what ClusterHub and
Tryton are loaded with:

- DIR/orgs.csv       for `clusterhub import organisations` (name, legal_id, entity_type,
                     territory, country, city, website, description_es/eu/en/fr, typology,
                     subsectors, status)
- DIR/profiles.jsonl one line per organisation: legal_id, the full description (every language:
                     the import takes es/eu/en/fr only, gl/pt/und are written with SQL), and the
                     rich profile (clusterhub_core::profile::Profile as JSON)
- DIR/orgs.jsonl, DIR/queries.json   gen.py's own files (kept as they are)

Adjustments, all deterministic:
- names must be unique in an import file (folded): a repeated name gets its city, then a
  number, appended (as bench/directory/gen_orgs.py does);
- gen.py writes no city: one is drawn from gen.CITIES for the territory (seeded);
- the generator's certification `ens` and value chain `care_delivery` are not codes of
  ClusterHub's profile (Certification, ValueChainStage): `ens` is dropped and
  `care_delivery` becomes `care` (an unknown code would make the whole profile unreadable);
- a text whose language the generator left empty is stored under `und`;
- each text is split into the description sentence and the "Capabilities: …" sentence, which
  goes to profile.capabilities in the same language; the CPV labels become capability_tags.

Python standard library only.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.normpath(os.path.join(HERE, "..", "search", "gen.py"))

COLUMNS = ["name", "legal_id", "entity_type", "territory", "country", "city", "website",
           "description_es", "description_eu", "description_en", "description_fr", "typology",
           "subsectors", "status"]
IMPORT_LANGS = ("es", "eu", "en", "fr")
VALUE_CHAIN_MAP = {"care_delivery": "care"}
CERT_DROP = {"ens"}


def load_gen():
    """bench/search/gen.py as a module (for CITIES, CAPS_INTRO, random_filters)."""
    spec = importlib.util.spec_from_file_location("search_gen", GEN)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()


def slug(s: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in fold(s))
    return "-".join(p for p in out.split("-") if p)[:50]


def split_text(gen, lang: str, text: str) -> tuple[str, str]:
    """(description sentence, capabilities sentence) of one generated text."""
    intros = [gen.CAPS_INTRO[lang]] if lang in gen.CAPS_INTRO else list(gen.CAPS_INTRO.values())
    for intro in intros:
        i = text.find(f" {intro}: ")
        if i > 0:
            return text[:i].strip(), text[i + 1:].strip()
    return text.strip(), ""


def convert(gen, orgs: list[dict], seed: int) -> tuple[list[list[str]], list[dict]]:
    r = random.Random(seed * 31 + 5)
    seen: set[str] = set()
    rows, profiles = [], []
    for o in orgs:
        territory = o["territory"]
        city = r.choice(gen.CITIES.get(territory, [territory]))
        name = o["name"]
        if fold(name) in seen:
            name = f"{name} {city}"
        k = 2
        base = name
        while fold(name) in seen:
            name = f"{base} {k}"
            k += 1
        seen.add(fold(name))
        desc: dict[str, str] = {}
        caps: dict[str, str] = {}
        for lang, text in o["texts"]:
            key = lang or "und"
            d, c = split_text(gen, lang, text)
            # two texts in one language (the generator never does it, but be safe): keep both
            desc[key] = (desc[key] + " " + d).strip() if key in desc else d
            if c:
                caps[key] = (caps[key] + " " + c).strip() if key in caps else c
        legal_id = f"B{10000000 + o['id']:08d}"
        rows.append([name, legal_id, o["entity_type"], territory, territory[:2], city,
                     f"https://{slug(name)}.example", *[desc.get(lang, "") for lang in IMPORT_LANGS],
                     o["typology"], ";".join(o["subsectors"]), "active"])
        profile = {
            "capabilities": caps,
            "capability_tags": o["tags"],
            "certifications": [c for c in o["certifications"] if c not in CERT_DROP],
            "trl": o["trl"],
            "value_chain": sorted({VALUE_CHAIN_MAP.get(v, v) for v in o["value_chains"]}),
        }
        profiles.append({"gen_id": o["id"], "legal_id": legal_id, "name": name, "city": city,
                         "description": desc, "profile": profile})
    return rows, profiles


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    subprocess.run([sys.executable, GEN, "--n", str(a.n), "--seed", str(a.seed), "--queries", str(a.queries),
                    "--out", a.out], check=True)
    gen = load_gen()
    with open(os.path.join(a.out, "orgs.jsonl"), encoding="utf-8") as fh:
        orgs = [json.loads(line) for line in fh]
    rows, profiles = convert(gen, orgs, a.seed)
    with open(os.path.join(a.out, "orgs.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)
    with open(os.path.join(a.out, "profiles.jsonl"), "w", encoding="utf-8") as fh:
        for p in profiles:
            fh.write(json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"prepare: {len(rows)} organisations -> {a.out}/orgs.csv, profiles.jsonl", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
