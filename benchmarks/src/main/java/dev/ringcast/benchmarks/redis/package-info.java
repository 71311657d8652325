/**
 * The Redis cluster's figures: the append path, live fan-in across node processes, and a
 * reconnect storm (see {@link dev.ringcast.benchmarks.redis.RedisClusterBenchmark} and
 * {@code benchmarks/run-redis.sh}).
 */
package dev.ringcast.benchmarks.redis;
