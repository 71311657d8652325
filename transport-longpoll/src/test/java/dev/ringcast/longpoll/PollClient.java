package dev.ringcast.longpoll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A long-poll client over {@link HttpClient} (HTTP/1.1), for the tests. Thread-safe. */
final class PollClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;

    PollClient(URI base) {
        this(base, null);
    }

    PollClient(URI base, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (executor != null) {
            b.executor(executor);
        }
        this.http = b.build();
        this.base = base;
    }

    /** A response: status, headers and body. */
    record Answer(int status, HttpHeaders headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        /** @return the answer's elements; fails unless it is a 200 with a JSON array */
        List<JsonNode> elements() {
            if (status != 200) {
                throw new AssertionError("expected 200, got " + status + ": " + body);
            }
            JsonNode array = json();
            if (!array.isArray()) {
                throw new AssertionError("expected a JSON array: " + body);
            }
            List<JsonNode> out = new ArrayList<>();
            array.forEach(out::add);
            return out;
        }

        /** @return the numbers of the answer's elements */
        List<Long> numbers() {
            return elements().stream().map(e -> e.get("number").asLong()).toList();
        }

        String error() {
            JsonNode error = json().get("error");
            if (error == null || !error.isTextual()) {
                throw new AssertionError("expected {\"error\": ...}, got: " + body);
            }
            return error.asText();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Answer get(String path) {
        return join(getAsync(path));
    }

    CompletableFuture<Answer> getAsync(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    Answer post(String path, String json) {
        return post(path, "application/json", json);
    }

    Answer post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return join(send(b.build()));
    }

    Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Answer send(HttpRequest.Builder request) {
        return join(send(request.build()));
    }

    CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.headers(), r.body()));
    }

    /** @return the id of the published event, failing unless the answer is a 201 {"id":..} */
    long publish(String path, String type, String dataJson) {
        Answer a = post(path, "{\"type\":" + quote(type) + ",\"data\":" + dataJson + "}");
        if (a.status() != 201) {
            throw new AssertionError("expected 201, got " + a.status() + ": " + a.body());
        }
        return a.json().get("id").asLong();
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer join(CompletableFuture<Answer> f) {
        try {
            return f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
