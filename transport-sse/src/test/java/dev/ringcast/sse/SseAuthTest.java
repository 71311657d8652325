package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Grant;
import dev.ringcast.core.auth.InvalidTokenException;
import dev.ringcast.core.auth.TokenVerifier;
import dev.ringcast.core.auth.StaticTokenVerifier;
import dev.ringcast.core.auth.TokenAuthorizer;
import dev.ringcast.core.auth.TopicPatterns;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.ServletContainer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may read what over SSE, in every container: tokens from the header, the query or a cookie,
 * 401 and 403 with JSON errors and no topic created, streams that end when their credentials
 * expire and resume with a fresh token from their id, foreign origins and rebinding hosts refused.
 */
@Timeout(60)
class SseAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SHORT_LIFE = Duration.ofMillis(2000);

    private EventHub hub;
    private ServletContainer container;
    private SseServlet servlet;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<InputStream> streams = new ArrayList<>();

    private void start(ContainerKind kind) {
        hub = EventHub.builder().build();
        StaticTokenVerifier table = StaticTokenVerifier.builder()
                .token("alice", new Grant("alice", TopicPatterns.of("orders", "news.*"), TopicPatterns.none(), null))
                .build();
        // "until-<epoch ms>": a token for orders that expires then, minted by the test as it connects.
        TokenVerifier minted = token -> {
            if (!token.startsWith("until-")) {
                throw new InvalidTokenException("not minted here", false);
            }
            return new Grant("alice", TopicPatterns.of("orders"), TopicPatterns.none(),
                    Instant.ofEpochMilli(Long.parseLong(token.substring(6))));
        };
        servlet = new SseServlet(hub, SseSettings.builder().heartbeat(Duration.ofMillis(200))
                .authorizer(TokenAuthorizer.builder(TokenVerifier.anyOf(List.of(table, minted))).cookie("rc_token").build())
                .allowedHosts(AllowedHosts.loopback(0)).build());
        container = kind.create().servlet("sse", servlet, "/sse").start();
    }

    @AfterEach
    void stop() throws Exception {
        for (InputStream s : streams) {
            s.close();
        }
        if (container != null) {
            container.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private HttpResponse<InputStream> open(String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.baseUri().resolve("/sse?" + query));
        headers.forEach(b::header);
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        streams.add(r.body());
        return r;
    }

    /** @return a token for orders that expires {@link #SHORT_LIFE} from now */
    private static String shortToken() {
        return "until-" + Instant.now().plus(SHORT_LIFE).toEpochMilli();
    }

    private static String body(HttpResponse<InputStream> r) throws Exception {
        assertTrue(r.statusCode() != 200, "a refusal was expected, but a stream opened");
        return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String error(String body) throws Exception {
        JsonNode node = JSON.readTree(body);
        assertEquals(1, node.size(), body);
        return node.get("error").asText();
    }

    /** One event read from a stream: its id, type and data; null fields for an id-only block. */
    private record Frame(String id, String event, String data) {
    }

    /** Reads frames until {@code until} is met or the stream ends; returns them, and whether it ended. */
    private static List<Frame> read(InputStream in, java.util.function.Predicate<List<Frame>> until, boolean toEnd)
            throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<Frame> frames = new ArrayList<>();
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isEmpty()) {
                        if (fields.containsKey("id") || fields.containsKey("event")) {
                            synchronized (frames) {
                                frames.add(new Frame(fields.get("id"), fields.get("event"), fields.get("data")));
                                if (!toEnd && until.test(frames)) {
                                    return;
                                }
                            }
                        }
                        fields.clear();
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        done.get(20, TimeUnit.SECONDS);
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamWithoutCredentialsOrWithAnUnknownTokenIs401AndCreatesNoTopic(ContainerKind kind) throws Exception {
        start(kind);
        HttpResponse<InputStream> none = open("topic=orders", Map.of());
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(error(body(none)).contains("Authorization: Bearer <token>"));

        HttpResponse<InputStream> unknown = open("topic=orders", Map.of("Authorization", "Bearer forged"));
        assertEquals(401, unknown.statusCode());
        assertTrue(error(body(unknown)).contains("not known"));
        assertFalse(hub.topicNames().contains("orders"), "a refused read touches no topic");
        assertEquals(0, hub.subscriptionCount());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aTokenForOtherTopicsIs403NamingTheTopicAndTheTopicIsNeverCreated(ContainerKind kind) throws Exception {
        start(kind);
        HttpResponse<InputStream> r = open("topic=orders&topic=payroll", Map.of("Authorization", "Bearer alice"));
        assertEquals(403, r.statusCode());
        assertTrue(error(body(r)).contains("topic \"payroll\""));
        assertFalse(hub.topicNames().contains("payroll"));
        assertFalse(hub.topicNames().contains("orders"), "nothing of a refused stream is created");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theTokenMayComeAsTheAccessTokenParameterOrTheConfiguredCookie(ContainerKind kind) throws Exception {
        start(kind);
        long id = hub.publish("news.eu", "headline", Map.of("n", 1)).id();
        HttpResponse<InputStream> query = open("topic=news.eu&lastEventId=0&access_token=alice", Map.of());
        assertEquals(200, query.statusCode());
        assertEquals(Long.toString(id), read(query.body(), f -> f.stream().anyMatch(x -> "headline".equals(x.event())),
                false).stream().filter(x -> "headline".equals(x.event())).findFirst().orElseThrow().id());

        HttpResponse<InputStream> cookie = open("topic=news.eu", Map.of("Cookie", "other=1; rc_token=alice"));
        assertEquals(200, cookie.statusCode());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamWhoseTokenExpiresEndsWithCredentialsExpiredAndAFreshTokenResumesFromItsId(ContainerKind kind)
            throws Exception {
        start(kind);
        long before = hub.publish("orders", "created", Map.of("order", 0)).id();
        long first = hub.publish("orders", "created", Map.of("order", 1)).id();
        long second = hub.publish("orders", "created", Map.of("order", 2)).id();
        String shortLived = shortToken();
        // Resuming after `before`: the two events are replayed at once, well before the token expires.
        HttpResponse<InputStream> r = open("topic=orders&lastEventId=" + before,
                Map.of("Authorization", "Bearer " + shortLived));
        assertEquals(200, r.statusCode());

        List<Frame> frames = read(r.body(), f -> false, true); // to the end of the stream, which expiry brings
        Frame last = frames.get(frames.size() - 1);
        assertEquals("credentials-expired", last.event(), frames.toString());
        assertEquals(Long.toString(second), last.id(), "the final event names the position to resume from");
        JsonNode data = JSON.readTree(last.data());
        assertEquals(Long.toString(second), data.get("lastEventId").asText());
        assertTrue(data.get("error").asText().contains("fresh token"), data.toString());
        assertTrue(frames.stream().anyMatch(f -> Long.toString(first).equals(f.id()) && "created".equals(f.event())));
        awaitNoStream();

        long missed = hub.publish("orders", "created", Map.of("order", 3)).id(); // while it was away
        HttpResponse<InputStream> expired = open("topic=orders&lastEventId=" + second,
                Map.of("Authorization", "Bearer " + shortLived));
        assertEquals(401, expired.statusCode(), "the old token no longer opens a stream");
        assertTrue(error(body(expired)).contains("expired"));

        HttpResponse<InputStream> fresh = open("topic=orders&lastEventId=" + last.id(), Map.of("Authorization", "Bearer alice"));
        assertEquals(200, fresh.statusCode());
        List<Frame> resumed = read(fresh.body(), f -> f.stream().anyMatch(x -> "created".equals(x.event())), false);
        assertEquals(List.of(Long.toString(missed)), resumed.stream().filter(x -> "created".equals(x.event()))
                .map(Frame::id).toList(), "exactly the event it missed, once: the cursor is in the id, not the token");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamThatSawNoEventLearnsItsPositionFromTheExpiredEvent(ContainerKind kind) throws Exception {
        start(kind);
        long head = hub.publish("orders", "before", 0).id();
        HttpResponse<InputStream> r = open("topic=orders", Map.of("Authorization", "Bearer " + shortToken()));
        List<Frame> frames = read(r.body(), f -> false, true);
        Frame last = frames.get(frames.size() - 1);
        assertEquals("credentials-expired", last.event());
        assertEquals(Long.toString(head), last.id());
        assertEquals(1, frames.stream().filter(f -> f.event() != null).count(), "no event, only the signal: " + frames);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aRebindingHostIs421AndAForeignOriginIs403WhileTheSameOriginIsServed(ContainerKind kind) throws Exception {
        start(kind);
        RawHttpClient raw = new RawHttpClient(container.port());
        RawHttpClient.Response rebound = raw.send("GET", "/sse?topic=orders&access_token=alice",
                Map.of("Host", "evil.example:" + container.port(), "Origin", "http://evil.example:" + container.port()),
                new byte[0]);
        assertEquals(421, rebound.status());
        assertTrue(error(rebound.body()).contains("evil.example"), rebound.body());

        HttpResponse<InputStream> foreign = open("topic=orders", Map.of("Authorization", "Bearer alice",
                "Origin", "http://evil.example"));
        assertEquals(403, foreign.statusCode());
        assertTrue(error(body(foreign)).contains("http://evil.example"));

        HttpResponse<InputStream> same = open("topic=orders", Map.of("Authorization", "Bearer alice",
                "Origin", "http://127.0.0.1:" + container.port()));
        assertEquals(200, same.statusCode(), "the page's own origin is served");
    }

    private void awaitNoStream() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((servlet.openStreams() > 0 || hub.subscriptionCount() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, servlet.openStreams());
        assertEquals(0, hub.subscriptionCount());
    }
}
