#!/usr/bin/env bash
# Runs the JMH suite the way benchmarks/RESULTS.md reports it, writing JSON and a markdown table.
#   benchmarks/run-jmh.sh [output-dir]      (build first: mvn -q -B -ntp -DskipTests install)
# Takes about 12 minutes on a 2-core machine. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-target/jmh}
mkdir -p "$out"
jar=target/benchmarks.jar
run() { # name, then JMH arguments
  local name=$1; shift
  java -jar "$jar" "$@" -rf json -rff "$out/$name.json" | tee "$out/$name.txt"
  java -cp "$jar" dev.ringcast.benchmarks.ResultsTable "$out/$name.json" > "$out/$name.md"
}
run ring-publish-1t RingPublishThroughputBenchmark -t 1
run ring-publish-2t RingPublishThroughputBenchmark -t 2
run fan-out FanOutThroughputBenchmark
run fan-out-disruptor FanOutThroughputBenchmark -p impl=disruptor -p subscribers=1,16
run publish-cost PublishCostBenchmark
run sse-encode SseFrameEncodeBenchmark
cat "$out"/*.md > "$out/all.md"
echo "tables: $out/all.md"
