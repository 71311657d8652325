#!/usr/bin/env bash
# Ringcast SSE, the wire baseline and Nchan under the same loads, back to back, one run each:
# the end-to-end table of RESULTS.md ("Side by side with Nchan").
#
#   benchmarks/run-side-by-side.sh [output-dir]
#
# Environment:
#   POINTS    the loads, as N:R pairs (default "1000:100 5000:10 10000:4 1000:400")
#   DURATION  publishing time per run (default 20s)
#   SERVERS   which servers, in order (default "sse wire nchan")
#   WRAP      a command to run each load under, e.g. one that keeps other work off the machine
#   EXTRA     more LoadGenerator options for every run
#   JAR       the benchmarks jar (default benchmarks/target/benchmarks.jar)
# Needs benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am package -DskipTests). Nchan is
# installed from Debian's packages by run-nchan.sh when missing. N = 10,000 needs an open-files
# limit of about N + 100 for this shell (ulimit -n).
set -euo pipefail
cd "$(dirname "$0")/.."
J=${JAR:-benchmarks/target/benchmarks.jar}
[ -f "$J" ] || { echo "run-side-by-side: $J is missing: mvn -pl benchmarks -am package -DskipTests" >&2; exit 2; }
OUT=${1:-benchmarks/results/side-by-side-$(date -u +%Y%m%d-%H%M)}
POINTS=${POINTS:-"1000:100 5000:10 10000:4 1000:400"}
DURATION=${DURATION:-20s}
SERVERS=${SERVERS:-"sse wire nchan"}
mkdir -p "$OUT"
files=()
for point in $POINTS; do
    n=${point%:*}
    r=${point#*:}
    for s in $SERVERS; do
        name="$s-$n-$r"
        echo "run-side-by-side: $name" >&2
        # A failed check is a figure too (exit 1): keep going; anything else (exit 2) is reported.
        ${WRAP:-} java -cp "$J" dev.ringcast.benchmarks.load.LoadGenerator --transport "$s" --connections "$n" \
            --rate "$r" --duration "$DURATION" --out "$OUT/$name.json" ${EXTRA:-} >"$OUT/$name.txt" 2>&1 \
            || [ $? -eq 1 ] || { echo "run-side-by-side: $name did not run; see $OUT/$name.txt" >&2; continue; }
        files+=("$OUT/$name.json")
    done
done
java -cp "$J" dev.ringcast.benchmarks.load.LoadResultsTable "${files[@]}" | tee "$OUT/table.md"
