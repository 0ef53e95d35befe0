#!/bin/bash
# `admon run` with processing during the crawl (issue 4) against the same
# crawl followed by processing (`admon crawl --once` then `admon process`,
# what `admon run` did before), on one test site at its polite rate.
#
#   bench/run_stream_bench.sh [--adverts 2000] [--seed 11] [--runs 2] [--threads 1]
#                             [--dir /tmp/admon_stream_bench] [--build build] [--port 18780]
#
# Each round, back to back, each into a fresh database with the test site
# restarted (same corpus, so the same pages): A = `admon run --once`,
# B = `admon crawl --once` + `admon process`. Both use --no-ocr and --threads.
# Prints, per round: wall seconds of A and of B, B's crawl and process parts,
# A's processing left after the crawl (the `processed:` line's total), and
# adverts processed while crawling. Raw outputs: DIR/results.
set -euo pipefail

ADVERTS=2000 SEED=11 RUNS=2 THREADS=1 DIR=/tmp/admon_stream_bench BUILD=build PORT=18780
while [ $# -gt 0 ]; do
  case "$1" in
    --adverts) ADVERTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SRC=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD=$SRC/$BUILD ;; esac
ADMON=$BUILD/app/admon
RESULTS=$DIR/results
mkdir -p "$DIR" "$RESULTS"
[ -d "$DIR/corpus" ] || "$ADMON" testsite generate --seed "$SEED" --adverts "$ADVERTS" --days 1 --out "$DIR/corpus" >/dev/null

SERVER=
serve() {
  rm -f "$DIR/sites.yaml"
  "$ADMON" testsite serve --data "$DIR/corpus" --port "$PORT" --write-config "$DIR/sites.yaml" \
    > "$DIR/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do [ -s "$DIR/sites.yaml" ] && break; sleep 0.2; done
}
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop EXIT
now() { date +%s.%N; }
total_ms() { grep -o 'total [0-9.]*' "$1" | tail -1 | awk '{print $2}'; }

printf "%-6s %8s %8s %10s %12s %14s %12s\n" round run_s crawl+proc crawl_s process_s run_tail_ms streamed
for round in $(seq "$RUNS"); do
  serve
  rm -rf "$DIR/a"
  t0=$(now)
  "$ADMON" run --config "$DIR/sites.yaml" --db "$DIR/a" --out "$DIR/a-report" --once --no-ocr --threads "$THREADS" \
    > "$RESULTS/run-$round.out" 2> "$RESULTS/run-$round.err"
  t1=$(now)
  stop
  serve
  rm -rf "$DIR/b"
  t2=$(now)
  "$ADMON" crawl --config "$DIR/sites.yaml" --db "$DIR/b" --once > "$RESULTS/crawl-$round.out" 2> "$RESULTS/crawl-$round.err"
  t3=$(now)
  "$ADMON" process --db "$DIR/b" --config "$DIR/sites.yaml" --no-ocr --threads "$THREADS" \
    > "$RESULTS/process-$round.out" 2> "$RESULTS/process-$round.err"
  t4=$(now)
  stop
  streamed=$(grep '^processed while crawling' "$RESULTS/run-$round.out" | grep -o 'parsed [0-9]*' | head -1 | awk '{print $2}')
  tail_ms=$(cat "$RESULTS/run-$round.out" "$RESULTS/run-$round.err" | grep "process stages" | tail -1 | grep -o 'total [0-9.]*' | awk '{print $2}')
  printf "%-6s %8.1f %8.1f %10.1f %12.1f %14s %12s\n" "$round" "$(echo "$t1 - $t0" | bc)" "$(echo "$t4 - $t2" | bc)" \
    "$(echo "$t3 - $t2" | bc)" "$(echo "$t4 - $t3" | bc)" "$tail_ms" "$streamed"
done
