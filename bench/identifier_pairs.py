#!/usr/bin/env python3
"""Advert pairs the linker links through each kind of identifier (issue 10, scale).

Reads `ldb --db=DB --column_family=identifiers scan --hex` (Debian package
rocksdb-tools) on stdin: one posting per line, key "<kind>\\0<value>\\0<advert>".
For every identifier on at most --max-adverts adverts (more: a hub candidate),
the k-th advert to arrive links to min(k - 1, --max-links) earlier ones (the
linker's max_links_per_identifier), so the identifier gives
sum(min(j, max_links) for j < k) links. Prints, per kind: identifiers, links,
links per advert (--adverts) and the links from identifiers on 7 or more adverts.

  ldb --db=RUN --column_family=identifiers scan --hex | bench/identifier_pairs.py --adverts 1000000
"""
import argparse
import collections
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--adverts", type=int, required=True, help="adverts in the database")
    ap.add_argument("--max-adverts", type=int, default=51, help="identifiers on more adverts are left out")
    ap.add_argument("--max-links", type=int, default=50, help="max_links_per_identifier")
    args = ap.parse_args()
    postings = collections.Counter()
    for line in sys.stdin:
        key = line.split(" : ", 1)[0].strip()
        if not key.startswith("0x"):
            continue
        parts = bytes.fromhex(key[2:]).split(b"\0")
        if len(parts) >= 3:
            postings[(parts[0].decode(), parts[1])] += 1
    ids, links, shared = collections.Counter(), collections.Counter(), collections.Counter()
    for (kind, _), k in postings.items():
        if k > args.max_adverts:
            continue
        n = sum(min(j, args.max_links) for j in range(k))
        ids[kind] += 1
        links[kind] += n
        if k >= 7:
            shared[kind] += n
    print(f"{'kind':10} {'identifiers':>12} {'links':>10} {'per advert':>10} {'from 7+ adverts':>16}")
    for kind in sorted(links, key=lambda x: -links[x]):
        print(f"{kind:10} {ids[kind]:12d} {links[kind]:10d} {links[kind] / args.adverts:10.2f} {shared[kind]:16d}")
    total = sum(links.values())
    print(f"{'all':10} {sum(ids.values()):12d} {total:10d} {total / args.adverts:10.2f} {sum(shared.values()):16d}")


if __name__ == "__main__":
    main()
