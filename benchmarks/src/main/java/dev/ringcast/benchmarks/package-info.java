/** Benchmark tooling: turning JMH's JSON results into the markdown tables of RESULTS.md. */
package dev.ringcast.benchmarks;
