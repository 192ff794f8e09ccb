#!/usr/bin/env python3
"""The lxml peer of bench/eforms-parse: the fields clusterhub_watch::eforms::parse extracts from an
eForms notice, extracted with lxml, over the same files in the same order, until the same number
of bytes has been parsed. One process, one thread.

Approaches (--approach):
  xpath      etree.fromstring, then compiled etree.XPath expressions with namespace prefixes
  find       etree.fromstring, then ElementPath find/findall/findtext (Clark names)
  iterparse  etree.iterparse over the bytes, handling organisations, lots and results at their end
             tag and clearing them, the procedure-level fields at the end of the root

Every approach builds the same dict per notice (the shape of the Rust `Notice`) and counts it
with summary(), the same counts as the Rust example's Summary::of.
"""

import argparse
import io
import json
import os
import sys
import time
from datetime import date, datetime

from lxml import etree

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
}
FORMS = {
    "PriorInformationNotice": "prior_information",
    "ContractNotice": "contract",
    "ContractAwardNotice": "contract_award",
    "BusinessRegistrationInformationNotice": "business_registration",
}
# eForms languages (ISO 639-3 upper case) to ISO 639-1.
LANG = {
    "BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en", "EST": "et",
    "FIN": "fi", "FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu", "ITA": "it", "LAV": "lv",
    "LIT": "lt", "MLT": "mt", "NLD": "nl", "POL": "pl", "POR": "pt", "RON": "ro", "SLK": "sk",
    "SLV": "sl", "SPA": "es", "SWE": "sv", "EUS": "eu", "CAT": "ca", "GLG": "gl",
}
# No DTD, no entities (as the Rust parser); whitespace-only text and comments are not kept: the
# fields do not need them and libxml2 builds a smaller tree (about 25% faster on these files).
PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                      remove_blank_text=True, remove_comments=True)
PARSER = etree.XMLParser(**PARSER_OPTIONS)

EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"


def lang2(code):
    if not code:
        return ""
    return LANG.get(code.upper()) or code.lower()


def cents(text):
    """'12345.6' -> 1234560, exact (no float)."""
    text = text.strip()
    neg = text.startswith("-")
    if neg or text.startswith("+"):
        text = text[1:]
    whole, _, frac = text.partition(".")
    c = int(whole or "0") * 100 + int((frac + "00")[:2] or "0")
    return -c if neg else c


def money(el):
    if el is None or not el.text or not el.text.strip():
        return None
    return {"cents": cents(el.text), "currency": (el.get("currencyID") or "").upper()}


def parse_date(text):
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def parse_deadline(d, t):
    if not d:
        return None
    d = d.strip()
    day, zone = d[:10], d[10:]
    t = (t or "").strip()
    try:
        if t:
            # The time carries its own offset; else the date's.
            if len(t) > 8 and t[8] in "+-Z":
                return datetime.fromisoformat(f"{day}T{t.replace('Z', '+00:00')}")
            return datetime.fromisoformat(f"{day}T{t}{zone.replace('Z', '+00:00')}")
        return datetime.fromisoformat(f"{day}T00:00:00{zone.replace('Z', '+00:00')}")
    except ValueError:
        return None


def summary(n):
    """The Rust example's Summary::of."""
    s = {
        "notices": 1,
        "lots": len(n["lots"]),
        "buyers": len(n["buyers"]),
        "parties": len(n["parties"]),
        "cpv": (1 if n["cpv_main"] else 0) + len(n["cpv_additional"]),
        "places": len(n["places"]),
        "texts": len(n["title"]) + len(n["description"]),
        "awards": len(n["awards"]),
        "winners": 0,
        "links": len(n["links"]),
        "deadlines": 0,
        "estimated_cents": n["estimated_value"]["cents"] if n["estimated_value"] else 0,
        "awarded_cents": n["awarded_value"]["cents"] if n["awarded_value"] else 0,
    }
    for lot in n["lots"]:
        s["cpv"] += (1 if lot["cpv_main"] else 0) + len(lot["cpv_additional"])
        s["places"] += len(lot["places"])
        s["texts"] += len(lot["title"]) + len(lot["description"])
        s["deadlines"] += 1 if lot["deadline"] else 0
        if lot["estimated_value"]:
            s["estimated_cents"] += lot["estimated_value"]["cents"]
    for p in n["parties"]:
        s["texts"] += len(p["name"])
    for a in n["awards"]:
        s["winners"] += len(a["winners"])
        if a["value"]:
            s["awarded_cents"] += a["value"]["cents"]
    return s


SUMMARY_KEYS = list(summary({
    "lots": [], "buyers": [], "parties": [], "cpv_main": None, "cpv_additional": [], "places": [],
    "title": [], "description": [], "awards": [], "links": [], "estimated_value": None,
    "awarded_value": None}))


# --- the extraction, written once against a small query interface ------------------------------------

class FindQ:
    """ElementPath: find/findall/findtext with prefixes turned into Clark names once."""

    def __init__(self):
        self.cache = {}

    def clark(self, path):
        c = self.cache.get(path)
        if c is None:
            parts = []
            for step in path.split("/"):
                if ":" in step and not step.startswith("{"):
                    pre, _, local = step.partition(":")
                    pred = ""
                    if "[" in local:
                        local, _, pred = local.partition("[")
                        pred = "[" + pred
                    step = "{%s}%s%s" % (NS[pre], local, pred)
                parts.append(step)
            c = self.cache[path] = "/".join(parts)
        return c

    def all(self, el, path):
        return el.findall(self.clark(path))

    def first(self, el, path):
        return el.find(self.clark(path))

    def text(self, el, path):
        t = el.findtext(self.clark(path))
        return t.strip() if t else None


class XPathQ:
    """Compiled etree.XPath objects, one per path, with the namespace prefixes."""

    def __init__(self):
        self.cache = {}

    def xp(self, path):
        x = self.cache.get(path)
        if x is None:
            x = self.cache[path] = etree.XPath(path, namespaces=NS)
        return x

    def all(self, el, path):
        return self.xp(path)(el)

    def first(self, el, path):
        r = self.xp(path)(el)
        return r[0] if r else None

    def text(self, el, path):
        r = self.xp(path + "/text()")(el)
        if not r:
            return None
        t = r[0].strip()
        return t or None


def texts(q, el, path):
    out = []
    for t in q.all(el, path):
        v = (t.text or "").strip()
        if v:
            out.append((lang2(t.get("languageID")), v))
    return out


def codes(q, el, path):
    out = []
    for c in q.all(el, path):
        v = (c.text or "").strip()
        if v:
            out.append(v)
    return out


def unique_codes(q, el, path, cpv=False):
    """Distinct codes in document order; with `cpv`, only those of the CPV list (listName cpv,
    empty or absent), as the Rust parser reads them."""
    out = []
    for c in q.all(el, path):
        if cpv and c.get("listName") not in (None, "", "cpv"):
            continue
        v = (c.text or "").strip()
        if v and v not in out:
            out.append(v)
    return out


def push_unique(out, v):
    if v and v not in out:
        out.append(v)


def organisation(q, org):
    company = q.first(org, "efac:Company")
    if company is None:
        return None
    return {
        "id": q.text(company, "cac:PartyIdentification/cbc:ID") or "",
        "name": texts(q, company, "cac:PartyName/cbc:Name"),
        "country": q.text(company, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
        "nuts": q.text(company, "cac:PostalAddress/cbc:CountrySubentityCode"),
        "city": q.text(company, "cac:PostalAddress/cbc:CityName"),
        "legal_type": None,
        "website": q.text(company, "cbc:WebsiteURI"),
        "email": q.text(company, "cac:Contact/cbc:ElectronicMail"),
    }


def project_fields(q, project, into):
    main = unique_codes(q, project, "cac:MainCommodityClassification/cbc:ItemClassificationCode", cpv=True)
    into["cpv_main"] = main[0] if main else None
    into["cpv_additional"] = unique_codes(
        q, project, "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode", cpv=True)
    into["places"] = unique_codes(q, project, "cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode")
    into["estimated_value"] = money(q.first(project, "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"))


def lot(q, el):
    """A lot (schemeName Lot or Part), or None for a group of lots (LotsGroup)."""
    lot_id = q.first(el, "cbc:ID")
    if lot_id is None or lot_id.get("schemeName") not in ("Lot", "Part"):
        return None
    project = q.first(el, "cac:ProcurementProject")
    out = {"id": (lot_id.text or "").strip(), "title": [], "description": [], "cpv_main": None,
           "cpv_additional": [], "places": [], "estimated_value": None, "deadline": None,
           "nature": None, "innovation": None}
    if project is not None:
        out["title"] = texts(q, project, "cbc:Name")
        out["description"] = texts(q, project, "cbc:Description")
        project_fields(q, project, out)
        out["nature"] = q.text(project, "cbc:ProcurementTypeCode[@listName='contract-nature']")
        for code in codes(q, project, "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode[@listName='innovative-acquisition']"):
            if code != "none":
                out["innovation"] = code
    tp = q.first(el, "cac:TenderingProcess")
    if tp is not None:
        # The tender deadline, else the deadline for requests to participate.
        out["deadline"] = parse_deadline(
            q.text(tp, "cac:TenderSubmissionDeadlinePeriod/cbc:EndDate"),
            q.text(tp, "cac:TenderSubmissionDeadlinePeriod/cbc:EndTime"))
        if out["deadline"] is None:
            out["deadline"] = parse_deadline(
                q.text(tp, "cac:ParticipationRequestReceptionPeriod/cbc:EndDate"),
                q.text(tp, "cac:ParticipationRequestReceptionPeriod/cbc:EndTime"))
    return out


LINK_PATHS = [
    ".//cbc:BuyerProfileURI",
    ".//cac:CallForTendersDocumentReference/cac:Attachment/cac:ExternalReference/cbc:URI",
    ".//cac:TenderRecipientParty/cbc:EndpointID",
    ".//cbc:AuctionURI",
    ".//cbc:AccessToolsURI",
]


def links_in(q, el, links):
    """Procurement documents, buyer profile, submission, auction and tool URLs anywhere under `el`."""
    for path in LINK_PATHS:
        for u in codes(q, el, path):
            push_unique(links, u)


def results(q, nr):
    """(awarded total, awards) from efac:NoticeResult: one award per lot result; winners and value
    from its tenders when it selected a winner (or has no status)."""
    total = money(q.first(nr, "cbc:TotalAmount")) or money(
        q.first(nr, "efbc:OverallApproximateFrameworkContractsAmount"))
    tendering_parties = {}
    for tp in q.all(nr, "efac:TenderingParty"):
        tendering_parties[q.text(tp, "cbc:ID")] = codes(q, tp, "efac:Tenderer/cbc:ID")
    tenders = {}
    for t in q.all(nr, "efac:LotTender"):
        tenders[q.text(t, "cbc:ID")] = (
            q.text(t, "efac:TenderingParty/cbc:ID"),
            money(q.first(t, "cac:LegalMonetaryTotal/cbc:PayableAmount")),
            q.text(t, "efac:TenderLot/cbc:ID"),
        )
    awards = []
    for lr in q.all(nr, "efac:LotResult"):
        lot_id = q.text(lr, "efac:TenderLot/cbc:ID") or ""
        winners, value, mixed = [], None, False
        if q.text(lr, "cbc:TenderResultCode") in (None, "selec-w"):
            for tid in codes(q, lr, "efac:LotTender/cbc:ID"):
                party, amount, tender_lot = tenders.get(tid, (None, None, None))
                # A tender for a group of lots counts for its winners, not for this lot's value.
                if amount and tender_lot in (None, lot_id):
                    if value is None:
                        value = dict(amount)
                    elif value["currency"] == amount["currency"]:
                        value["cents"] += amount["cents"]
                    else:
                        mixed = True
                for org in tendering_parties.get(party, []):
                    push_unique(winners, org)
        awards.append({"lot_id": lot_id, "winners": winners, "value": None if mixed else value})
    return total, awards


def notice_head(q, root):
    tag = etree.QName(root).localname
    ext = q.first(root, EXT)
    n = {
        "id": q.text(root, "cbc:ID[@schemeName='notice-id']") or q.text(root, "cbc:ID") or "",
        "version": q.text(root, "cbc:VersionID") or "",
        "form": FORMS.get(tag),
        "subtype": "", "changes": None, "publication_date": None, "publication_id": None,
        "notice_type": q.text(root, "cbc:NoticeTypeCode") or "",
        "language": lang2(q.text(root, "cbc:NoticeLanguageCode")),
        "issue_date": parse_date(q.text(root, "cbc:IssueDate")),
        "procedure": q.text(root, "cac:TenderingProcess/cbc:ProcedureCode"),
        "title": [], "description": [], "cpv_main": None, "cpv_additional": [], "places": [],
        "estimated_value": None, "awarded_value": None, "parties": [], "buyers": [], "lots": [],
        "awards": [], "links": [],
    }
    if ext is not None:
        n["subtype"] = q.text(ext, "efac:NoticeSubType/cbc:SubTypeCode") or ""
        n["changes"] = q.text(ext, "efac:Changes/efbc:ChangedNoticeIdentifier")
        n["publication_date"] = parse_date(q.text(ext, "efac:Publication/efbc:PublicationDate"))
        n["publication_id"] = q.text(ext, "efac:Publication/efbc:NoticePublicationID")
    project = q.first(root, "cac:ProcurementProject")
    if project is not None:
        n["title"] = texts(q, project, "cbc:Name")
        n["description"] = texts(q, project, "cbc:Description")
        project_fields(q, project, n)
    legal = {}
    for cp in q.all(root, "cac:ContractingParty"):
        for bid in codes(q, cp, "cac:Party/cac:PartyIdentification/cbc:ID"):
            push_unique(n["buyers"], bid)
            legal.setdefault(bid, q.text(cp, "cac:ContractingPartyType/cbc:PartyTypeCode[@listName='buyer-legal-type']"))
    n["_legal"] = legal
    return n


def finish(n):
    legal = n.pop("_legal")
    for p in n["parties"]:
        if p["id"] in legal:
            p["legal_type"] = legal[p["id"]]
    return n


def notice_tree(q, root):
    """fromstring approaches: the whole tree is there."""
    n = notice_head(q, root)
    ext = q.first(root, EXT)
    if ext is not None:
        for org in q.all(ext, "efac:Organizations/efac:Organization"):
            p = organisation(q, org)
            if p is not None:
                n["parties"].append(p)
        nr = q.first(ext, "efac:NoticeResult")
        if nr is not None:
            n["awarded_value"], n["awards"] = results(q, nr)
    for el in q.all(root, "cac:ProcurementProjectLot"):
        one = lot(q, el)
        if one is not None:
            n["lots"].append(one)
    links_in(q, root, n["links"])
    return finish(n)


def parse_fromstring(q):
    def parse(data):
        return notice_tree(q, etree.fromstring(data, PARSER))
    return parse


def parse_iterparse():
    q = FindQ()
    org_tag = "{%s}Organization" % NS["efac"]
    lot_tag = "{%s}ProcurementProjectLot" % NS["cac"]
    result_tag = "{%s}NoticeResult" % NS["efac"]
    tags = [org_tag, lot_tag, result_tag]

    def parse(data):
        parties, lots, links, result = [], [], [], None
        events = etree.iterparse(io.BytesIO(data), events=("end",), tag=tags, **PARSER_OPTIONS)
        for _, el in events:
            tag = el.tag
            if tag == org_tag:
                p = organisation(q, el)
                if p is not None:
                    parties.append(p)
                el.clear()
            elif tag == lot_tag:
                one = lot(q, el)
                if one is not None:
                    lots.append(one)
                links_in(q, el, links)
                el.clear()
            elif tag == result_tag:
                result = results(q, el)
                el.clear()
        root = events.root
        n = notice_head(q, root)
        n["parties"] = parties
        n["lots"] = lots
        links_in(q, root, links)
        n["links"] = links
        if result is not None:
            n["awarded_value"], n["awards"] = result
        return finish(n)
    return parse


def thread_sched():
    try:
        with open("/proc/thread-self/schedstat") as fh:
            cpu, wait = fh.read().split()[:2]
        return int(cpu) / 1e9, int(wait) / 1e9
    except OSError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--size-mb", type=float, default=1000)
    ap.add_argument("--approach", choices=["xpath", "find", "iterparse"], default="xpath")
    ap.add_argument("--per-file-ms", type=float, default=40)
    ap.add_argument("--same-files-as", metavar="JSON",
                    help="the Rust example's output: parse the files it parsed (it leaves out any it refuses)")
    ap.add_argument("--out")
    a = ap.parse_args()

    if a.same_files_as:
        with open(a.same_files_as) as fh:
            names = [f["name"] for f in json.load(fh)["per_file"]]
    else:
        names = sorted(f for f in os.listdir(a.dir) if f.endswith(".xml") and not f.startswith("INVALID_"))
    files = []
    for name in names:
        with open(os.path.join(a.dir, name), "rb") as fh:
            files.append((name, fh.read()))
    parse = {"xpath": lambda: parse_fromstring(XPathQ()),
             "find": lambda: parse_fromstring(FindQ()),
             "iterparse": parse_iterparse}[a.approach]()

    per_file = []
    for name, data in files:
        per_file.append({"name": name, "bytes": len(data), "summary": summary(parse(data))})

    target = int(a.size_mb * 1_000_000)
    total = dict.fromkeys(SUMMARY_KEYS, 0)
    parsed = 0
    sched0 = thread_sched()
    start = time.perf_counter()
    done = False
    while not done:
        for _, data in files:
            s = summary(parse(data))
            for k, v in s.items():
                total[k] += v
            parsed += len(data)
            if parsed >= target:
                done = True
                break
    seconds = time.perf_counter() - start
    sched1 = thread_sched()
    cpu = wait = None
    if sched0 and sched1:
        cpu, wait = sched1[0] - sched0[0], sched1[1] - sched0[1]
    mbps = parsed / 1e6 / seconds
    print(f"lxml {etree.__version__} ({a.approach}): {parsed / 1e6:.1f} MB in {seconds:.2f} s = {mbps:.1f} MB/s, "
          f"{total['notices']} notices" + (f" (CPU {cpu:.2f} s, waited for a core {wait:.2f} s)" if cpu else ""),
          file=sys.stderr)

    for f, (_, data) in zip(per_file, files):
        n = 0
        t0 = time.perf_counter()
        while n < 3 or time.perf_counter() - t0 < a.per_file_ms / 1000:
            parse(data)
            n += 1
        f["mb_per_s"] = n * len(data) / 1e6 / (time.perf_counter() - t0)

    out = {
        "engine": f"lxml-{a.approach}",
        "approach": a.approach,
        "lxml": etree.__version__,
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "python": sys.version.split()[0],
        "files": len(files),
        "bytes_per_round": sum(len(d) for _, d in files),
        "target_bytes": target,
        "bytes": parsed,
        "seconds": seconds,
        "mb_per_s": mbps,
        "cpu_seconds": cpu,
        "wait_seconds": wait,
        "mb_per_cpu_s": parsed / 1e6 / cpu if cpu else None,
        "notices_per_s": total["notices"] / seconds,
        "summary": total,
        "per_file": per_file,
    }
    text = json.dumps(out, indent=1)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
