package dev.ringcast.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One client that stops reading among healthy ones: the healthy ones still get every event, once
 * and in order, the server cuts the stalled one off (its SSE stream could not be written for four
 * heartbeats), and the server's heap stays small while it does. The latency it costs the others
 * is measured by the load generator (benchmarks/RESULTS.md), not asserted here.
 */
class SlowConsumerIsolationTest {

    @Test
    void aStalledSseClientIsCutOffAndCostsTheOthersNoEvent() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // 16 KB events at 50/s: 6.4 MB in 8 s, more than the kernel buffers a stalled socket (4 KiB
        // of receive window, at most 4 MiB of send buffer), so the server really cannot write to it.
        LoadReport report = LoadGenerator.run(LoadOptions.parse("--transport", "sse", "--connections", "50",
                "--stalled", "1", "--rate", "50", "--duration", "8s", "--client-threads", "1",
                "--payload-bytes", "16000", "--server-heartbeat", "500ms", "--sample-every", "2s"), out);
        out.print(report.table());
        assertEquals(report.expectedDeliveries(), report.deliveries(), "every event to every healthy connection");
        assertEquals(0, report.checks().gaps() + report.checks().duplicates() + report.checks().reorders(),
                "no gap, duplicate or reorder");
        assertTrue(report.passed());
        assertEquals(1, report.stalled().connections());
        assertEquals(1, report.stalled().cutOff(), "the server cut the stalled stream off");
        assertFalse(report.samples().isEmpty(), "the server was sampled while publishing");
        for (LoadReport.Sample s : report.samples()) {
            assertTrue(s.heapBytes() < 128L << 20, "heap after GC " + LoadReport.size(s.heapBytes()) + " at " + s.seconds() + " s");
        }
    }
}
