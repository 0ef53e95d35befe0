#!/usr/bin/env python3
"""Phone recall/precision: admon's extractor vs python3-phonenumbers.

Reads a TSV of (text, expected_e164 or empty; \\n and \\t escaped) as written
by bench/gen_phone_cases.py, runs the peer (phonenumbers.PhoneNumberMatcher,
region GB, then HU and RO, Leniency.VALID) and, with --admon, the admon CLI
(`admon extract --text -`, one process per case), and prints per-system
recall (expected numbers found) and precision (found numbers that were
expected), overall and per style.

  bench/gen_phone_cases.py --seed 7 --n 600 > /tmp/cases.tsv
  bench/phone_peer.py /tmp/cases.tsv --admon build/app/admon
"""
import argparse
import collections
import json
import subprocess
import sys

import phonenumbers as pn


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def peer(text):
    found = set()
    for region in ("GB", "HU", "RO"):
        for m in pn.PhoneNumberMatcher(text, region, leniency=pn.Leniency.VALID):
            found.add(pn.format_number(m.number, pn.PhoneNumberFormat.E164))
    return found


def admon(binary, text):
    r = subprocess.run([binary, "extract", "--text", "-"], input=text.encode(), capture_output=True, check=True)
    return {p["e164"] for p in json.loads(r.stdout)["phones"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tsv")
    ap.add_argument("--admon", help="path to the admon binary")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    cases = []
    with open(args.tsv, encoding="utf-8") as f:
        for line in f:
            text, _, e164 = line.rstrip("\n").partition("\t")
            cases.append((unescape(text), e164))
    systems = [("phonenumbers", peer)]
    if args.admon:
        systems.append(("admon", lambda t: admon(args.admon, t)))
    for name, fn in systems:
        tp = fp = fn_ = 0
        for text, want in cases:
            got = fn(text)
            if want and want in got:
                tp += 1
            elif want:
                fn_ += 1
                if args.show_misses:
                    print(f"[{name}] MISS {want} {text!r} got={sorted(got)}", file=sys.stderr)
            extra = got - {want}
            fp += len(extra)
            if extra and args.show_misses:
                print(f"[{name}] FALSE {sorted(extra)} {text!r}", file=sys.stderr)
        recall = tp / max(1, tp + fn_)
        precision = tp / max(1, tp + fp)
        print(f"{name:13s} cases={len(cases)} positives={tp + fn_} recall={recall:.4f} precision={precision:.4f} "
              f"tp={tp} fn={fn_} fp={fp}")


if __name__ == "__main__":
    main()
