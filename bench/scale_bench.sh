#!/bin/bash
# `admon process` at scale (issue 10): "process 100 k and 1 M adverts; cost per
# advert must stay flat (within 20 %), and memory bounded by configuration
# rather than by corpus size".
#
#   bench/scale_bench.sh [--sizes "100000 1000000"] [--seed 10] [--threads 2] [--dir /tmp/admon_scale_bench]
#                        [--build build] [--chrome-kb 0]
#
# 1. Once per (size, seed, chrome): build/bench/capture_corpus writes the
#    test-site world's advert pages of day 0 straight into DIR/n<size>-seed<seed>/db
#    as the crawler stores them (no server, no network, no images: process
#    counts them missing), plus DIR/.../sites.yaml; then `admon db compact`
#    (as after a crawl's compactions). Reused by later invocations.
# 2. Per size: a fresh copy of that db (DIR/.../run), then from the source
#    root (config/indicators.yaml, config/gazetteer.yaml)
#    `/usr/bin/time -v admon process --db run --config sites.yaml --no-ocr --threads T`.
# 3. Prints per size: pages, wall s, CPU s (user + sys), CPU µs per advert,
#    peak RSS, and ns per advert for the pipeline's stages (its "process
#    stages:" log line; with T > 1 a stage sums all threads), then the
#    ratios of the largest size to the smallest. Raw outputs: DIR/.../results/.
# CPU, not wall, is the figure to quote on a shared machine.
set -euo pipefail

SIZES="100000 1000000" SEED=10 THREADS=2 DIR=/tmp/admon_scale_bench BUILD=build CHROME_KB=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --chrome-kb) CHROME_KB=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SRC=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD=$SRC/$BUILD ;; esac
ADMON=$BUILD/app/admon
CORPUS=$BUILD/bench/capture_corpus
for b in "$ADMON" "$CORPUS"; do
  [ -x "$b" ] || { echo "missing $b (cmake --build $BUILD --target admon capture_corpus)" >&2; exit 2; }
done
mkdir -p "$DIR"

# ms in the stage line -> ns per advert.
stage_ns() {  # stage_name stages_line adverts
  echo "$2" | grep -oE "(: |, )$1 [0-9.]+" | head -1 | awk '{print $NF}' |
    awk -v n="$3" 'BEGIN{v = "-"} { if ($1 != "") v = sprintf("%.0f", $1 * 1e6 / n) } END{print v}'
}

ROWS=()
for n in $SIZES; do
  base=$DIR/n$n-seed$SEED
  [ "$CHROME_KB" = 0 ] || base=$base-chrome$CHROME_KB
  mkdir -p "$base/results"
  if [ ! -f "$base/corpus.json" ]; then
    rm -rf "$base/db"
    echo "n=$n: writing corpus ..." >&2
    /usr/bin/time -v "$CORPUS" --db "$base/db" --adverts "$n" --seed "$SEED" --chrome-kb "$CHROME_KB" \
      --sites-out "$base/sites.yaml" > "$base/corpus.tmp" 2> "$base/results/corpus.err"
    "$ADMON" db compact --db "$base/db" >> "$base/results/corpus.err" 2>&1
    mv "$base/corpus.tmp" "$base/corpus.json"
  fi
  rm -rf "$base/run"
  cp -a "$base/db" "$base/run"
  echo "n=$n: admon process --threads $THREADS ..." >&2
  (cd "$SRC" && /usr/bin/time -v "$ADMON" process --db "$base/run" --config "$base/sites.yaml" --no-ocr \
    --threads "$THREADS") > "$base/results/process.out" 2> "$base/results/process.err"
  err=$base/results/process.err
  pages=$(sed -n 's/.*"pages": \([0-9]*\).*/\1/p' "$base/corpus.json")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$err")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{print u+s}' "$err")
  rss=$(awk -F': ' '/Maximum resident/{print int($2/1024)}' "$err")
  stages=$(grep -o 'process stages: .*' "$err" || true)
  processed=$(grep -o 'processed: .*' "$base/results/process.out" || true)
  us=$(awk -v c="$cpu" -v n="$pages" 'BEGIN{printf "%.1f", c * 1e6 / n}')
  row=$(printf "%-8s %8s %8.1f %8.1f %8s %7s" "$n" "$pages" "$wall" "$cpu" "$us" "$rss")
  for s in lookup parse score link write "cluster score" wait other; do
    row="$row $(printf "%7s" "$(stage_ns "$s" "$stages" "$pages")")"
  done
  ROWS+=("$row")
  echo "n=$n $processed" >&2
  echo "n=$n $stages" >&2
  { echo "$row"; echo "$processed"; echo "$stages"; } > "$base/results/summary.txt"
done

printf "%-8s %8s %8s %8s %8s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n" adverts pages wall_s cpu_s cpu_us/ad rss_mb \
  lookup parse score link write clscore wait other
printf "%s\n" "${ROWS[@]}"
echo "(stage columns: ns per advert, summed over threads; threads $THREADS, seed $SEED, chrome ${CHROME_KB} KB)"
if [ "${#ROWS[@]}" -ge 2 ]; then
  first=${ROWS[0]} last=${ROWS[${#ROWS[@]}-1]}
  awk -v a="$first" -v b="$last" 'BEGIN{split(a, x, " +"); split(b, y, " +");
    printf "ratio %s / %s: CPU per advert %.2f, peak RSS %.2f, wall per advert %.2f\n", y[1], x[1],
      y[5] / x[5], y[6] / x[6], (y[3] / y[2]) / (x[3] / x[2])}'
fi
