package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Grant;
import dev.ringcast.core.auth.InvalidTokenException;
import dev.ringcast.core.auth.TokenAuthorizer;
import dev.ringcast.core.auth.TopicPatterns;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.ServletContainer;
import dev.ringcast.testkit.WebSocketTestClient;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may read what over WebSocket and durable channels, in every container, with the JDK's
 * client: 401 and 403 at the handshake and on subscribe messages with no topic created, close
 * 4004 when the token expires and a resume with a fresh token, the same-origin default, rebinding
 * hosts refused, and channels re-authorized at every connection.
 */
@Timeout(60)
class WebSocketAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tokens and what they grant; a test may change a grant, as an identity provider would. */
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final List<WebSocketTestClient> clients = new ArrayList<>();
    private EventHub hub;
    private ChannelRegistry channels;
    private ServletContainer server;

    private void start(ContainerKind kind) {
        grants.put("alice", grant("alice", "orders", "news.*"));
        grants.put("bob", grant("bob", "orders"));
        grants.put("carol", grant("carol", "orders", "payroll"));
        TokenAuthorizer auth = TokenAuthorizer.of(token -> {
            if (token.startsWith("until-")) { // a reader of orders until then, minted by the test
                return new Grant("dave", TopicPatterns.of("orders"), TopicPatterns.none(),
                        Instant.ofEpochMilli(Long.parseLong(token.substring(6))));
            }
            Grant g = grants.get(token);
            if (g == null) {
                throw new InvalidTokenException("the token is not known to this server", false);
            }
            return g;
        });
        WebSocketSettings settings = WebSocketSettings.builder().authorizer(auth)
                .allowedHosts(AllowedHosts.loopback(0)).build();
        hub = EventHub.builder().build();
        channels = ChannelRegistry.builder(hub).build();
        ServerEndpointConfig filtered = RingcastWebSocket.endpointConfig(hub, settings, "/filtered");
        HandshakeFilter filter = new HandshakeFilter(filtered);
        server = kind.create()
                .endpoint(RingcastWebSocket.endpointConfig(hub, settings, "/ws"))
                .endpoint(filtered)
                .filter(HandshakeFilter.NAME, filter, filter.urlPatterns().toArray(new String[0]))
                .endpoint(RingcastWebSocket.channelEndpointConfig(channels, settings, "/channels/{name}/ws"))
                .servlet("channels", new ChannelsServlet(channels, settings), "/channels/*")
                .start();
    }

    private static Grant grant(String who, String... topics) {
        return new Grant(who, TopicPatterns.of(topics), TopicPatterns.none(), null);
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketTestClient::close);
        if (server != null) {
            server.close();
        }
        if (channels != null) {
            channels.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private WebSocketTestClient connect(String pathAndQuery, Map<String, String> headers) throws Exception {
        WebSocketTestClient c = JdkWebSocketClient.connect(ws(pathAndQuery), headers);
        clients.add(c);
        return c;
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** The connection was refused at open: an error frame with the status, then close 1008. */
    private static String refusedAtOpen(WebSocketTestClient c, int status) throws Exception {
        JsonNode error = c.nextJson();
        assertEquals("error", error.get("type").asText(), error.toString());
        assertEquals(status, error.get("status").asInt(), error.toString());
        assertEquals(RingcastCloseCodes.POLICY_VIOLATION, c.awaitClose());
        return error.get("error").asText();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aHandshakeWithoutOrWithABadTokenIsRefused401AndCreatesNoTopic(ContainerKind kind) throws Exception {
        start(kind);
        assertTrue(refusedAtOpen(connect("/ws?topic=orders", Map.of()), 401).contains("Authorization: Bearer <token>"));
        assertTrue(refusedAtOpen(connect("/ws?topic=orders", bearer("forged")), 401).contains("not known"));

        RawHttpClient raw = new RawHttpClient(server.port());
        RawHttpClient.Response before = raw.webSocketHandshake("/filtered?topic=orders", Map.of());
        assertEquals(401, before.status(), "behind the handshake filter, before the upgrade");
        assertTrue(JSON.readTree(before.body()).get("error").asText().contains("Bearer"), before.body());
        assertFalse(hub.topicNames().contains("orders"));

        WebSocketTestClient query = connect("/ws?topic=orders&access_token=bob", Map.of());
        assertEquals("subscribed", query.nextJson().get("type").asText(), "a browser passes the token in the query");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aTopicTheTokenDoesNotGrantIs403AtTheHandshakeAndOnASubscribeAndIsNeverCreated(ContainerKind kind)
            throws Exception {
        start(kind);
        assertTrue(refusedAtOpen(connect("/ws?topic=orders&topic=payroll", bearer("bob")), 403).contains("\"payroll\""));
        WebSocketTestClient c = connect("/ws", bearer("bob"));
        c.send("{\"action\":\"subscribe\",\"topic\":\"payroll\"}");
        JsonNode error = c.nextJson();
        assertEquals(403, error.get("status").asInt(), error.toString());
        c.send("{\"action\":\"subscribe\",\"topic\":\"orders\"}");
        assertEquals("orders", c.nextJson().get("topic").asText(), "the connection stays open for what it may read");
        assertFalse(hub.topicNames().contains("payroll"), "no refused read created the topic");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aConnectionWhoseTokenExpiresIsClosedWith4004AndAFreshTokenResumesFromItsLastId(ContainerKind kind)
            throws Exception {
        start(kind);
        long before = hub.publish("orders", "created", 0).id();
        long first = hub.publish("orders", "created", 1).id();
        long second = hub.publish("orders", "created", 2).id();
        String token = "until-" + Instant.now().plus(Duration.ofSeconds(2)).toEpochMilli();
        WebSocketTestClient c = connect("/ws?topic=orders&lastEventId=" + before, bearer(token));
        assertEquals("subscribed", c.nextJson().get("type").asText());
        assertEquals(first, c.nextJson().get("id").asLong());
        assertEquals(second, c.nextJson().get("id").asLong());
        JsonNode expired = c.nextJson();
        assertEquals(401, expired.get("status").asInt(), expired.toString());
        assertTrue(expired.get("error").asText().contains("fresh token"), expired.toString());
        assertEquals(RingcastCloseCodes.CREDENTIALS_EXPIRED, c.awaitClose());
        Fixture.await(() -> hub.subscriptionCount() == 0, "the expired connection's subscription to end");

        long missed = hub.publish("orders", "created", 3).id();
        assertTrue(refusedAtOpen(connect("/ws?topic=orders&lastEventId=" + second, bearer(token)), 401)
                .contains("expired"));
        WebSocketTestClient fresh = connect("/ws?topic=orders&lastEventId=" + second, bearer("alice"));
        assertEquals(second, fresh.nextJson().get("lastEventId").asLong());
        assertEquals(missed, fresh.nextJson().get("id").asLong());
        assertNull(fresh.poll(Duration.ofMillis(200)), "nothing repeated: the position is in the id, not the token");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theDefaultOriginCheckAllowsOnlyTheEndpointsOwnOriginAndARebindingHostIs421(ContainerKind kind)
            throws Exception {
        start(kind);
        assertTrue(refusedAtOpen(connect("/ws?topic=orders", Map.of("Authorization", "Bearer bob",
                "Origin", "https://evil.example")), 403).contains("https://evil.example"));
        RawHttpClient raw = new RawHttpClient(server.port());
        assertEquals(403, raw.webSocketHandshake("/filtered?topic=orders",
                Map.of("Authorization", "Bearer bob", "Origin", "http://127.0.0.1:" + (server.port() + 1))).status(),
                "another port is another origin");
        String evil = "rebind.evil.example:" + server.port();
        RawHttpClient.Response rebound = raw.webSocketHandshake("/filtered?topic=orders",
                Map.of("Host", evil, "Origin", "http://" + evil, "Authorization", "Bearer bob"));
        assertEquals(421, rebound.status(), rebound.body());
        assertTrue(JSON.readTree(rebound.body()).get("error").asText().contains("rebind.evil.example"));
        assertFalse(hub.topicNames().contains("orders"));

        WebSocketTestClient same = connect("/ws?topic=orders", Map.of("Authorization", "Bearer bob",
                "Origin", "http://127.0.0.1:" + server.port()));
        assertEquals("subscribed", same.nextJson().get("type").asText(), "the page's own origin connects");
        WebSocketTestClient service = connect("/ws?topic=orders", bearer("bob"));
        assertEquals("subscribed", service.nextJson().get("type").asText(), "a client without Origin connects");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aChannelIsReauthorizedAtEveryConnectionSoATopicTheTokenLostCannotBeReadThroughIt(ContainerKind kind)
            throws Exception {
        start(kind);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(server.baseUri().resolve("channels/salaries"))
                .header("Authorization", "Bearer carol").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"payroll\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        WebSocketTestClient first = connect("/channels/salaries/ws", bearer("carol"));
        assertEquals("subscribed", first.nextJson().get("type").asText());
        first.close();
        Fixture.await(() -> hub.subscriptionCount() == 0, "the first connection to end");

        hub.publish("payroll", "salary", Map.of("amount", 1));
        grants.put("carol", grant("carol", "orders")); // carol is no longer allowed to read payroll
        String refusal = refusedAtOpen(connect("/channels/salaries/ws", bearer("carol")), 403);
        assertTrue(refusal.contains("\"payroll\"") && refusal.contains("channel \"salaries\""), refusal);
        assertEquals(0, hub.subscriptionCount(), "nothing of payroll was read");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(server.baseUri().resolve("channels/salaries"))
                .header("Authorization", "Bearer carol").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"payroll\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, again.statusCode(), again.body());
        HttpResponse<String> secret = http.send(HttpRequest.newBuilder(server.baseUri().resolve("channels/peek"))
                .header("Authorization", "Bearer bob").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"board-minutes\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, secret.statusCode(), secret.body());
        assertFalse(hub.topicNames().contains("board-minutes"), "a refused channel PUT creates no topic");
        assertTrue(refusedAtOpen(connect("/channels/salaries/ws", Map.of()), 401).contains("Bearer"));
    }
}
