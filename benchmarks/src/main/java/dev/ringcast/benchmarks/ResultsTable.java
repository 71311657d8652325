package dev.ringcast.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results ({@code -rf json}) into one markdown table per benchmark: its
 * parameters, the primary score with its error, and every secondary counter (deliveries/s, drops/s).
 *
 * <pre>{@code java -cp benchmarks.jar dev.ringcast.benchmarks.ResultsTable results.json > results.md}</pre>
 */
public final class ResultsTable {

    private ResultsTable() {
    }

    /**
     * @param json JMH's JSON results
     * @return the markdown
     */
    public static String markdown(JsonNode json) {
        StringBuilder out = new StringBuilder();
        String current = null;
        List<String> columns = new ArrayList<>();
        for (JsonNode run : json) {
            String name = run.path("benchmark").asText();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            if (!shortName.equals(current)) {
                current = shortName;
                columns.clear();
                run.path("params").fieldNames().forEachRemaining(columns::add);
                List<String> secondary = new ArrayList<>();
                run.path("secondaryMetrics").fieldNames().forEachRemaining(secondary::add);
                out.append("\n### ").append(shortName).append(" (").append(run.path("mode").asText())
                        .append(", threads ").append(run.path("threads").asInt()).append(")\n\n| ");
                columns.forEach(c -> out.append(c).append(" | "));
                out.append("score | ± | unit | ");
                secondary.forEach(s -> out.append(s).append(" | "));
                out.append("\n|");
                for (int i = 0; i < columns.size() + 3 + secondary.size(); i++) {
                    out.append("---|");
                }
                out.append('\n');
            }
            out.append("| ");
            for (String c : columns) {
                out.append(run.path("params").path(c).asText()).append(" | ");
            }
            JsonNode primary = run.path("primaryMetric");
            out.append(number(primary.path("score").asDouble())).append(" | ")
                    .append(number(primary.path("scoreError").asDouble())).append(" | ")
                    .append(primary.path("scoreUnit").asText()).append(" | ");
            for (Iterator<Map.Entry<String, JsonNode>> it = run.path("secondaryMetrics").fields(); it.hasNext();) {
                JsonNode m = it.next().getValue();
                out.append(number(m.path("score").asDouble())).append(' ').append(m.path("scoreUnit").asText())
                        .append(" | ");
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * Entry point.
     *
     * @param args the JSON file
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultsTable <jmh-results.json>");
            System.exit(2);
        }
        System.out.print(markdown(new ObjectMapper().readTree(Files.readString(Path.of(args[0])))));
    }
}
