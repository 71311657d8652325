package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Grant;
import dev.ringcast.core.auth.InvalidTokenException;
import dev.ringcast.core.auth.StaticTokenVerifier;
import dev.ringcast.core.auth.TokenAuthorizer;
import dev.ringcast.core.auth.TokenVerifier;
import dev.ringcast.core.auth.TopicPatterns;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.ServletContainer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may poll and publish, in every container: tokens that grant publishing, 401 and 403 with
 * JSON errors and nothing published or created, a held poll that ends at its token's expiry,
 * publishes that a cross-site form or {@code text/plain} POST cannot make (with and without
 * untyped bodies), and a rebinding {@code Host} refused.
 */
@Timeout(60)
class LongPollAuthTest {

    private static final String BODY = "{\"type\":\"note\",\"data\":{\"text\":\"hi\"}}";

    private EventHub hub;
    private ServletContainer server;
    private PollClient client;

    private void start(ContainerKind kind) {
        hub = EventHub.builder().build();
        StaticTokenVerifier table = StaticTokenVerifier.builder()
                .token("writer", new Grant("writer", TopicPatterns.of("orders", "notes"), TopicPatterns.of("orders", "notes"),
                        null))
                .token("reader", new Grant("reader", TopicPatterns.of("orders"), TopicPatterns.none(), null))
                .build();
        // "until-<epoch ms>": a reader of orders whose token expires then, minted by the test.
        TokenVerifier minted = token -> {
            if (!token.startsWith("until-")) {
                throw new InvalidTokenException("not minted here", false);
            }
            return new Grant("reader", TopicPatterns.of("orders"), TopicPatterns.none(),
                    Instant.ofEpochMilli(Long.parseLong(token.substring(6))));
        };
        TokenAuthorizer auth = TokenAuthorizer.builder(TokenVerifier.anyOf(List.of(table, minted))).cookie("rc_token").build();
        LongPollSettings.Builder base = LongPollSettings.builder().authorizer(auth).allowedHosts(AllowedHosts.loopback(0));
        server = kind.create()
                .servlet("typed", new LongPollServlet(hub, base.build()), "/typed")
                .servlet("untyped", new LongPollServlet(hub, base.untypedJsonBodies(true).build()), "/untyped")
                .start();
        client = new PollClient(server.baseUri());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private PollClient.Answer post(String path, Map<String, String> headers, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return client.send(b);
    }

    private PollClient.Answer get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
        headers.forEach(b::header);
        return client.send(b);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void publishingNeedsATokenThatGrantsTheTopicAndARefusedPollCreatesNoTopic(ContainerKind kind) {
        start(kind);
        PollClient.Answer none = post("typed?topic=orders", Map.of(), "application/json", BODY);
        assertEquals(401, none.status(), none.body());
        assertEquals("Bearer", none.header("WWW-Authenticate"));
        assertTrue(none.error().contains("Authorization: Bearer <token>"), none.error());
        PollClient.Answer forged = post("typed?topic=orders", Map.of("Authorization", "Bearer forged"), "application/json", BODY);
        assertEquals(401, forged.status());
        PollClient.Answer reader = post("typed?topic=orders", Map.of("Authorization", "Bearer reader"), "application/json", BODY);
        assertEquals(403, reader.status());
        assertTrue(reader.error().contains("may not publish to topic \"orders\""), reader.error());
        assertFalse(hub.topicNames().contains("orders"), "no refused publish reached the hub");

        PollClient.Answer ok = post("typed?topic=orders", Map.of("Authorization", "Bearer writer"), "application/json", BODY);
        assertEquals(201, ok.status(), ok.body());
        assertEquals(List.of(ok.json().get("id").asLong()),
                get("typed?topic=orders&last_event=0&timeout=0", Map.of("Authorization", "Bearer reader")).numbers());

        PollClient.Answer payroll = get("typed?topic=payroll&timeout=0", Map.of("Authorization", "Bearer writer"));
        assertEquals(403, payroll.status());
        assertTrue(payroll.error().contains("topic \"payroll\""));
        assertEquals(401, get("typed?topic=payroll&timeout=0", Map.of()).status());
        assertFalse(hub.topicNames().contains("payroll"), "a refused poll creates no topic");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aHeldPollEndsAtItsTokensExpiryAndAFreshTokenPollsOnFromItsPosition(ContainerKind kind) {
        start(kind);
        long head = hub.publish("orders", "created", 1).id();
        String token = "until-" + Instant.now().plus(Duration.ofMillis(1500)).toEpochMilli();
        // Asked to be held for a minute: the token's expiry ends it first (the test's timeout would otherwise fail it).
        PollClient.Answer held = get("typed?topic=orders&timeout=60000", Map.of("Authorization", "Bearer " + token));
        assertEquals(List.of(), held.numbers());
        assertEquals(Long.toString(head), held.header("Ringcast-Position"));

        long missed = hub.publish("orders", "created", 2).id();
        PollClient.Answer expired = get("typed?topic=orders&timeout=0&last_event=" + head,
                Map.of("Authorization", "Bearer " + token));
        assertEquals(401, expired.status());
        assertTrue(expired.error().contains("expired") && expired.error().contains("fresh token"), expired.error());
        assertEquals(List.of(missed), get("typed?topic=orders&timeout=0&last_event=" + held.header("Ringcast-Position"),
                Map.of("Authorization", "Bearer reader")).numbers(), "nothing lost across the token change");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aCrossSiteFormOrTextPlainPostCannotPublishWithOrWithoutUntypedBodies(ContainerKind kind) throws Exception {
        start(kind);
        String cookie = "rc_token=writer"; // what the victim's browser would send along
        for (String servlet : List.of("typed", "untyped")) {
            String path = servlet + "?topic=notes";
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
                for (String origin : List.of("https://evil.example", "null", "http://127.0.0.1:" + (server.port() + 1))) {
                    PollClient.Answer a = post(path, Map.of("Cookie", cookie, "Origin", origin), type, BODY);
                    assertEquals(403, a.status(), servlet + " " + type + " from " + origin + ": " + a.body());
                    assertTrue(a.error().contains("origin"), a.error());
                }
            }
            PollClient.Answer json = post(path, Map.of("Cookie", cookie, "Origin", "https://evil.example"),
                    "application/json", BODY);
            assertEquals(403, json.status(), "a foreign page's fetch, after a preflight it would not pass either");
            PollClient.Answer noOrigin = post(path, Map.of("Cookie", cookie, "Sec-Fetch-Site", "cross-site"),
                    "text/plain", BODY);
            assertEquals(403, noOrigin.status(), "a cross-site write without Origin: " + noOrigin.body());
            PollClient.Answer preflight = client.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                    .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, preflight.status());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        assertFalse(hub.topicNames().contains("notes"), "nothing cross-site was published");

        String self = "http://127.0.0.1:" + server.port();
        assertEquals(201, post("untyped?topic=notes", Map.of("Cookie", cookie, "Origin", self), "text/plain", BODY).status(),
                "the page's own origin may publish");
        assertEquals(201, post("typed?topic=notes", Map.of("Cookie", cookie, "Origin", self), "application/json", BODY)
                .status());
        assertEquals(415, post("typed?topic=notes", Map.of("Cookie", cookie, "Origin", self), "text/plain", BODY).status(),
                "without untyped bodies, text/plain is never JSON");
        assertEquals(2, hub.window("notes").headId() - hub.window("notes").oldestId() + 1);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aRebindingHostIsRefusedWith421BeforeAnythingElse(ContainerKind kind) throws Exception {
        start(kind);
        RawHttpClient raw = new RawHttpClient(server.port());
        String evil = "rebind.evil.example:" + server.port();
        RawHttpClient.Response publish = raw.send("POST", "/untyped?topic=notes",
                Map.of("Host", evil, "Origin", "http://" + evil, "Content-Type", "text/plain", "Cookie", "rc_token=writer"),
                BODY.getBytes(StandardCharsets.UTF_8));
        assertEquals(421, publish.status(), publish.body());
        assertTrue(PollClient.JSON.readTree(publish.body()).get("error").asText().contains("rebind.evil.example"));
        RawHttpClient.Response poll = raw.send("GET", "/typed?topic=orders&timeout=0&access_token=reader",
                Map.of("Host", evil), new byte[0]);
        assertEquals(421, poll.status());
        assertFalse(hub.topicNames().contains("notes") || hub.topicNames().contains("orders"));
        RawHttpClient.Response local = raw.send("GET", "/typed?topic=orders&timeout=0&access_token=reader",
                Map.of("Host", "localhost:" + server.port()), new byte[0]);
        assertEquals(200, local.status(), "the server's own names are served");
    }
}
