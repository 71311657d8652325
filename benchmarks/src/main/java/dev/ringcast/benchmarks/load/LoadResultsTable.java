package dev.ringcast.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns load reports ({@code --out FILE}, one per run) into one markdown table, a row per run:
 * the load (N subscribers, R events/s asked), the server, deliveries/s, latency, server CPU per
 * delivery, memory per connection and the checks. Rows are grouped by load, in the order given.
 *
 * <pre>{@code java -cp benchmarks.jar dev.ringcast.benchmarks.load.LoadResultsTable a.json b.json > table.md}</pre>
 */
public final class LoadResultsTable {

    private LoadResultsTable() {
    }

    /**
     * @param args the JSON reports
     * @throws IOException if one cannot be read
     */
    public static void main(String[] args) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> reports = new ArrayList<>();
        for (String a : args) {
            reports.add(mapper.readTree(Path.of(a).toFile()));
        }
        System.out.print(markdown(reports));
    }

    /**
     * @param reports load reports as JSON
     * @return the markdown table
     */
    static String markdown(List<JsonNode> reports) {
        List<JsonNode> sorted = new ArrayList<>(reports);
        // Stable: the runs of one load stay in the order they were given.
        sorted.sort(Comparator.comparingInt((JsonNode r) -> r.path("connections").asInt())
                .thenComparingDouble(LoadResultsTable::askedRate));
        StringBuilder b = new StringBuilder();
        b.append("| N, R asked | server | published/s | deliveries/s | p50 / p99 ms | server CPU µs per delivery "
                + "| RSS / heap per connection | gaps / dup / reorders |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (JsonNode r : sorted) {
            JsonNode lat = r.path("latencyMillis");
            JsonNode cpu = r.path("cpu");
            JsonNode mem = r.path("memory");
            JsonNode checks = r.path("checks");
            long expected = r.path("expectedDeliveries").asLong();
            long got = r.path("deliveries").asLong();
            b.append(String.format(Locale.ROOT, "| %,d, %,.0f | %s | %,.0f | %,.0f%s | %s / %s | %s | %s / %s | %d / %d / %d%s |%n",
                    r.path("connections").asInt(), askedRate(r), name(r.path("transport").asText()),
                    r.path("publish").path("perSecond").asDouble(), r.path("deliveriesPerSecond").asDouble(),
                    got == expected ? "" : String.format(Locale.ROOT, " (%,d of %,d)", got, expected),
                    ms(lat.path("p50").asDouble()), ms(lat.path("p99").asDouble()),
                    cpu.path("microsPerDelivery").asDouble(-1) < 0 ? "?"
                            : String.format(Locale.ROOT, "%.2f", cpu.path("microsPerDelivery").asDouble()),
                    kib(mem.path("rssPerConnectionBytes").asLong(-1)), kib(mem.path("heapPerConnectionBytes").asLong(-1)),
                    checks.path("gaps").asLong(), checks.path("duplicates").asLong(), checks.path("reorders").asLong(),
                    checks.path("resets").asLong() > 0 ? " (" + checks.path("resets").asLong() + " resets)" : ""));
        }
        return b.toString();
    }

    /** The rate asked for ({@code --rate}). */
    private static double askedRate(JsonNode r) {
        return r.path("askedRate").asDouble(r.path("publish").path("perSecond").asDouble());
    }

    private static String name(String transport) {
        return switch (transport) {
            case "sse" -> "Ringcast SSE";
            case "wire" -> "wire baseline";
            case "nchan" -> "Nchan 1.3.6";
            default -> "Ringcast " + transport;
        };
    }

    private static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String kib(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
