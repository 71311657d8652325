package dev.ringcast.spring.boot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Server-Sent Events stream read with the JDK's HTTP client, block by block: enough for a test
 * to see ids, types and data in order. Not thread-safe; close it to end the stream.
 */
final class SseLines implements AutoCloseable {

    /** One dispatched block: its fields, in order ({@code id}, {@code event}, {@code data}...). */
    record Block(Map<String, String> fields) {
        String id() {
            return fields.get("id");
        }

        String event() {
            return fields.get("event");
        }

        String data() {
            return fields.get("data");
        }
    }

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseLines(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    static SseLines open(HttpClient http, URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new SseLines(http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    /** @return the next block that has an {@code event} or {@code data} field (id-only and comment blocks skipped) */
    Block nextEvent() throws IOException {
        for (;;) {
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> data = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                if (line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String name = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                if (name.equals("data")) {
                    data.add(value);
                } else {
                    fields.put(name, value);
                }
            }
            if (line == null) {
                throw new IOException("the stream ended");
            }
            if (!data.isEmpty()) {
                fields.put("data", String.join("\n", data));
            }
            if (fields.containsKey("event") || fields.containsKey("data")) {
                return new Block(fields);
            }
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
