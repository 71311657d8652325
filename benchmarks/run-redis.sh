#!/usr/bin/env bash
# Runs the Redis cluster's figures the way benchmarks/RESULTS.md reports them ("Cluster on Redis"):
# a redis-server of its own, pinned to one core (the last), without persistence, on a free port.
# The JVMs (publisher, nodes) are not pinned. About 10 minutes on a 2-core machine.
#   benchmarks/run-redis.sh [output-dir [scenario...]]   (build first: mvn -q -B -ntp -DskipTests install)
# With scenario names (append, fanin-memory, fanin-4-nodes, storm-tight, ...) only those run.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-target/redis}
shift || true
only=" $* "
mkdir -p "$out"
jar=target/benchmarks.jar
cores=$(nproc)
redis_core=$((cores - 1))
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
taskset -c "$redis_core" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$dir" --logfile "$dir/redis.log" &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
uri=redis://127.0.0.1:$port
run() { # name, then the scenario and its options
  local name=$1; shift
  [ "$only" = "  " ] || [[ "$only" == *" $name "* ]] || return 0
  echo "== $name"
  java -cp "$jar" dev.ringcast.benchmarks.redis.RedisClusterBenchmark "$@" \
    | tee "$out/$name.txt"
  tail -n 1 "$out/$name.txt" > "$out/$name.json"
}
uptime | tee "$out/load-before.txt"
run append          append --redis "$uri" --topics 100000 --threads 64 --seconds 20
run fanin-memory    fanin  --memory --topics 100000 --rate 10000 --subscribed 10000 --seconds 30 --warmup 10
run fanin-1-node    fanin  --redis "$uri" --nodes 1 --topics 100000 --rate 10000 --subscribed 10000 --seconds 30 --warmup 10
run fanin-4-nodes   fanin  --redis "$uri" --nodes 4 --topics 100000 --rate 10000 --subscribed 10000 --seconds 30 --warmup 10
# Redis's read path: one node publishes the 10,000 events/s, 1 or 4 nodes receive them.
run readpath-1-node fanin  --redis "$uri" --nodes 1 --publishers 1 --topics 100000 --rate 10000 --subscribed 10000 --seconds 30 --warmup 10
run readpath-4-nodes fanin --redis "$uri" --nodes 4 --publishers 1 --topics 100000 --rate 10000 --subscribed 10000 --seconds 30 --warmup 10
run storm-tight     storm  --redis "$uri" --topics 50 --clients 5000 --events 3000 --behind 1500 --spread 20
run storm-wide      storm  --redis "$uri" --topics 50 --clients 5000 --events 3000 --behind 1100 --spread 1800
uptime | tee "$out/load-after.txt"
