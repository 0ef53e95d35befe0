#!/usr/bin/python3
"""Python reference pipeline for bench/pipeline_bench.sh (issue 10).

Reads what `build/bench/pipeline_bench` exported from a crawled database (the
same stored bytes `admon process` reads): EXPORT/pages.tsv + pages/*.html,
EXPORT/images.tsv + images/<sha256>, EXPORT/fields.json. Everything is read
into memory first (read time reported, not timed). Then, per advert, what a
plain Python pipeline built from Debian packages would do:

  parse     lxml.html (python3-lxml 4.9), the site's field selectors
            (lxml.cssselect, compiled once), field texts, image URLs
  extract   phones: phonenumbers.PhoneNumberMatcher (python3-phonenumbers,
            region GB then HU and RO, Leniency.VALID, as bench/phone_peer.py)
            over title, description and phone field text, data-* attributes
            and tel:/sms:/wa.me links inside the phone field, JSON-LD strings;
            e-mails and handles with a regex each; age as an integer
  images    per image URL: sha256 of the bytes; new bodies only (as admon):
            PIL decode (python3-pil 9.4) with draft() = reduced JPEG decode,
            grey 32x32, 2-D DCT (python3-scipy), 8x8 low frequencies > median
            = 64-bit pHash (the imagehash.phash algorithm)
  score     the advert-scope indicators of config/indicators.yaml that are
            simple: `patterns` (+ `exclude`, `fields`) as Python `re`
            (case-insensitive, \\b(?:...)\\b, one alternation per indicator),
            `emoji`, `age`, `nationality`; the catalogue's logistic score
  link      union-find in a dict over exact identifiers: phone, e-mail,
            handle, pHash value (admon's linker also does near-duplicate
            pHash search and text similarity, and stores its index)
  encode    json.dumps of the advert record (kept in memory; nothing on disk)

Prints per-stage ns/advert and, last, one JSON line. --runs N repeats the
whole pass from a cold state (no cached image hashes, empty link index).

  bench/pipeline_peer.py /work/notes/pipe/export --indicators config/indicators.yaml --runs 1
"""
import argparse
import hashlib
import io
import json
import math
import os
import re
import statistics
import sys
import time
from urllib.parse import urljoin

import lxml.html
import numpy as np
import scipy.fftpack
import yaml
from lxml.cssselect import CSSSelector
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from phone_peer import peer as match_phones  # noqa: E402  (GB, then HU and RO)
from parse_peer import json_strings, link_phones  # noqa: E402  (tel:/sms:/wa.me targets, JSON-LD strings)

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
HANDLE = re.compile(
    r"(?:(?:t\.me|instagram\.com|snapchat\.com/add|onlyfans\.com)/|"
    r"\b(?:snap(?:chat)?|telegram|insta(?:gram)?|kik|onlyfans)\s*[:\-]?\s*@?)([A-Za-z0-9_.]{3,30})",
    re.I)
DIGITS = re.compile(r"\d+")
LIST_FIELDS = ("price", "services", "nationality", "languages")
DEFAULT_TEXT_FIELDS = ("title", "description", "name", "location_text", "services")
PARSER = lxml.html.HTMLParser(encoding="utf-8")


class Indicators:
    """The simple advert-scope detectors of the catalogue, compiled once."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        self.scoring = doc["scoring"]["advert"]
        self.rules, self.skipped = [], []
        for ind in doc["indicators"]:
            if ind.get("scope") != "advert":
                continue
            det = ind["detector"]
            weight = -ind["weight"] if ind.get("counter") else ind["weight"]
            rule = {"id": ind["id"], "weight": weight, "urgent": ind.get("urgent", False)}
            try:
                if "patterns" in det:
                    rule["kind"] = "patterns"
                    rule["re"] = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in det["patterns"]) + r")\b", re.I)
                    ex = det.get("exclude")
                    rule["exclude"] = (re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in ex) + r")\b", re.I)
                                       if ex else None)
                    rule["fields"] = tuple(det.get("fields", DEFAULT_TEXT_FIELDS))
                elif "emoji" in det:
                    rule["kind"] = "emoji"
                    rule["emoji"] = [e.replace("\ufe0f", "") for e in det["emoji"]]
                elif "age" in det:
                    rule["kind"], rule["min"], rule["max"] = "age", det["age"]["min"], det["age"]["max"]
                elif "nationality" in det:
                    rule["kind"] = "nationality"
                    rule["except"] = {n.lower() for n in det["nationality"]["except"]}
                else:
                    self.skipped.append(ind["id"])
                    continue
            except re.error as e:
                self.skipped.append(f"{ind['id']} ({e})")
                continue
            self.rules.append(rule)

    def score(self, rec):
        texts = {}
        for field in DEFAULT_TEXT_FIELDS:
            v = rec.get(field)
            texts[field] = " \n ".join(v) if isinstance(v, list) else (v or "")
        everything = None
        total, urgent, fired = 0.0, False, []
        for r in self.rules:
            hit = False
            kind = r["kind"]
            if kind == "patterns":
                for field in r["fields"]:
                    text = texts.get(field, "")
                    for m in r["re"].finditer(text):
                        if r["exclude"] is not None:
                            a, b = m.span()
                            if any(x.start() < b and a < x.end() for x in r["exclude"].finditer(text)):
                                continue
                        hit = True
                        break
                    if hit:
                        break
            elif kind == "emoji":
                if everything is None:
                    everything = "\n".join(texts.values()).replace("\ufe0f", "")
                hit = any(e in everything for e in r["emoji"])
            elif kind == "age":
                hit = rec.get("age") is not None and r["min"] <= rec["age"] <= r["max"]
            elif kind == "nationality":
                hit = any(n.lower() not in r["except"] for n in rec.get("nationality", []))
            if hit:
                fired.append(r["id"])
                total += r["weight"]
                urgent = urgent or r["urgent"]
        bias, scale = self.scoring["bias"], self.scoring["scale"]
        s = lambda x: 1.0 / (1.0 + math.exp(-(x - bias) / scale))  # noqa: E731
        score = max(0.0, (s(total) - s(0)) / (1 - s(0)))
        flag = "urgent" if urgent or score >= self.scoring["urgent_at"] else (
            "review" if score >= self.scoring["review_at"] else "none")
        return {"score": score, "flag": flag, "fired": fired}


class UnionFind:
    """Identifier linking: a dict from identifier to advert and parent links."""

    def __init__(self):
        self.parent, self.owner = {}, {}

    def find(self, x):
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def add(self, advert, keys):
        self.parent[advert] = advert
        for k in keys:
            other = self.owner.setdefault(k, advert)
            if other != advert:
                a, b = self.find(advert), self.find(other)
                if a != b:
                    self.parent[b] = a

    def clusters(self):
        return len({self.find(a) for a in self.parent})


def phash(data):
    im = Image.open(io.BytesIO(data))
    im.draft("L", (64, 64))  # JPEG DCT-domain reduction, as admon's IMREAD_REDUCED_* (short side >= 64)
    a = np.asarray(im.convert("L").resize((32, 32), Image.BILINEAR), dtype=np.float64)
    d = scipy.fftpack.dct(scipy.fftpack.dct(a, axis=0, norm="ortho"), axis=1, norm="ortho")[:8, :8]
    return int.from_bytes(np.packbits(d.flatten() > np.median(d)).tobytes(), "big")


def squash(text):
    return " ".join(text.split())


def parse(body, url, selectors):
    """Fields, phone-field elements and JSON-LD texts of one advert page."""
    doc = lxml.html.document_fromstring(body, parser=PARSER)
    rec, phone_els = {"url": url}, []
    for field, sel in selectors.items():
        els = sel(doc)
        if field == "images":
            rec["images"] = [urljoin(url, e.get("src")) for e in els if e.get("src")]
        elif field == "profile":
            rec["profile_url"] = urljoin(url, els[0].get("href", "")) if els else ""
        elif field in LIST_FIELDS:
            rec[field] = [t for t in (squash(e.text_content()) for e in els) if t]
        else:
            if field == "phone":
                phone_els = els
            key = "location_text" if field == "location" else field
            rec[key] = squash(els[0].text_content()) if els else ""
    scripts = doc.xpath('//script[@type="application/ld+json"]/text()')
    return rec, phone_els, scripts


def extract(rec, phone_els, scripts):
    phones, emails, handles = set(), set(), set()
    for field in ("title", "description", "phone"):
        text = rec.get(field, "")
        if text:
            phones |= match_phones(text)
            emails |= {e.lower() for e in EMAIL.findall(text)}
    for el in phone_els:
        for node in el.iter():
            for name, value in node.attrib.items():
                if name.startswith("data-"):
                    phones |= match_phones(value)
            href = node.get("href")
            if href:
                phones |= link_phones(href)
    for s in scripts:
        try:
            for text in json_strings(json.loads(s)):
                phones |= match_phones(text)
        except ValueError:
            pass
    for m in HANDLE.finditer(rec.get("description", "")):
        handles.add(m.group(1).lower())
    m = DIGITS.search(rec.get("age", "") or "")
    rec["age"] = int(m.group()) if m else None
    rec["phones"], rec["emails"], rec["handles"] = sorted(phones), sorted(emails), sorted(handles)


def run(pages, image_by_url, image_bytes, selectors, indicators):
    stages = dict.fromkeys(("parse", "extract", "images", "score", "link", "encode"), 0)
    hashes, links, stored = {}, UnionFind(), []
    decoded = flagged = phones = 0
    clock = time.perf_counter_ns
    t_wall, t_cpu = time.perf_counter(), time.process_time()
    for i, (site, url, body) in enumerate(pages):
        t0 = clock()
        rec, phone_els, scripts = parse(body, url, selectors[site])
        t1 = clock()
        extract(rec, phone_els, scripts)
        t2 = clock()
        image_hashes = []
        for u in rec.get("images", []):
            sha = image_by_url.get(u)
            data = image_bytes.get(sha) if sha else None
            if data is None:
                continue
            sha = hashlib.sha256(data).hexdigest()  # admon reads it from the capture record
            h = hashes.get(sha)
            if h is None:
                try:
                    h = phash(data)
                except (OSError, ValueError):
                    h = -1
                hashes[sha] = h
                decoded += 1
            image_hashes.append(h)
        rec["image_phashes"] = image_hashes
        t3 = clock()
        rec["score"] = indicators.score(rec)
        flagged += rec["score"]["flag"] != "none"
        phones += len(rec["phones"])
        t4 = clock()
        keys = [f"p:{p}" for p in rec["phones"]] + [f"e:{e}" for e in rec["emails"]] + \
               [f"h:{h}" for h in rec["handles"]] + [f"i:{h}" for h in image_hashes if h >= 0]
        links.add(i, keys)
        t5 = clock()
        stored.append(json.dumps(rec, ensure_ascii=False))
        t6 = clock()
        stages["parse"] += t1 - t0
        stages["extract"] += t2 - t1
        stages["images"] += t3 - t2
        stages["score"] += t4 - t3
        stages["link"] += t5 - t4
        stages["encode"] += t6 - t5
    wall, cpu = time.perf_counter() - t_wall, time.process_time() - t_cpu
    return {"adverts": len(pages), "wall_s": wall, "cpu_s": cpu, "adverts_per_s": len(pages) / wall,
            "adverts_per_cpu_s": len(pages) / cpu, "images_decoded": decoded, "flagged": flagged,
            "clusters": links.clusters(), "phones": phones,
            "stage_ns_per_advert": {k: v / max(1, len(pages)) for k, v in stages.items()}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("export", help="directory written by build/bench/pipeline_bench")
    ap.add_argument("--indicators", default="config/indicators.yaml")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-images", action="store_true", help="skip image decode+hash (compare with admon's)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with open(os.path.join(args.export, "fields.json"), encoding="utf-8") as f:
        fields = json.load(f)
    selectors = {site: {k: CSSSelector(v) for k, v in sel.items() if isinstance(v, str)}
                 for site, sel in fields.items()}
    pages = []
    with open(os.path.join(args.export, "pages.tsv"), encoding="utf-8") as f:
        for line in f:
            name, site, url = line.rstrip("\n").split("\t")
            with open(os.path.join(args.export, "pages", name), "rb") as p:
                pages.append((site, url, p.read()))
    image_by_url, image_bytes = {}, {}
    if not args.no_images:
        with open(os.path.join(args.export, "images.tsv"), encoding="utf-8") as f:
            for line in f:
                url, sha = line.rstrip("\n").split("\t")
                image_by_url[url] = sha
        for sha in set(image_by_url.values()):
            with open(os.path.join(args.export, "images", sha), "rb") as p:
                image_bytes[sha] = p.read()
    indicators = Indicators(args.indicators)
    read_s = time.perf_counter() - t0
    results = [run(pages, image_by_url, image_bytes, selectors, indicators) for _ in range(args.runs)]
    best = sorted(results, key=lambda r: r["cpu_s"])[len(results) // 2]
    out = dict(best)
    out["read_s"] = read_s
    out["runs"] = args.runs
    out["median_adverts_per_s"] = statistics.median(r["adverts_per_s"] for r in results)
    out["median_adverts_per_cpu_s"] = statistics.median(r["adverts_per_cpu_s"] for r in results)
    out["indicators_used"] = len(indicators.rules)
    out["indicators_skipped"] = indicators.skipped
    out["images"] = not args.no_images
    for k, v in best["stage_ns_per_advert"].items():
        print(f"peer {k:8s} {v / 1000:10.1f} us/advert")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
