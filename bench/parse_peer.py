#!/usr/bin/python3
"""Python reference for bench/truth_eval.cc: parse + extract on the same pages.

Reads the advert pages truth_eval saved (PAGES/index.tsv: file, site, path;
PAGES/fields.json: the sites' field selectors), and for each page does what a
typical Python scraper would: BeautifulSoup(html, "lxml"), the site's field
selectors (soupsieve), text of every selected field, tel:/sms:/wa.me links and
data-* attributes inside them, JSON-LD scripts, phones with
phonenumbers.PhoneNumberMatcher (region GB, then HU and RO, Leniency.VALID, as
bench/phone_peer.py) and e-mails with a regex. Timed over --runs runs (pages
already in memory): median pages/s wall and per CPU-second.

Then scores phones against truth.jsonl: per advert (every number written
somewhere other than an image; this peer does no OCR) and per written style,
scoped to where the occurrence is (a description occurrence counts only when
found in the description element). Prints a table and, last, one JSON line.

  bench/parse_peer.py /tmp/admon_truth_eval/seed-7/pages --truth /tmp/admon_truth_eval/seed-7/corpus/truth.jsonl
"""
import argparse
import collections
import json
import os
import re
import statistics
import sys
import time

from bs4 import BeautifulSoup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from phone_peer import peer as match_phones  # noqa: E402  (phonenumbers, GB then HU, RO)

import phonenumbers as pn  # noqa: E402

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
WA_LINK = re.compile(r"(?:wa\.me/|phone=)\+?(\d{7,15})")
DESCRIPTION, PHONE_FIELD, SCRIPT = "description", "phone", "script"


def link_phones(href):
    """E.164 numbers in a tel:/sms:/wa.me link target."""
    out = set()
    h = href.strip()
    if h[:4].lower() in ("tel:", "sms:"):
        out |= match_phones(h[4:].split("?")[0])
    m = WA_LINK.search(h)
    if m:
        try:
            n = pn.parse("+" + m.group(1), None)
            if pn.is_valid_number(n):
                out.add(pn.format_number(n, pn.PhoneNumberFormat.E164))
        except pn.NumberParseException:
            pass
    return out


def element_phones(el):
    """Phones in an element's text, data-* attributes and links inside it."""
    found = match_phones(el.get_text(" "))
    for node in [el] + el.find_all(True):
        for name, value in node.attrs.items():
            if name.startswith("data-") and isinstance(value, str):
                found |= match_phones(value)
        href = node.get("href")
        if isinstance(href, str):
            found |= link_phones(href)
    return found


def json_strings(v):
    if isinstance(v, dict):
        for x in v.values():
            yield from json_strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from json_strings(x)
    elif isinstance(v, str):
        yield v


def extract(html, fields):
    """{where: set(e164)} and the set of e-mail addresses of one page."""
    soup = BeautifulSoup(html, "lxml")
    phones = collections.defaultdict(set)
    emails = set()
    for field, selector in fields.items():
        for el in soup.select(selector):
            if field == "images":
                continue
            text = el.get_text(" ")
            emails |= {e.lower() for e in EMAIL.findall(text)}
            if field in (DESCRIPTION, PHONE_FIELD, "title"):
                phones[field] |= element_phones(el)
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            doc = json.loads(script.string or "")
        except ValueError:
            continue
        for s in json_strings(doc):
            phones[SCRIPT] |= match_phones(s)
    return phones, emails


def where_set(phones, where):
    if where == "description":
        return phones[DESCRIPTION]
    if where in ("field", "attribute", "link"):
        return phones[PHONE_FIELD]
    if where == "script":
        return phones[SCRIPT]
    return set()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with open(os.path.join(args.pages, "fields.json"), encoding="utf-8") as f:
        fields = json.load(f)
    pages = []
    with open(os.path.join(args.pages, "index.tsv"), encoding="utf-8") as f:
        for line in f:
            name, site, path = line.rstrip("\n").split("\t")
            with open(os.path.join(args.pages, name), "rb") as p:
                pages.append((site, path, p.read()))
    truth = {}
    with open(args.truth, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            truth[t["site"] + t["url"]] = t

    rates, cpu_rates, results = [], [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        results = [extract(body, fields[site]) for site, _, body in pages]
        rates.append(len(pages) / (time.perf_counter() - t0))
        cpu_rates.append(len(pages) / (time.process_time() - c0))

    tp = fn = fp = 0
    styles = collections.defaultdict(lambda: [0, 0])
    for (site, path, _), (phones, _emails) in zip(pages, results):
        t = truth.get(site + path)
        if t is None:
            continue
        want = {o["phone"] for o in t["phone_styles"] if o["where"] != "image"}
        got = set().union(*phones.values()) if phones else set()
        tp += len(want & got)
        fn += len(want - got)
        fp += len(got - set(t["phones"]))
        for o in t["phone_styles"]:
            if o["where"] == "image":
                continue
            s = styles[o["style"]]
            s[0] += 1
            s[1] += o["phone"] in where_set(phones, o["where"])
    recall = tp / max(1, tp + fn)
    precision = tp / max(1, tp + fp)
    print(f"peer phones (text-visible) recall {recall:.4f} precision {precision:.4f} (tp {tp}, fn {fn}, fp {fp})")
    for name in sorted(styles):
        n, found = styles[name]
        print(f"  peer phone {name:18s} {n:6d} {found:6d}  {found / n:.4f}")
    out = {
        "pages": len(pages),
        "runs": args.runs,
        "pages_per_s": statistics.median(rates),
        "pages_per_cpu_s": statistics.median(cpu_rates),
        "phone_recall": recall,
        "phone_precision": precision,
        "phone_style_recall": {k: {"n": v[0], "found": v[1], "rate": v[1] / v[0]} for k, v in sorted(styles.items())},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
