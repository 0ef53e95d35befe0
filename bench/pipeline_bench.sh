#!/bin/bash
# Whole-pipeline benchmark (issue 10): `admon process` over a stored test-site
# crawl, per-stage ns/advert, peak RSS, against bench/pipeline_peer.py (Python
# reference pipeline, Debian packages only) run back to back on the same pages.
#
#   bench/pipeline_bench.sh [--adverts 10000] [--seed 10] [--runs 2] [--dir /tmp/admon_pipeline_bench]
#                           [--build build] [--port 18680] [--modes "noocr ocr"] [--threads 1] [--chrome-kb 0]
#
# --threads is passed to `admon process` (default 1: the per-core figures; run
# again with --threads 2 for the two-core figure). --chrome-kb is passed to
# `admon testsite serve`: that much site chrome on every page (default 0:
# test-site pages of ~3.4 KB; 30 gives real directories' ~33 KB).
#
# 1. Once per (adverts, seed): `admon testsite generate` (1 day), `admon
#    testsite serve --crawl-delay 0ms` on 127.0.0.x, its sites.yaml with
#    max_connections 4 and no daily budget, `admon crawl --once` into
#    DIR/n<adverts>-seed<seed>/db (reused by later invocations), `admon db
#    compact` on it once, then `build/bench/pipeline_bench` exports the stored advert pages and images
#    for the peer.
# 2. --runs rounds; each round, back to back: for each mode, a fresh copy of
#    the crawled db and `/usr/bin/time -v admon process` (mode noocr adds
#    --no-ocr), then the peer with images and with --no-images.
# 3. Prints medians over rounds: adverts/s wall and per CPU-second, the stage
#    table (ns/advert and share, from the pipeline's own StageTimes), images/s,
#    peak RSS and the per-CPU ratio admon/peer. Raw outputs: DIR/.../results.
set -euo pipefail

ADVERTS=10000 SEED=10 RUNS=2 DIR=/tmp/admon_pipeline_bench BUILD=build PORT=18680 MODES="noocr ocr" THREADS=1 CHROME_KB=0
while [ $# -gt 0 ]; do
  case "$1" in
    --adverts) ADVERTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --dir) DIR=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --chrome-kb) CHROME_KB=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SRC=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD=$SRC/$BUILD ;; esac
ADMON=$BUILD/app/admon
EXPORTER=$BUILD/bench/pipeline_bench
BASE=$DIR/n$ADVERTS-seed$SEED
[ "$CHROME_KB" = 0 ] || BASE=$BASE-chrome$CHROME_KB
RESULTS=$BASE/results
mkdir -p "$BASE" "$RESULTS"

if [ ! -d "$BASE/db" ]; then
  "$ADMON" testsite generate --seed "$SEED" --adverts "$ADVERTS" --days 1 --out "$BASE/corpus"
  rm -f "$BASE/sites.yaml"
  "$ADMON" testsite serve --data "$BASE/corpus" --port "$PORT" --crawl-delay 0ms --chrome-kb "$CHROME_KB" \
    --write-config "$BASE/sites.yaml" > "$BASE/serve.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -s "$BASE/sites.yaml" ] && break; sleep 0.2; done
  sed -i 's/max_connections: 1$/max_connections: 4/; s/daily_budget: 50000$/daily_budget: 10000000/' \
    "$BASE/sites.yaml"
  /usr/bin/time -v "$ADMON" crawl --config "$BASE/sites.yaml" --db "$BASE/db.tmp" --once \
    > "$RESULTS/crawl.out" 2> "$RESULTS/crawl.err"
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  trap - EXIT
  grep -E "Elapsed|User time|System time|Maximum resident" "$RESULTS/crawl.err"
  mv "$BASE/db.tmp" "$BASE/db"
fi
# Compact once, so every run starts from settled files: without it each copy
# of a fresh crawl spent ~11 % of its CPU compacting the crawl's leftover L0 files.
if [ ! -f "$BASE/db.compacted" ]; then
  "$ADMON" db compact --db "$BASE/db" && touch "$BASE/db.compacted"
fi
if [ ! -f "$BASE/export/pages.tsv" ]; then
  rm -rf "$BASE/export"
  "$EXPORTER" --db "$BASE/db" --config "$BASE/sites.yaml" --out "$BASE/export"
fi

for r in $(seq "$RUNS"); do
  for mode in $MODES; do
    rm -rf "$BASE/run"
    cp -a "$BASE/db" "$BASE/run"
    flag=""
    [ "$mode" = noocr ] && flag=--no-ocr
    /usr/bin/time -v "$ADMON" process --db "$BASE/run" --config "$BASE/sites.yaml" \
      --indicators "$SRC/config/indicators.yaml" --gazetteer "$SRC/config/gazetteer.yaml" $flag --threads "$THREADS" \
      > "$RESULTS/admon-$mode-$r.out" 2> "$RESULTS/admon-$mode-$r.err"
    echo "round $r admon $mode: $(cat "$RESULTS/admon-$mode-$r.out")"
  done
  /usr/bin/python3 "$SRC/bench/pipeline_peer.py" "$BASE/export" --indicators "$SRC/config/indicators.yaml" \
    > "$RESULTS/peer-images-$r.out"
  /usr/bin/python3 "$SRC/bench/pipeline_peer.py" "$BASE/export" --indicators "$SRC/config/indicators.yaml" \
    --no-images > "$RESULTS/peer-noimages-$r.out"
  echo "round $r peer done"
done
rm -rf "$BASE/run"

/usr/bin/python3 - "$RESULTS" "$RUNS" "$MODES" <<'EOF'
import json, re, statistics, sys
results, runs, modes = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
med = statistics.median
STAGES = ["furniture", "lookup", "parse", "image_read", "image_hash", "ocr", "score", "link", "write",
          "cluster_score", "other"]
IMAGE_STAGES = {"image_read", "image_hash", "ocr"}

def admon_run(mode, r):
    err = open(f"{results}/admon-{mode}-{r}.err").read()
    out = open(f"{results}/admon-{mode}-{r}.out").read()
    def tv(label):
        return re.search(re.escape(label) + r".*: (.*)", err).group(1).strip()
    wall = 0.0
    for part in tv("Elapsed (wall clock) time").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(tv("User time (seconds)")) + float(tv("System time (seconds)"))
    stages_line = re.search(r"process stages: (.*)", err).group(1)
    ms = {}
    for item in stages_line.split(", "):
        m = re.match(r"([a-z ]+) ([0-9.]+)", item)
        ms[m.group(1).replace(" ", "_")] = float(m.group(2))
    counts = {k: int(v) for k, v in re.findall(r"(parsed|images decoded|ocr|clusters scored|flagged) (\d+)", out)}
    return {"wall": wall, "cpu": cpu, "rss_mb": int(tv("Maximum resident set size (kbytes)")) / 1024,
            "ms": ms, "parsed": counts["parsed"], "decoded": counts["images decoded"], "ocr": counts["ocr"]}

def peer_run(kind, r):
    return json.loads(open(f"{results}/peer-{kind}-{r}.out").read().strip().splitlines()[-1])

peer = {k: [peer_run(k, r) for r in range(1, runs + 1)] for k in ("images", "noimages")}
for mode in modes:
    rs = [admon_run(mode, r) for r in range(1, runs + 1)]
    n = rs[0]["parsed"]
    total_ms = med([x["ms"]["total"] for x in rs])
    print(f"\n== admon process, {mode}: {n} adverts, {rs[0]['decoded']} images decoded, {rs[0]['ocr']} OCRed, "
          f"median of {runs} ==")
    print(f"process wall {med([x['wall'] for x in rs]):.2f} s, CPU {med([x['cpu'] for x in rs]):.2f} s, "
          f"ProcessPending {total_ms / 1000:.2f} s, peak RSS {med([x['rss_mb'] for x in rs]):.0f} MB")
    aps_wall = med([n / x["wall"] for x in rs])
    aps_cpu = med([n / x["cpu"] for x in rs])
    print(f"adverts/s wall {aps_wall:.0f}, adverts per CPU-s {aps_cpu:.0f}")
    print("| stage | ns/advert | share |")
    print("|---|---|---|")
    for s in STAGES + ["total"]:
        v = med([x["ms"].get(s, 0.0) for x in rs])
        print(f"| {s} | {v * 1e6 / n:,.0f} | {100 * v / total_ms:.1f} % |")
    img_ms = med([x["ms"]["image_hash"] for x in rs])
    if img_ms > 0:
        print(f"images decoded+hashed per second of image_hash: {rs[0]['decoded'] / (img_ms / 1000):.0f}")
    # Without images: the pipeline's time outside the image stages; its CPU is the process CPU scaled by the
    # same fraction of the process wall time (one thread).
    noimg = [(x["ms"]["total"] - sum(x["ms"][s] for s in IMAGE_STAGES)) / 1000 for x in rs]
    noimg_wall = med([n / t for t in noimg])
    noimg_cpu = med([n / (x["cpu"] * t / x["wall"]) for x, t in zip(rs, noimg)])
    print(f"without the image stages (image read+hash+ocr): {noimg_wall:.0f} adverts/s wall, "
          f"{noimg_cpu:.0f} per CPU-s (estimated)")
    p_img = med([p["adverts_per_cpu_s"] for p in peer["images"]])
    p_no = med([p["adverts_per_cpu_s"] for p in peer["noimages"]])
    print(f"ratio admon/peer per CPU-second: with images {aps_cpu / p_img:.1f}x "
          f"(peer {p_img:.1f}/CPU-s); without images {noimg_cpu / p_no:.1f}x (peer --no-images {p_no:.1f}/CPU-s)")
    # Like for like, ns/advert of pipeline (wall) time: the peer's stages against admon's that do the same job.
    pn = {k: med([p["stage_ns_per_advert"][k] for p in peer["images"]]) for k in peer["images"][0]["stage_ns_per_advert"]}
    a = {s: med([x["ms"].get(s, 0.0) for x in rs]) * 1e6 / n for s in STAGES}
    pairs = [("parse + extract", a["parse"], pn["parse"] + pn["extract"]),
             ("images (read, decode, hash)", a["image_read"] + a["image_hash"], pn["images"]),
             ("score", a["score"], pn["score"]),
             ("link (+ store)", a["link"] + a["write"] + a["cluster_score"], pn["link"] + pn["encode"])]
    print("| job | admon ns/advert | peer ns/advert | peer / admon |")
    print("|---|---|---|---|")
    for name, x, y in pairs:
        print(f"| {name} | {x:,.0f} | {y:,.0f} | {y / x:.1f}x |")
for k in ("images", "noimages"):
    ps = peer[k]
    print(f"\n== peer ({k}) median of {runs}: {ps[0]['adverts']} adverts, {ps[0]['images_decoded']} images decoded, "
          f"{med([p['adverts_per_s'] for p in ps]):.1f} adverts/s wall, "
          f"{med([p['adverts_per_cpu_s'] for p in ps]):.1f} per CPU-s, read {ps[0]['read_s']:.1f} s (not timed) ==")
    tot = sum(ps[0]["stage_ns_per_advert"].values())
    for s in ps[0]["stage_ns_per_advert"]:
        v = med([p["stage_ns_per_advert"][s] for p in ps])
        print(f"| {s} | {v:,.0f} | {100 * v / tot:.1f} % |")
    print(f"peer phones {ps[0]['phones']}, flagged {ps[0]['flagged']}, clusters {ps[0]['clusters']}, "
          f"indicators used {ps[0]['indicators_used']}, skipped {ps[0]['indicators_skipped']}")
EOF
