#!/usr/bin/env python3
"""Deterministic generator of fictional organisations for the directory benchmark.

Writes a CSV in the column order that `clusterhub import organisations` reads:

    name,legal_id,entity_type,size,territory,country,city,website,email,phone,
    description_en,typology,subsectors,status

Territories are real NUTS 3 codes (Basque Country ES21*, Galicia ES11*, Norte PT11*,
Pyrénées-Atlantiques FRI15) read from the eForms NUTS genericode list in shared/data.
Everything else is fictional and drawn from a seeded random generator: the same
--count and --seed always give the same file, byte for byte.

Python standard library only.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_NUTS = os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "shared", "data", "eforms", "codelists",
                 "nuts.from-sdk-1.8.5.gc"))

COLUMNS = ["name", "legal_id", "entity_type", "size", "territory", "country", "city",
           "website", "email", "phone", "description_en", "typology", "subsectors", "status"]

# Used only if the genericode file cannot be read or parsed.
FALLBACK_NUTS = {
    "ES111": "A Coruña", "ES112": "Lugo", "ES113": "Ourense", "ES114": "Pontevedra",
    "ES211": "Araba/Álava", "ES212": "Gipuzkoa", "ES213": "Bizkaia",
    "FRI15": "Pyrénées-Atlantiques",
    "PT111": "Alto Minho", "PT112": "Cávado", "PT119": "Ave", "PT11A": "Área Metropolitana do Porto",
    "PT11B": "Alto Tâmega", "PT11C": "Tâmega e Sousa", "PT11D": "Douro", "PT11E": "Terras de Trás-os-Montes",
}


def wanted(code: str) -> bool:
    """NUTS 3 codes (5 characters) of the regions the benchmark draws from."""
    return len(code) == 5 and (code.startswith(("ES21", "ES11", "PT11")) or code == "FRI15")


def load_nuts(path: str) -> tuple[dict[str, str], str]:
    """Return ({code: name}, source) from the genericode list, or the fallback list."""
    try:
        root = ET.parse(path).getroot()
        out: dict[str, str] = {}
        for row in root.iter("Row"):
            vals = {}
            for v in row.findall("Value"):
                sv = v.find("SimpleValue")
                if sv is not None and sv.text:
                    vals[v.get("ColumnRef")] = sv.text.strip()
            code = vals.get("code", "")
            if wanted(code):
                out[code] = vals.get("Name") or vals.get("eng_label") or code
        if len(out) < 8:
            raise ValueError(f"only {len(out)} matching NUTS codes in {path}")
        return dict(sorted(out.items())), "genericode"
    except Exception as e:  # noqa: BLE001 - any failure falls back to the fixed list
        print(f"gen_orgs: NUTS list not usable ({e}); using the fixed fallback list", file=sys.stderr)
        return dict(FALLBACK_NUTS), "fallback"


# Real towns inside each NUTS 3 region (used as the organisation's city).
CITIES = {
    "ES111": ["A Coruña", "Santiago de Compostela", "Ferrol", "Oleiros", "Arteixo", "Carballo"],
    "ES112": ["Lugo", "Monforte de Lemos", "Viveiro", "Vilalba"],
    "ES113": ["Ourense", "Verín", "O Barco de Valdeorras", "O Carballiño"],
    "ES114": ["Vigo", "Pontevedra", "Vilagarcía de Arousa", "Redondela", "O Porriño"],
    "ES211": ["Vitoria-Gasteiz", "Llodio", "Amurrio", "Salvatierra"],
    "ES212": ["Donostia-San Sebastián", "Irun", "Errenteria", "Eibar", "Zarautz", "Hernani",
              "Arrasate-Mondragón", "Tolosa", "Azpeitia", "Andoain"],
    "ES213": ["Bilbao", "Barakaldo", "Getxo", "Leioa", "Derio", "Zamudio", "Durango", "Basauri",
              "Galdakao", "Bermeo"],
    "FRI15": ["Bayonne", "Biarritz", "Anglet", "Pau", "Hendaye", "Saint-Jean-de-Luz", "Oloron-Sainte-Marie"],
    "PT111": ["Viana do Castelo", "Ponte de Lima", "Valença"],
    "PT112": ["Braga", "Barcelos", "Esposende"],
    "PT119": ["Guimarães", "Vila Nova de Famalicão", "Santo Tirso"],
    "PT11A": ["Porto", "Vila Nova de Gaia", "Matosinhos", "Maia", "Gondomar", "Valongo"],
    "PT11B": ["Chaves", "Boticas"],
    "PT11C": ["Penafiel", "Amarante", "Paredes"],
    "PT11D": ["Vila Real", "Lamego", "Peso da Régua"],
    "PT11E": ["Bragança", "Mirandela"],
}

# Region weights: the cluster is Basque, so most members are there.
REGION_WEIGHT = {"ES21": 60, "FRI1": 8, "ES11": 17, "PT11": 15}

PREFIXES = {
    "eu": ["Ekin", "Gaia", "Osasun", "Bizi", "Argi", "Itsaso", "Mendi", "Lur", "Txingudi", "Zubi",
           "Haize", "Ibai", "Berri", "Gorri", "Urdin", "Ortzi", "Elkar", "Aurre", "Indar", "Jaki",
           "Ametz", "Hodei", "Izar", "Egun", "Sendo", "Harri", "Iturri", "Larre", "Ondo", "Zuhaitz"],
    "es": ["Vida", "Salud", "Norte", "Cantábrico", "Faro", "Brisa", "Alba", "Cumbre", "Roble",
           "Vértice", "Aurora", "Horizonte", "Sendero", "Brújula", "Prisma", "Cauce", "Lucero"],
    "fr": ["Adour", "Côte", "Pyrène", "Océane", "Estuaire", "Lumière", "Nive", "Rivage", "Vallée",
           "Sommet", "Boréal", "Aube"],
    "pt": ["Atlântico", "Minho", "Saúde", "Ria", "Galaica", "Douro", "Farol", "Maré", "Lusa",
           "Aurora", "Ribeira", "Costa", "Vento", "Serra"],
}
SCI = ["Bio", "Gen", "Neo", "Cardio", "Neuro", "Onco", "Immuno", "Derma", "Osteo", "Micro",
       "Nano", "Cyto", "Medi", "Pharma", "Vita", "Proteo", "Cell", "Omni", "Data", "Tele"]
SECTOR = {
    "biotech": ["Biotech", "Biosciences", "Genomics", "Therapeutics", "Bio", "Cell Therapies"],
    "pharma_dermo": ["Pharma", "Dermocosmetics", "Laboratories", "Farma"],
    "medical_devices": ["Medical", "Medical Devices", "Surgical", "Implants", "Orthopaedics"],
    "ivd": ["Diagnostics", "Labs", "Analytics", "Dx"],
    "healthcare": ["Health", "Care", "Clinic", "Salud"],
    "ehealth": ["Digital Health", "eHealth", "Health Data", "Telemedicine", "AI"],
    "complementary_services": ["Consulting", "Regulatory", "Logistics", "Engineering", "Services"],
}
SUBSECTORS = list(SECTOR)
LEGAL = {"ES": ["S.L.", "S.L.", "S.L.", "S.A.", "S.Coop."], "FR": ["SAS", "SAS", "SARL", "SA"],
         "PT": ["Lda", "Lda", "Lda", "S.A."]}

ENTITY_WEIGHTS = [("company", 70), ("research_centre", 6), ("technology_centre", 4), ("hospital", 6),
                  ("university", 3), ("public_body", 3), ("association", 5), ("investor", 3)]
SIZE_WEIGHTS = {"company": [("micro", 35), ("small", 35), ("medium", 20), ("large", 10)],
                "other": [("micro", 5), ("small", 25), ("medium", 40), ("large", 30)]}
TYPOLOGY_WEIGHTS = [("founding", 2), ("ordinary", 78), ("honorary", 2), ("adhered", 10), ("collaborating", 8)]
STATUS_WEIGHTS = [("applicant", 8), ("active", 80), ("suspended", 5), ("withdrawn", 7)]

INSTITUTION = {
    "research_centre": {"ES": ["Centro de Investigación {w}", "Instituto {w} de Investigación Sanitaria",
                               "{w} Research Institute"],
                        "FR": ["Institut de Recherche {w}", "Centre {w} de Recherche Biomédicale"],
                        "PT": ["Instituto de Investigação {w}", "Centro de Investigação {w}"]},
    "technology_centre": {"ES": ["Centro Tecnológico {w}", "{w} Tech Centre", "Fundación {w} Tecnalia"],
                          "FR": ["Centre Technologique {w}", "Plateforme {w} Innovation"],
                          "PT": ["Centro Tecnológico {w}", "{w} Innovation Hub"]},
    "hospital": {"ES": ["Hospital {w}", "Clínica {w}", "Policlínica {w}", "Hospital Universitario {w}"],
                 "FR": ["Clinique {w}", "Centre Hospitalier {w}"],
                 "PT": ["Hospital {w}", "Clínica {w}"]},
    "university": {"ES": ["Universidad {w}", "Escuela de Salud {w}", "{w} Business School"],
                   "FR": ["Université {w}", "École {w} de Santé"],
                   "PT": ["Universidade {w}", "Escola Superior de Saúde {w}"]},
    "public_body": {"ES": ["Agencia {w} de Desarrollo", "Consorcio {w}", "Ente Público {w}"],
                    "FR": ["Agglomération {w}", "Agence {w} de Développement"],
                    "PT": ["Agência {w} de Desenvolvimento", "Comunidade Intermunicipal {w}"]},
    "association": {"ES": ["Asociación {w}", "Fundación {w}", "Federación {w} de Pacientes"],
                    "FR": ["Association {w}", "Fédération {w}"],
                    "PT": ["Associação {w}", "Fundação {w}"]},
    "investor": {"ES": ["{w} Capital", "{w} Ventures", "{w} Inversiones S.L."],
                 "FR": ["{w} Capital SAS", "{w} Partenaires"],
                 "PT": ["{w} Capital", "{w} Investimentos Lda"]},
}

PHONE = {"ES": lambda r: f"+34 9{r.randint(43, 46)} {r.randint(100, 999)} {r.randint(100, 999)}",
         "FR": lambda r: f"+33 5 59 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
         "PT": lambda r: f"+351 2{r.randint(20, 59)} {r.randint(100, 999)} {r.randint(100, 999)}"}

DESCRIPTIONS = [
    "{name} develops {what} for hospitals and clinics across {region}.",
    "Founded in {year}, {name} works on {what} with partners in {region} and abroad.",
    "{name} is a {size} organisation based in {city} focused on {what}.",
    "Spin-off from a {region} research group, {name} brings {what} to market.",
    "{name} supports members of the cluster with {what}.",
]
WHAT = {
    "biotech": "cell and gene therapies", "pharma_dermo": "dermatological and pharmaceutical products",
    "medical_devices": "medical devices and surgical instruments", "ivd": "in-vitro diagnostic tests",
    "healthcare": "patient care services", "ehealth": "digital health software and health data platforms",
    "complementary_services": "regulatory, quality and engineering services",
}


def pick(r: random.Random, weighted):
    items, weights = zip(*weighted)
    return r.choices(items, weights=weights, k=1)[0]


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(s).lower()).strip("-")


def language_for(country: str, territory: str) -> str:
    if country == "FR":
        return "fr"
    if country == "PT":
        return "pt"
    return "eu" if territory.startswith("ES21") else "es"


def word(r: random.Random, lang: str) -> str:
    """A brand word: a prefix of the place's language, a scientific stem, or a blend of both."""
    roll = r.random()
    if roll < 0.40:
        return r.choice(PREFIXES[lang])
    if roll < 0.65:
        return r.choice(SCI) + r.choice(PREFIXES[lang]).lower()
    if roll < 0.85:
        return r.choice(PREFIXES[lang]) + " " + r.choice(PREFIXES[lang if r.random() < 0.7 else "es"])
    return r.choice(SCI) + r.choice(["gen", "med", "lab", "tek", "care", "vita", "nova", "gune"])


def make_name(r: random.Random, entity: str, country: str, lang: str, subsectors: list[str]) -> str:
    w = word(r, lang)
    if entity == "company":
        sector = r.choice(SECTOR[subsectors[0]])
        return f"{w} {sector} {r.choice(LEGAL[country])}"
    return r.choice(INSTITUTION[entity][country]).format(w=w)


def generate(count: int, seed: int, nuts: dict[str, str]):
    r = random.Random(seed)
    codes = list(nuts)
    weights = [REGION_WEIGHT[c[:4]] / sum(1 for d in codes if d[:4] == c[:4]) for c in codes]
    # Unique legal ids: 8 distinct digit strings, then a CIF-like letter chosen by legal form.
    digits = r.sample(range(10_000_000, 100_000_000), count)
    seen_names: set[str] = set()
    seen_slugs: set[str] = set()
    for i in range(count):
        territory = r.choices(codes, weights=weights, k=1)[0]
        country = territory[:2]
        lang = language_for(country, territory)
        city = r.choice(CITIES.get(territory, [nuts[territory]]))
        entity = pick(r, ENTITY_WEIGHTS)
        size = pick(r, SIZE_WEIGHTS["company" if entity == "company" else "other"])
        n_sub = 1 + (r.random() < 0.35) + (r.random() < 0.10)
        subsectors = r.sample(SUBSECTORS, n_sub)
        name = make_name(r, entity, country, lang, subsectors)
        if name in seen_names:
            name = f"{name} {city}" if f"{name} {city}" not in seen_names else name
        k = 2
        base = name
        while name in seen_names:
            name = f"{base} {k}"
            k += 1
        seen_names.add(name)
        letter = {"S.A.": "A", "SA": "A", "S.Coop.": "F"}.get(name.rsplit(" ", 1)[-1], "B")
        if entity in ("association",):
            letter = "G"
        elif entity in ("public_body", "university"):
            letter = "Q"
        legal_id = f"{letter}{digits[i]:08d}"
        slug = slugify(re.sub(r"\s+(S\.L\.|S\.A\.|S\.Coop\.|SAS|SARL|SA|Lda)$", "", name))
        if slug in seen_slugs:
            slug = f"{slug}-{digits[i] % 10000:04d}"
        seen_slugs.add(slug)
        website = f"https://{slug}.example"
        email = f"{r.choice(['info', 'contact', 'hello', 'admin'])}@{slug}.example"
        phone = PHONE[country](r)
        desc = r.choice(DESCRIPTIONS).format(name=name, what=WHAT[subsectors[0]],
                                             region=nuts[territory], city=city,
                                             year=r.randint(1975, 2023), size=size)
        typology = pick(r, TYPOLOGY_WEIGHTS)
        status = pick(r, STATUS_WEIGHTS)
        yield [name, legal_id, entity, size, territory, country, city, website, email, phone,
               desc, typology, ";".join(subsectors), status]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", "-n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--nuts", default=DEFAULT_NUTS, help="genericode NUTS list")
    ap.add_argument("--out", "-o", default="-", help="CSV file to write (default stdout)")
    a = ap.parse_args(argv)
    nuts, source = load_nuts(a.nuts)
    out = sys.stdout if a.out == "-" else open(a.out, "w", newline="", encoding="utf-8")
    try:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(COLUMNS)
        for row in generate(a.count, a.seed, nuts):
            w.writerow(row)
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"gen_orgs: {a.count} organisations, seed {a.seed}, {len(nuts)} NUTS 3 codes ({source}): "
          f"{', '.join(nuts)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
