package dev.ringcast.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a load run measured, as a human-readable table ({@link #table()}) and as JSON
 * ({@link #writeJson}). Immutable; any thread.
 *
 * @param transport what the clients spoke
 * @param server how the server ran
 * @param topic the topic
 * @param connections clients opened
 * @param askedRate the events per second asked for ({@code --rate})
 * @param connectSeconds time until every client was subscribed
 * @param publish what the publisher sent
 * @param deliveries events received, over all connections
 * @param expectedDeliveries events published times connections
 * @param deliverySeconds from the first publish to the last delivery
 * @param deliveriesPerSecond {@code deliveries / deliverySeconds}
 * @param latencyMillis publish-to-receive latency
 * @param checks per-connection exactly-once-in-order checks, summed
 * @param cpu the server process's CPU time from the first publish to the last delivery
 * @param memory the server's memory before and after connecting the idle clients
 * @param stalled the connections that never read, and what the server did with them
 * @param samples the server's state sampled while publishing ({@code --sample-every}); empty if not asked
 * @param passed whether nothing was missed, repeated or reordered and something was delivered
 */
public record LoadReport(String transport, String server, String topic, int connections, double askedRate,
                         double connectSeconds,
                         Publish publish, long deliveries, long expectedDeliveries, double deliverySeconds,
                         double deliveriesPerSecond, Latency latencyMillis, Checks checks, Cpu cpu, Memory memory,
                         Stalled stalled, List<Sample> samples, boolean passed) {

    /**
     * The server's CPU time (user + system, all its threads, from {@code /proc/<pid>/stat}) from
     * just before the first publish until the last delivery arrived: publishing, fan-out and
     * writes, everything the run cost the server. Per delivery in microseconds, which is also
     * CPU-seconds per million deliveries.
     *
     * @param serverSeconds CPU seconds, or -1 if the server is not a process of its own
     * @param microsPerDelivery {@code serverSeconds / deliveries} in µs, or -1
     */
    public record Cpu(double serverSeconds, double microsPerDelivery) {

        static Cpu of(double seconds, long deliveries) {
            return seconds < 0 || deliveries == 0 ? new Cpu(seconds, -1) : new Cpu(seconds, seconds * 1e6 / deliveries);
        }
    }

    /**
     * @param connections connections that asked for the stream and never read a byte
     * @param cutOff of those, how many the server had closed when the run ended
     */
    public record Stalled(int connections, int cutOff) {
    }

    /**
     * @param seconds since publishing started
     * @param heapBytes the server's heap after GC
     * @param rssBytes its RSS, -1 if unknown
     * @param threads its live threads
     * @param openFiles its open file descriptors, -1 if unknown
     */
    public record Sample(double seconds, long heapBytes, long rssBytes, int threads, long openFiles) {
    }

    /**
     * @param events events published (answered 201)
     * @param errors publish requests that failed
     * @param seconds from the first send to the last
     * @param perSecond the rate achieved
     * @param firstError the first failure, or null
     */
    public record Publish(long events, long errors, double seconds, double perSecond, String firstError) {
    }

    /**
     * @param p50 median, ms
     * @param p99 99th percentile, ms
     * @param p999 99.9th percentile, ms
     * @param max slowest, ms
     * @param samples deliveries timed
     */
    public record Latency(double p50, double p99, double p999, double max, long samples) {
    }

    /**
     * @param gaps events never received (per connection, summed), plus one per reset signal
     * @param duplicates events received more than once
     * @param reorders events received after a later one
     * @param resets reset signals received
     * @param failedConnections connections lost for good
     * @param reconnects connections reopened (resuming after their last id)
     * @param firstFailure the first connection failure, or null
     */
    public record Checks(long gaps, long duplicates, long reorders, long resets, int failedConnections,
                         int reconnects, String firstFailure) {
    }

    /**
     * @param heapBeforeBytes heap used after GC before connecting, -1 if unknown
     * @param heapAfterBytes heap used after GC with the clients connected and idle, -1 if unknown
     * @param rssBeforeBytes RSS before connecting, -1 if unknown
     * @param rssAfterBytes RSS with the clients connected, -1 if unknown
     * @param heapPerConnectionBytes {@code (after - before) / connections}, -1 if unknown
     * @param rssPerConnectionBytes {@code (after - before) / connections}, -1 if unknown
     */
    public record Memory(long heapBeforeBytes, long heapAfterBytes, long rssBeforeBytes, long rssAfterBytes,
                         long heapPerConnectionBytes, long rssPerConnectionBytes) {

        static Memory of(MemorySample before, MemorySample after, int connections) {
            if (before == null || after == null) {
                return new Memory(-1, -1, -1, -1, -1, -1);
            }
            long rssPer = before.rssBytes() < 0 ? -1 : (after.rssBytes() - before.rssBytes()) / connections;
            long heapPer = before.heapUsedBytes() < 0 ? -1
                    : (after.heapUsedBytes() - before.heapUsedBytes()) / connections;
            return new Memory(before.heapUsedBytes(), after.heapUsedBytes(), before.rssBytes(), after.rssBytes(),
                    heapPer, rssPer);
        }
    }

    /** @return the report as an aligned plain-text table */
    public String table() {
        StringBuilder b = new StringBuilder();
        row(b, "transport", transport + " — " + server);
        row(b, "connections", String.format(Locale.ROOT, "%,d (subscribed in %.1f s; %d failed, %d reconnects)",
                connections, connectSeconds, checks.failedConnections, checks.reconnects));
        row(b, "published", String.format(Locale.ROOT, "%,d events in %.1f s = %,.1f/s (%d errors)",
                publish.events, publish.seconds, publish.perSecond, publish.errors));
        row(b, "deliveries", String.format(Locale.ROOT, "%,d of %,d expected in %.2f s = %,.0f/s",
                deliveries, expectedDeliveries, deliverySeconds, deliveriesPerSecond));
        row(b, "latency ms", String.format(Locale.ROOT, "p50 %.3f   p99 %.3f   p99.9 %.3f   max %.3f   (%,d samples)",
                latencyMillis.p50, latencyMillis.p99, latencyMillis.p999, latencyMillis.max, latencyMillis.samples));
        row(b, "checks", String.format(Locale.ROOT, "gaps %d   duplicates %d   reorders %d   resets %d   -> %s",
                checks.gaps, checks.duplicates, checks.reorders, checks.resets, passed ? "PASS" : "FAIL"));
        if (cpu.serverSeconds >= 0) {
            row(b, "server CPU", String.format(Locale.ROOT, "%.2f s: %.2f µs per delivery (CPU-s per million deliveries)",
                    cpu.serverSeconds, cpu.microsPerDelivery));
        }
        if (checks.firstFailure != null) {
            row(b, "first failure", checks.firstFailure);
        }
        if (publish.firstError != null) {
            row(b, "publish error", publish.firstError);
        }
        if (stalled.connections > 0) {
            row(b, "stalled", String.format(Locale.ROOT, "%d connections that never read: %d cut off by the server",
                    stalled.connections, stalled.cutOff));
        }
        for (Sample x : samples) {
            row(b, "sample", String.format(Locale.ROOT, "%6.0f s  heap %s  RSS %s  threads %d  open files %d",
                    x.seconds, size(x.heapBytes), x.rssBytes < 0 ? "?" : size(x.rssBytes), x.threads, x.openFiles));
        }
        if (memory.heapBeforeBytes >= 0 || memory.rssBeforeBytes >= 0) {
            if (memory.heapBeforeBytes >= 0) {
                row(b, "server heap", String.format(Locale.ROOT, "%s -> %s after GC: %s per connection",
                        size(memory.heapBeforeBytes), size(memory.heapAfterBytes), size(memory.heapPerConnectionBytes)));
            }
            row(b, "server RSS", memory.rssBeforeBytes < 0 ? "unknown (no /proc)"
                    : String.format(Locale.ROOT, "%s -> %s: %s per connection", size(memory.rssBeforeBytes),
                    size(memory.rssAfterBytes), size(memory.rssPerConnectionBytes)));
        } else {
            row(b, "server memory", "not measured (external server)");
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "%-14s %s%n", name, value));
    }

    static String size(long bytes) {
        double abs = Math.abs(bytes);
        if (abs >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        if (abs >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }

    /**
     * @param file where to write the report as JSON
     * @throws UncheckedIOException if it cannot be written
     */
    public void writeJson(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
