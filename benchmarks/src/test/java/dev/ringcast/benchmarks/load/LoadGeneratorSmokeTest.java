package dev.ringcast.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke pass, so the load generator never rots: 10 seconds of 100 SSE connections against
 * the Jetty server in its own JVM, failing on any gap, duplicate or reorder, and on nothing
 * delivered. Not a measurement: the figures are printed, never asserted.
 */
class LoadGeneratorSmokeTest {

    @Test
    void hundredSseConnectionsForTenSecondsGetEveryEventOnceInOrder() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LoadReport report = LoadGenerator.run(LoadOptions.parse("--transport", "sse", "--connections", "100",
                "--rate", "50", "--duration", "10s", "--client-threads", "1"), out);
        out.print(report.table());
        assertTrue(report.deliveries() > 0, "something was delivered");
        assertEquals(report.expectedDeliveries(), report.deliveries(), "every event to every connection");
        assertEquals(0, report.checks().gaps(), "gaps");
        assertEquals(0, report.checks().duplicates(), "duplicates");
        assertEquals(0, report.checks().reorders(), "reorders");
        assertEquals(0, report.checks().failedConnections(), "failed connections: " + report.checks().firstFailure());
        assertTrue(report.passed());
    }

    @Test
    void theWireBaselineServesTheSameClientsAndChecks() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        LoadReport report = LoadGenerator.run(LoadOptions.parse("--transport", "wire", "--server", "inprocess",
                "--connections", "20", "--rate", "100", "--duration", "1s", "--client-threads", "1"), out);
        out.print(report.table());
        assertEquals(20L * 100, report.deliveries());
        assertTrue(report.passed());
    }
}
