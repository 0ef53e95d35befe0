#!/bin/bash
# `admon rescore` after a catalogue change over 100 k and 1 M stored adverts
# (issue 10, goal: 1 M in under 5 minutes; cost per advert flat).
#
#   bench/rescore_bench.sh --from DB --sites sites.yaml [--sizes "100000 1000000"] [--dir /tmp/admon_rescore_bench]
#                          [--build build]
#
# --from: a database processed by `admon run` or `admon process` (e.g. the
# 2,000-advert run of bench/run_stream_bench.sh: DIR/a and DIR/sites.yaml).
# For each size, build/bench/rescore_corpus makes a database of that many
# adverts (copies of --from's networks that never link to each other), then
# `/usr/bin/time -v admon rescore` runs over it. Prints per size: corpus
# build seconds, rescore wall and CPU seconds, µs per advert (CPU) and peak RSS.
set -euo pipefail
FROM= SITES= SIZES="100000 1000000" DIR=/tmp/admon_rescore_bench BUILD=build
while [ $# -gt 0 ]; do
  case "$1" in
    --from) FROM=$2; shift 2 ;;
    --sites) SITES=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$FROM" ] && [ -n "$SITES" ] || { echo "usage: $0 --from DB --sites sites.yaml [...]" >&2; exit 2; }
SRC=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD=$SRC/$BUILD ;; esac
mkdir -p "$DIR"
printf "%-9s %9s %9s %9s %12s %9s\n" adverts corpus_s wall_s cpu_s us_per_advert rss_mb
for n in $SIZES; do
  rm -rf "$DIR/db-$n"
  corpus=$("$BUILD/bench/rescore_corpus" --from "$FROM" --adverts "$n" --out "$DIR/db-$n" 2>/dev/null)
  (cd "$SRC" && /usr/bin/time -v "$BUILD/app/admon" rescore --db "$DIR/db-$n" --config "$SITES") \
    > "$DIR/rescore-$n.out" 2> "$DIR/rescore-$n.err"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$DIR/rescore-$n.err")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{print u+s}' "$DIR/rescore-$n.err")
  rss=$(awk -F': ' '/Maximum resident/{print int($2/1024)}' "$DIR/rescore-$n.err")
  corpus_s=$(echo "$corpus" | sed 's/.*"seconds": \([0-9.]*\).*/\1/')
  printf "%-9s %9s %9.1f %9.1f %12.1f %9s\n" "$n" "$corpus_s" "$wall" "$cpu" "$(echo "$cpu * 1000000 / $n" | bc -l)" "$rss"
  rm -rf "$DIR/db-$n"
done
