/**
 * The end-to-end load generator: N SSE, WebSocket or long-poll clients on one or two NIO selector
 * threads against a Ringcast server (or a bare NIO "wire limit" server), a paced publisher, and a
 * report of deliveries/s, publish-to-receive latency, per-connection exactly-once-in-order checks
 * and the server's memory per connection. Entry point: {@link dev.ringcast.benchmarks.load.LoadGenerator}.
 */
package dev.ringcast.benchmarks.load;
