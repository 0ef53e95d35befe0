#!/usr/bin/env python3
"""Generates phone-extraction cases: TSV of (text, expected_e164 or empty).

Texts are adverts-like sentences holding one number written in one of the
obfuscation styles admon detects, or a look-alike (price, date, measurement,
reference, ...) that must yield no phone. Newlines and tabs inside a text are
escaped as \\n and \\t. Numbers are random but valid per libphonenumber
(python3-phonenumbers), so every run with a new --seed is unseen data.

  bench/gen_phone_cases.py --seed 7 --n 600 > /tmp/cases.tsv
"""
import argparse
import random
import sys

import phonenumbers as pn

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
LEET = {"0": ["z3r0", "zer0"], "1": ["0ne", "on3"], "2": ["tw0"], "3": ["thr33", "thr3e"], "4": ["f0ur"],
        "5": ["f1ve", "fiv3"], "6": ["s1x"], "7": ["s3ven", "sev3n"], "8": ["e1ght", "31ght"], "9": ["n1ne", "nin3"]}
FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
MATH_BOLD = {str(d): chr(0x1D7CE + d) for d in range(10)}
MATH_SANS = {str(d): chr(0x1D7E2 + d) for d in range(10)}
CIRCLED = {str(d): (chr(0x24EA) if d == 0 else chr(0x245F + d)) for d in range(10)}
EMOJI = ["\u2764\ufe0f", "\U0001F495", "\u2665", "\U0001F48B", "\u2b50", "\U0001F525", "\U0001F339"]


def random_number(rng, kind):
    while True:
        if kind == "gb_mobile":
            s = "07" + rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(8))
            region = "GB"
        elif kind == "gb_landline":
            s = rng.choice(["020", "0113", "0161", "0121", "0141", "0117", "0114", "01632"])
            s += "".join(rng.choice("0123456789") for _ in range(11 - len(s)))
            region = "GB"
        elif kind == "hu":
            s = "06" + rng.choice(["20", "30", "70"]) + "".join(rng.choice("0123456789") for _ in range(7))
            region = "HU"
        else:
            s = "07" + rng.choice("2345678") + "".join(rng.choice("0123456789") for _ in range(7))
            region = "RO"
        n = pn.parse(s, region)
        if pn.is_valid_number(n):
            return n


def groups_of(d, rng):
    """Splits a digit string into phone-like groups."""
    if len(d) == 11:
        return rng.choice([[d[:5], d[5:]], [d[:5], d[5:8], d[8:]], [d[:4], d[4:7], d[7:]], [d[:3], d[3:7], d[7:]]])
    if len(d) == 10:
        return rng.choice([[d[:4], d[4:7], d[7:]], [d[:3], d[3:6], d[6:]], [d[:5], d[5:]]])
    return [d[:4], d[4:]]


def render(n, style, rng):
    cc = str(n.country_code)
    region = pn.region_code_for_number(n)
    nat = str(n.national_number)
    trunk = "06" if region == "HU" else "0"
    d = trunk + nat
    g = groups_of(d, rng)
    if style == "plain":
        return d
    if style == "spaced":
        return " ".join(g)
    if style == "dotted":
        return ".".join(g)
    if style == "dashed":
        return "-".join(g)
    if style == "international":
        return "+" + cc + " " + " ".join(groups_of(nat, rng)) if rng.random() < 0.7 else "+" + cc + nat
    if style == "plus44_0":
        return "+44 (0)" + " ".join(groups_of("0" + nat, rng))[1:]
    if style == "double_zero":
        return "00" + cc + " " + " ".join(groups_of(nat, rng))
    if style == "letters":
        out = "".join(rng.choice("Oo") if c == "0" else (rng.choice("lI") if c == "1" else c) for c in d)
        return out if out != d else "O" + d[1:]
    if style == "words":
        return " ".join(WORDS[int(c)] if not (c == "0" and rng.random() < 0.3) else "oh" for c in d)
    if style == "double_triple":
        out, i = [], 0
        while i < len(d):
            if i + 1 < len(d) and d[i] == d[i + 1] and (i + 2 >= len(d) or d[i + 2] != d[i]):
                out.append("double " + WORDS[int(d[i])])
                i += 2
            elif i + 2 < len(d) and d[i] == d[i + 1] == d[i + 2]:
                out.append("triple " + d[i])
                i += 3
            else:
                out.append(WORDS[int(d[i])] if rng.random() < 0.5 else d[i])
                i += 1
        return " ".join(out)
    if style == "mixed":
        k = rng.randint(2, 5)
        return " ".join(WORDS[int(c)] for c in d[:k]) + " " + d[k:]
    if style == "separators":
        sep = rng.choice(["*", "|", "_", " * ", " | ", "~"])
        return sep.join(g)
    if style == "emoji":
        return rng.choice(["", " "]).join(x + rng.choice(EMOJI) for x in g)[: -1] + g[-1][-1:] if False else \
            (" " + rng.choice(EMOJI) + " ").join(g) if rng.random() < 0.5 else rng.choice(EMOJI).join(g)
    if style == "fullwidth":
        return "".join(FULLWIDTH[c] for c in d)
    if style == "math":
        table = rng.choice([MATH_BOLD, MATH_SANS])
        return " ".join("".join(table[c] for c in x) for x in g)
    if style == "circled":
        return "".join(CIRCLED[c] for c in d)
    if style == "keycap":
        return "".join(c + "\ufe0f\u20e3" for c in d)
    if style == "split_lines":
        return "\n".join(g) if rng.random() < 0.5 else g[0] + "\n" + " ".join(g[1:])
    if style == "leet":
        return " ".join(rng.choice(LEET[c]) for c in d)
    raise ValueError(style)


STYLES = ["plain", "spaced", "dotted", "dashed", "international", "plus44_0", "double_zero", "letters", "words",
          "double_triple", "mixed", "separators", "emoji", "fullwidth", "math", "circled", "keycap",
          "split_lines", "leet"]
TEMPLATES = [
    "Call me on {p}", "{p}", "Hi gentlemen, new in town, text {p} for bookings", "Sweet girl 23 yo. Tel: {p} no withheld",
    "available 24/7 \u2764 call {p} \u2764 outcall only", "ring {p} (no texts)", "Bookings: {p}.",
    "Age 25, size 8. Ring me {p} x", "WhatsApp {p}", "phone me\n{p}\nthanks", "\U0001F48B {p} \U0001F48B",
    "Incall & outcall, {p}, discreet", "Number: {p} - Leeds LS1 4AB", "£150 1hr / £100 30min. Call {p}",
]
NEGATIVES = [
    "£150 per hour, £100 30min, £80 15min", "150ph 100hh", "30min 100 1hr 150 2hrs 280", "Stats 34-24-36, size 8",
    "34DD-24-36", "Available 24/7", "open 10:30 till 23:00", "Posted 12/03/2026 at 10:45", "Updated 2026-03-12",
    "height 5'6\" weight 55kg", "I'm 5ft 6 and 23 years old", "LS1 4AB near station", "Ref: 20394857",
    "Advert ID 123456789", "ID: 01134960871", "Ref 07911123456", "age 23 size 8 £120", "age 23, size 8, 34C, £120 ph",
    "born 1999, 23 yo, 2 girls 1 flat", "Rates: 30 mins 80, 45 mins 100, 60 mins 130, 90 mins 200",
    "Room 214, floor 3, door code 1998", "Open 9 to 5, 7 days", "one hour two hundred", "I have one or two hours free",
    "call me at 9 or 10pm", "Prices 80 100 150 200 250 300", "Dates 01/03/2026 05/03/2026", "12.03.2026",
    "2 hours 250 3 hours 350 overnight 900", "size 10 uk shoes 6", "Order 1029384756 shipped",
    "Invoice no. 0203948576", "01.02.2026 - 28.02.2026", "0.5 miles from M1 J42", "tel: 123", "£ 0 deposit",
    "Visa 4111 1111 1111 1111", "My weight 60 kg height 165 cm age 28", "Mon-Fri 10-22, Sat 12-20",
    "Call after 8.30pm", "10% off 24 7 365", "twenty three years old", "NHS 943 476 5919", "7 days a week 365 days",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=600, help="positive cases")
    ap.add_argument("--negatives", type=int, default=0, help="negative cases (default: all look-alikes twice)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = []
    kinds = ["gb_mobile"] * 5 + ["gb_landline"] * 2 + ["hu", "ro"]
    for i in range(args.n):
        style = STYLES[i % len(STYLES)]
        kind = rng.choice(kinds)
        if style == "plus44_0":
            kind = rng.choice(["gb_mobile", "gb_landline"])
        n = random_number(rng, kind)
        text = rng.choice(TEMPLATES).format(p=render(n, style, rng))
        rows.append((text, pn.format_number(n, pn.PhoneNumberFormat.E164)))
    negs = NEGATIVES * 2 if not args.negatives else [rng.choice(NEGATIVES) for _ in range(args.negatives)]
    for t in negs:
        rows.append((t, ""))
    for text, e164 in rows:
        sys.stdout.write(text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") + "\t" + e164 + "\n")


if __name__ == "__main__":
    main()
