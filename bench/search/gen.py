#!/usr/bin/env python3
"""Deterministic data for the search benchmark: N organisations and 1,000 mixed queries.

    gen.py --n 100000 --seed 7 --queries 1000 --out DIR

Writes DIR/orgs.jsonl (one organisation a line: id, name, texts [[lang, text], ...], tags,
entity_type, subsectors, typology, territory, certifications, trl, value_chains) and
DIR/queries.json ({"queries": [{id, kind, text, filters}], "prefixes": [...]}).

Organisations are fictional, in the style of the demo (crates/app/src/demo.rs) and of
bench/directory/gen_orgs.py: health and biotech names from Basque, Spanish, French, Galician and
Portuguese brand words, real NUTS 3 codes (ES21*, ES11*, PT11*, FRI15) from the eForms list in
shared/data, descriptions in es/eu/en/fr/gl/pt (the languages of the place, English for 60%),
capabilities drawn from the health divisions of CPV 2008 (33, 38, 73, 85; English labels) as
tags. Queries: single words taken from the texts, two words of one text, quoted phrases, names
with one typo, name words, words typed without their accents, and facet browsing with an empty
text; 35% of the text queries carry facet filters. Same --n and --seed, same files, byte for byte.

Python standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))
NUTS_FILE = os.path.join(SHARED, "eforms", "codelists", "nuts.from-sdk-1.8.5.gc")
CPV_FILE = os.path.join(SHARED, "cpv", "cpv_2008_en.csv")

FALLBACK_NUTS = {
    "ES111": "A Coruña", "ES112": "Lugo", "ES113": "Ourense", "ES114": "Pontevedra",
    "ES211": "Araba/Álava", "ES212": "Gipuzkoa", "ES213": "Bizkaia", "FRI15": "Pyrénées-Atlantiques",
    "PT111": "Alto Minho", "PT112": "Cávado", "PT119": "Ave", "PT11A": "Área Metropolitana do Porto",
    "PT11B": "Alto Tâmega", "PT11C": "Tâmega e Sousa", "PT11D": "Douro", "PT11E": "Terras de Trás-os-Montes",
}
CITIES = {
    "ES111": ["A Coruña", "Santiago de Compostela", "Ferrol", "Oleiros", "Arteixo"],
    "ES112": ["Lugo", "Monforte de Lemos", "Viveiro"],
    "ES113": ["Ourense", "Verín", "O Carballiño"],
    "ES114": ["Vigo", "Pontevedra", "Vilagarcía de Arousa", "O Porriño"],
    "ES211": ["Vitoria-Gasteiz", "Llodio", "Amurrio"],
    "ES212": ["Donostia", "Irun", "Errenteria", "Eibar", "Zarautz", "Arrasate", "Tolosa", "Azpeitia"],
    "ES213": ["Bilbao", "Barakaldo", "Getxo", "Leioa", "Derio", "Zamudio", "Durango", "Galdakao"],
    "FRI15": ["Bayonne", "Biarritz", "Anglet", "Pau", "Hendaye", "Saint-Jean-de-Luz"],
    "PT111": ["Viana do Castelo", "Ponte de Lima"],
    "PT112": ["Braga", "Barcelos", "Esposende"],
    "PT119": ["Guimarães", "Vila Nova de Famalicão"],
    "PT11A": ["Porto", "Vila Nova de Gaia", "Matosinhos", "Maia"],
    "PT11B": ["Chaves"], "PT11C": ["Penafiel", "Amarante"], "PT11D": ["Vila Real", "Lamego"],
    "PT11E": ["Bragança", "Mirandela"],
}
REGION_WEIGHT = {"ES21": 60, "FRI1": 8, "ES11": 17, "PT11": 15}

# Brand words (demo.rs and bench/directory/gen_orgs.py).
WORDS = {
    "eu": ["Osasun", "Biolan", "Gaitek", "Ibaia", "Txingudi", "Aralar", "Urdaibai", "Elkano", "Goierri",
           "Lurra", "Mendi", "Itsaso", "Argia", "Zubia", "Hegoa", "Bidasoa", "Zuhaitz", "Harri", "Oihana",
           "Kresala", "Ekain", "Ekin", "Gaia", "Bizi", "Haize", "Ibai", "Berri", "Urdin", "Elkar", "Indar",
           "Ametz", "Hodei", "Izar", "Sendo", "Iturri", "Larre", "Ondo"],
    "es": ["Vida", "Salud", "Norte", "Cantábrico", "Faro", "Brisa", "Alba", "Cumbre", "Roble", "Vértice",
           "Aurora", "Horizonte", "Sendero", "Brújula", "Prisma", "Cauce", "Lucero"],
    "fr": ["Adour", "Nive", "Rhune", "Atalaye", "Océane", "Labourd", "Soule", "Errobi", "Côte", "Ondarra",
           "Pyrène", "Estuaire", "Lumière", "Rivage", "Vallée", "Sommet", "Boréal", "Aube"],
    "gl": ["Miño", "Atlántica", "Compostela", "Rías", "Vigo", "Lugo", "Ourense", "Sar", "Ulla", "Galaica",
           "Breogán", "Mariña", "Fisterra", "Arousa"],
    "pt": ["Atlântico", "Minho", "Douro", "Cávado", "Braga", "Ria", "Farol", "Maré", "Lusa", "Ribeira",
           "Costa", "Vento", "Serra", "Saúde"],
}
SCI = ["Bio", "Gen", "Neo", "Cardio", "Neuro", "Onco", "Immuno", "Derma", "Osteo", "Micro", "Nano", "Cyto",
       "Medi", "Pharma", "Vita", "Proteo", "Cell", "Omni", "Data", "Tele"]
SECTOR = {
    "biotech": ["Biotech", "Biosciences", "Genomics", "Therapeutics", "Cell Therapies"],
    "pharma_dermo": ["Pharma", "Dermocosmetics", "Laboratories", "Farma"],
    "medical_devices": ["Medical", "Medical Devices", "Surgical", "Implants", "Orthopaedics"],
    "ivd": ["Diagnostics", "Labs", "Analytics", "Dx"],
    "healthcare": ["Health", "Care", "Clinic", "Salud"],
    "ehealth": ["Digital Health", "eHealth", "Health Data", "Telemedicine", "AI"],
    "complementary_services": ["Consulting", "Regulatory", "Logistics", "Engineering", "Services"],
}
SUBSECTORS = list(SECTOR)
LEGAL = {"ES": ["S.L.", "S.L.", "S.A.", "S.Coop."], "FR": ["SAS", "SAS", "SARL"], "PT": ["Lda", "Lda", "S.A."]}
INSTITUTION = {
    "research_centre": {"ES": ["Centro de Investigación {w}", "Instituto {w} de Investigación Sanitaria",
                               "{w} Research Institute"],
                        "FR": ["Institut de Recherche {w}", "Centre {w} de Recherche Biomédicale"],
                        "PT": ["Instituto de Investigação {w}", "Centro de Investigação {w}"]},
    "technology_centre": {"ES": ["Centro Tecnológico {w}", "{w} Tech Centre"],
                          "FR": ["Centre Technologique {w}", "Plateforme {w} Innovation"],
                          "PT": ["Centro Tecnológico {w}", "{w} Innovation Hub"]},
    "hospital": {"ES": ["Hospital {w}", "Clínica {w}", "Policlínica {w}", "Hospital Universitario {w}"],
                 "FR": ["Clinique {w}", "Centre Hospitalier {w}"],
                 "PT": ["Hospital {w}", "Clínica {w}"]},
    "university": {"ES": ["Universidad {w}", "Escuela de Salud {w}"],
                   "FR": ["Université {w}", "École {w} de Santé"],
                   "PT": ["Universidade {w}", "Escola Superior de Saúde {w}"]},
    "association": {"ES": ["Asociación {w}", "Fundación {w}"], "FR": ["Association {w}"],
                    "PT": ["Associação {w}", "Fundação {w}"]},
    "investor": {"ES": ["{w} Capital", "{w} Ventures"], "FR": ["{w} Capital SAS"], "PT": ["{w} Capital"]},
}
ENTITY_WEIGHTS = [("company", 70), ("research_centre", 6), ("technology_centre", 4), ("hospital", 6),
                  ("university", 3), ("association", 8), ("investor", 3)]
TYPOLOGY_WEIGHTS = [("founding", 2), ("ordinary", 78), ("honorary", 2), ("adhered", 10), ("collaborating", 8)]
CERTIFICATIONS = [("iso13485", 30), ("iso9001", 40), ("mdr_iia", 10), ("mdr_iib", 6), ("mdr_iii", 2),
                  ("ivdr_c", 4), ("gmp", 12), ("iso27001", 8), ("ens", 4)]
VALUE_CHAINS = ["research", "development", "manufacturing", "distribution", "clinical_validation",
                "regulatory", "care_delivery"]

# What the organisation does, per subsector and language.
WHAT = {
    "biotech": {"es": "terapias celulares y génicas", "eu": "zelula- eta gene-terapiak",
                "en": "cell and gene therapies", "fr": "thérapies cellulaires et géniques",
                "gl": "terapias celulares e xénicas", "pt": "terapias celulares e genéticas"},
    "pharma_dermo": {"es": "productos farmacéuticos y dermocosméticos",
                     "eu": "produktu farmazeutiko eta dermokosmetikoak",
                     "en": "pharmaceutical and dermocosmetic products",
                     "fr": "produits pharmaceutiques et dermocosmétiques",
                     "gl": "produtos farmacéuticos e dermocosméticos",
                     "pt": "produtos farmacêuticos e dermocosméticos"},
    "medical_devices": {"es": "dispositivos médicos e instrumental quirúrgico",
                        "eu": "gailu medikoak eta tresna kirurgikoak",
                        "en": "medical devices and surgical instruments",
                        "fr": "dispositifs médicaux et instruments chirurgicaux",
                        "gl": "dispositivos médicos e instrumental cirúrxico",
                        "pt": "dispositivos médicos e instrumentos cirúrgicos"},
    "ivd": {"es": "pruebas de diagnóstico in vitro", "eu": "in vitro diagnostiko probak",
            "en": "in-vitro diagnostic tests", "fr": "tests de diagnostic in vitro",
            "gl": "probas de diagnóstico in vitro", "pt": "testes de diagnóstico in vitro"},
    "healthcare": {"es": "servicios de atención al paciente", "eu": "pazienteen arreta zerbitzuak",
                   "en": "patient care services", "fr": "services de soins aux patients",
                   "gl": "servizos de atención ao paciente", "pt": "serviços de cuidados ao doente"},
    "ehealth": {"es": "software de salud digital y plataformas de datos sanitarios",
                "eu": "osasun digitaleko softwarea eta osasun datuen plataformak",
                "en": "digital health software and health data platforms",
                "fr": "logiciels de santé numérique et plateformes de données de santé",
                "gl": "software de saúde dixital e plataformas de datos sanitarios",
                "pt": "software de saúde digital e plataformas de dados de saúde"},
    "complementary_services": {"es": "servicios regulatorios, de calidad e ingeniería",
                               "eu": "erregulazio, kalitate eta ingeniaritza zerbitzuak",
                               "en": "regulatory, quality and engineering services",
                               "fr": "services réglementaires, qualité et ingénierie",
                               "gl": "servizos regulatorios, de calidade e enxeñaría",
                               "pt": "serviços regulamentares, de qualidade e engenharia"},
}
TEMPLATES = {
    "es": ["{name} desarrolla {what} para hospitales y clínicas de {region}.",
           "Fundada en {year}, {name} trabaja en {what} con socios de {region} y del extranjero.",
           "{name} es una organización con sede en {city} especializada en {what}.",
           "Spin-off de un grupo de investigación de {region}, {name} lleva al mercado {what}."],
    "eu": ["{name} enpresak {what} garatzen ditu {region}ko ospitale eta kliniketarako.",
           "{year}an sortua, {name} {what} arloan aritzen da {region}ko bazkideekin.",
           "{name} {city}n kokatutako erakundea da, {what} arloan espezializatua.",
           "{name} ikerketa talde batetik sortutako enpresa da eta {what} merkaturatzen ditu."],
    "en": ["{name} develops {what} for hospitals and clinics across {region}.",
           "Founded in {year}, {name} works on {what} with partners in {region} and abroad.",
           "{name} is an organisation based in {city} focused on {what}.",
           "Spin-off from a {region} research group, {name} brings {what} to market."],
    "fr": ["{name} développe des {what} pour les hôpitaux et cliniques de {region}.",
           "Fondée en {year}, {name} travaille sur les {what} avec des partenaires en {region}.",
           "{name} est une organisation basée à {city} spécialisée dans les {what}.",
           "Issue d'un laboratoire de recherche de {region}, {name} met sur le marché des {what}."],
    "gl": ["{name} desenvolve {what} para hospitais e clínicas de {region}.",
           "Fundada en {year}, {name} traballa en {what} con socios de {region}.",
           "{name} é unha organización con sede en {city} especializada en {what}.",
           "Spin-off dun grupo de investigación de {region}, {name} leva ao mercado {what}."],
    "pt": ["{name} desenvolve {what} para hospitais e clínicas da região {region}.",
           "Fundada em {year}, a {name} trabalha em {what} com parceiros da região {region}.",
           "A {name} é uma organização sediada em {city} especializada em {what}.",
           "Spin-off de um grupo de investigação da região {region}, a {name} leva ao mercado {what}."],
}
CAPS_INTRO = {"es": "Capacidades", "eu": "Gaitasunak", "en": "Capabilities", "fr": "Compétences",
              "gl": "Capacidades", "pt": "Competências"}
AND = {"es": "y", "eu": "eta", "en": "and", "fr": "et", "gl": "e", "pt": "e"}
# Capabilities, the same concept in the six languages (es, eu, en, fr, gl, pt).
CAPABILITIES = [
    ("ensayos clínicos", "entsegu klinikoak", "clinical trials", "essais cliniques", "ensaios clínicos", "ensaios clínicos"),
    ("impresión 3D", "3D inprimaketa", "3D printing", "impression 3D", "impresión 3D", "impressão 3D"),
    ("inteligencia artificial", "adimen artifiziala", "artificial intelligence", "intelligence artificielle", "intelixencia artificial", "inteligência artificial"),
    ("biomarcadores", "biomarkatzaileak", "biomarkers", "biomarqueurs", "biomarcadores", "biomarcadores"),
    ("medicina personalizada", "medikuntza pertsonalizatua", "personalised medicine", "médecine personnalisée", "medicina personalizada", "medicina personalizada"),
    ("telemedicina", "telemedikuntza", "telemedicine", "télémédecine", "telemedicina", "telemedicina"),
    ("rehabilitación", "errehabilitazioa", "rehabilitation", "rééducation", "rehabilitación", "reabilitação"),
    ("oncología", "onkologia", "oncology", "oncologie", "oncoloxía", "oncologia"),
    ("cardiología", "kardiologia", "cardiology", "cardiologie", "cardioloxía", "cardiologia"),
    ("neurociencias", "neurozientziak", "neurosciences", "neurosciences", "neurociencias", "neurociências"),
    ("envejecimiento activo", "zahartze aktiboa", "active ageing", "vieillissement actif", "envellecemento activo", "envelhecimento ativo"),
    ("microbioma", "mikrobioma", "microbiome", "microbiome", "microbioma", "microbioma"),
    ("nanomedicina", "nanomedikuntza", "nanomedicine", "nanomédecine", "nanomedicina", "nanomedicina"),
    ("imagen médica", "irudi medikoa", "medical imaging", "imagerie médicale", "imaxe médica", "imagem médica"),
    ("robótica quirúrgica", "robotika kirurgikoa", "surgical robotics", "robotique chirurgicale", "robótica cirúrxica", "robótica cirúrgica"),
    ("ciberseguridad", "zibersegurtasuna", "cybersecurity", "cybersécurité", "ciberseguridade", "cibersegurança"),
    ("validación clínica", "baliozkotze klinikoa", "clinical validation", "validation clinique", "validación clínica", "validação clínica"),
    ("farmacovigilancia", "farmakozaintza", "pharmacovigilance", "pharmacovigilance", "farmacovixilancia", "farmacovigilância"),
    ("bioimpresión", "bioinprimaketa", "bioprinting", "bio-impression", "bioimpresión", "bioimpressão"),
    ("vacunas", "txertoak", "vaccines", "vaccins", "vacinas", "vacinas"),
    ("anticuerpos monoclonales", "antigorputz monoklonalak", "monoclonal antibodies", "anticorps monoclonaux", "anticorpos monoclonais", "anticorpos monoclonais"),
    ("esterilización", "esterilizazioa", "sterilisation", "stérilisation", "esterilización", "esterilização"),
    ("ortopedia", "ortopedia", "orthopaedics", "orthopédie", "ortopedia", "ortopedia"),
    ("diabetes", "diabetesa", "diabetes", "diabète", "diabetes", "diabetes"),
]
LANG_INDEX = {"es": 0, "eu": 1, "en": 2, "fr": 3, "gl": 4, "pt": 5}
STOP = {"a", "al", "and", "de", "del", "des", "do", "da", "dos", "das", "e", "el", "en", "et", "eta", "for",
        "in", "la", "las", "le", "les", "los", "o", "of", "on", "os", "para", "the", "to", "un", "una", "une",
        "y", "con", "com", "with", "em", "from", "sur", "aux", "au", "du", "dun", "um", "uma", "is", "es", "est",
        "ao", "dans", "pour", "par", "across"}


def fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def load_nuts() -> dict[str, str]:
    try:
        root = ET.parse(NUTS_FILE).getroot()
        out = {}
        for row in root.iter("Row"):
            vals = {}
            for v in row.findall("Value"):
                sv = v.find("SimpleValue")
                if sv is not None and sv.text:
                    vals[v.get("ColumnRef")] = sv.text.strip()
            code = vals.get("code", "")
            if len(code) == 5 and (code.startswith(("ES21", "ES11", "PT11")) or code == "FRI15"):
                out[code] = vals.get("Name") or vals.get("eng_label") or code
        if len(out) < 8:
            raise ValueError("too few codes")
        return dict(sorted(out.items()))
    except Exception as e:  # noqa: BLE001
        print(f"gen: NUTS list not usable ({e}); using the fallback list", file=sys.stderr)
        return dict(FALLBACK_NUTS)


def load_cpv() -> list[str]:
    labels = []
    with open(CPV_FILE, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code8"][:2] in ("33", "38", "73", "85") and int(row["significant_digits"]) >= 4:
                labels.append(row["label_en"])
    return labels


def pick(r: random.Random, weighted):
    items, weights = zip(*weighted)
    return r.choices(items, weights=weights, k=1)[0]


def brand(r: random.Random, lang: str) -> str:
    roll = r.random()
    if roll < 0.40:
        return r.choice(WORDS[lang])
    if roll < 0.70:
        return r.choice(SCI) + fold(r.choice(WORDS[lang])).lower()
    if roll < 0.90:
        return r.choice(WORDS[lang]) + " " + r.choice(WORDS[lang if r.random() < 0.7 else "es"])
    return r.choice(SCI) + r.choice(["gen", "med", "lab", "tek", "care", "vita", "nova", "gune"])


def generate(n: int, seed: int):
    r = random.Random(seed)
    nuts = load_nuts()
    cpv = load_cpv()
    codes = list(nuts)
    weights = [REGION_WEIGHT[c[:4]] / sum(1 for d in codes if d[:4] == c[:4]) for c in codes]
    orgs = []
    for i in range(1, n + 1):
        territory = r.choices(codes, weights=weights, k=1)[0]
        country = territory[:2]
        if country == "FR":
            langs, brand_lang = ["fr"], "fr"
        elif country == "PT":
            langs, brand_lang = ["pt"], "pt"
        elif territory.startswith("ES21"):
            langs, brand_lang = (["eu", "es"] if r.random() < 0.7 else ["es"]), "eu"
        else:
            langs, brand_lang = (["gl", "es"] if r.random() < 0.5 else ["es"]), "gl"
        if r.random() < 0.6:
            langs.append("en")
        entity = pick(r, ENTITY_WEIGHTS)
        subsectors = r.sample(SUBSECTORS, 1 + (r.random() < 0.35) + (r.random() < 0.10))
        w = brand(r, brand_lang)
        if entity == "company":
            name = f"{w} {r.choice(SECTOR[subsectors[0]])} {r.choice(LEGAL[country])}"
        else:
            name = r.choice(INSTITUTION[entity][country]).format(w=w)
        city = r.choice(CITIES.get(territory, [nuts[territory]]))
        year = r.randint(1975, 2024)
        caps = r.sample(CAPABILITIES, r.randint(1, 3))
        texts = []
        for lang in langs:
            t = r.choice(TEMPLATES[lang]).format(name=name, what=WHAT[subsectors[0]][lang],
                                                 region=nuts[territory], city=city, year=year)
            cap = [c[LANG_INDEX[lang]] for c in caps]
            cap_text = cap[0] if len(cap) == 1 else ", ".join(cap[:-1]) + f" {AND[lang]} {cap[-1]}"
            t += f" {CAPS_INTRO[lang]}: {cap_text}."
            # A few texts arrive without their language.
            texts.append(["" if r.random() < 0.04 else lang, t])
        tags = r.sample(cpv, r.randint(2, 6))
        certs = sorted({pick(r, CERTIFICATIONS) for _ in range(r.choice([0, 0, 1, 1, 2, 3]))})
        trl = r.randint(1, 9) if entity in ("company", "research_centre", "technology_centre") and r.random() < 0.8 else None
        orgs.append({
            "id": i, "name": name, "texts": texts, "tags": tags, "entity_type": entity,
            "subsectors": subsectors, "typology": pick(r, TYPOLOGY_WEIGHTS), "territory": territory,
            "certifications": certs, "trl": trl,
            "value_chains": sorted(r.sample(VALUE_CHAINS, r.randint(1, 3))),
        })
    return orgs, nuts


WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)


def content_words(text: str) -> list[str]:
    return [w for w in WORD_RE.findall(text) if len(w) >= 5 and w.lower() not in STOP and not w.isdigit()]


def typo(r: random.Random, w: str) -> str:
    i = r.randrange(1, len(w) - 1)
    kind = r.choice(["sub", "del", "swap", "ins"])
    letters = "aeioubcdgklmnrstz"
    if kind == "sub":
        c = r.choice([c for c in letters if c != w[i].lower()])
        return w[:i] + c + w[i + 1:]
    if kind == "del":
        return w[:i] + w[i + 1:]
    if kind == "swap" and w[i] != w[i + 1]:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return w[:i] + r.choice(letters) + w[i:]


def random_filters(r: random.Random, nuts: dict[str, str]) -> dict:
    f = {}
    for _ in range(r.choice([1, 1, 2])):
        kind = r.choice(["subsectors", "territories", "certifications", "trl_min", "entity_types"])
        if kind == "subsectors":
            f[kind] = r.sample(SUBSECTORS, r.choice([1, 1, 2]))
        elif kind == "territories":
            f[kind] = [r.choice(["ES2", "ES21", "ES11", "PT11", "FRI15", r.choice(list(nuts))])]
        elif kind == "certifications":
            f[kind] = [r.choice(["iso13485", "iso9001", "gmp", "mdr_iia", "iso27001"])]
        elif kind == "trl_min":
            f[kind] = r.randint(3, 8)
        else:
            f[kind] = r.sample(["company", "research_centre", "hospital", "technology_centre"], r.choice([1, 2]))
    return f


KINDS = [("word", 30), ("two_words", 20), ("phrase", 15), ("name_typo", 15), ("name_word", 10),
         ("unaccented", 5), ("filters_only", 5)]


def make_queries(orgs, nuts, count: int, seed: int):
    r = random.Random(seed * 7919 + 1)
    out = []
    while len(out) < count:
        kind = pick(r, KINDS)
        org = r.choice(orgs)
        lang, text = r.choice(org["texts"])
        words = content_words(text)
        name_words = [w for w in re.findall(r"[^\W\d_]+", org["name"]) if len(w) >= 6 and w.lower() not in STOP]
        q = None
        if kind == "word":
            pool = words + [w for t in org["tags"] for w in content_words(t)]
            q = r.choice(pool) if pool else None
        elif kind == "two_words" and len(words) >= 2:
            a, b = r.sample(words, 2)
            q = f"{a} {b}"
        elif kind == "phrase":
            chunks = [WORD_RE.findall(c) for c in re.split(r"[,.:;]", text)]
            for _ in range(10):
                toks = r.choice(chunks)
                k = r.choice([2, 2, 3])
                i = r.randrange(0, max(1, len(toks) - k))
                span = toks[i:i + k]
                if len(span) == k and span[0].lower() not in STOP and span[-1].lower() not in STOP \
                        and all(len(t) >= 2 and not t.isdigit() for t in span) and span[0] != org["name"].split()[0]:
                    q = '"' + " ".join(span) + '"'
                    break
        elif kind == "name_typo" and name_words:
            q = typo(r, r.choice(name_words))
        elif kind == "name_word" and name_words:
            q = r.choice(name_words)
        elif kind == "unaccented":
            accented = [w for w in words if fold(w) != w]
            q = fold(r.choice(accented)) if accented else None
        elif kind == "filters_only":
            out.append({"id": len(out), "kind": kind, "text": "", "filters": random_filters(r, nuts)})
            continue
        if not q:
            continue
        filters = random_filters(r, nuts) if r.random() < 0.35 else {}
        out.append({"id": len(out), "kind": kind, "text": q, "filters": filters})
    # Prefixes for name completion: the first 2 to 6 letters of a name word.
    prefixes = []
    while len(prefixes) < 200:
        org = r.choice(orgs)
        ws = [w for w in re.findall(r"[^\W\d_]+", org["name"]) if len(w) >= 3]
        if ws:
            w = r.choice(ws)
            prefixes.append(w[: r.randint(2, min(6, len(w)))].lower())
    return {"queries": out, "prefixes": prefixes}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    orgs, nuts = generate(a.n, a.seed)
    with open(os.path.join(a.out, "orgs.jsonl"), "w", encoding="utf-8") as fh:
        for o in orgs:
            fh.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
    qs = make_queries(orgs, nuts, a.queries, a.seed)
    with open(os.path.join(a.out, "queries.json"), "w", encoding="utf-8") as fh:
        json.dump(qs, fh, ensure_ascii=False, indent=0)
    kinds = {}
    for q in qs["queries"]:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"gen: {a.n} organisations, {len(qs['queries'])} queries {kinds}, seed {a.seed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
