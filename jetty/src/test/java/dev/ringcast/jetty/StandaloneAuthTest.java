package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.WebSocketTestClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server's authentication flags, run as a user runs them: a token file, JWT keys
 * for HS256 and RS256 (real tokens, real keys), what it refuses to start without, and the hosts it
 * answers to.
 */
@Timeout(60)
class StandaloneAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-standalone".getBytes(StandardCharsets.UTF_8);

    private RingcastServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void refusesToServeWithoutAuthenticationOnANonLoopbackAddressSayingWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StandaloneServer.run(new String[] {"--port", "0", "--bind", "0.0.0.0"}, quiet()));
        for (String hint : List.of("without authentication", "--token-file", "--jwt-hs256-secret-file", "--allow-anonymous")) {
            assertTrue(e.getMessage().contains(hint), e.getMessage());
        }
        server = StandaloneServer.run(new String[] {"--port", "0", "--bind", "0.0.0.0", "--allow-anonymous"}, quiet());
        assertTrue(server.allowedHosts().isAny(), "bound to every interface, it answers to any name");
    }

    @Test
    void helpDocumentsEveryAuthenticationFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertNull(StandaloneServer.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8)));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String flag : List.of("--token-file", "--jwt-hs256-secret-file", "--jwt-rs256-public-key-file", "--jwt-issuer",
                "--jwt-audience", "--token-cookie", "--allowed-origins", "--allowed-hosts", "--allow-anonymous",
                "access_token", "ringcast.subscribe", "SECURITY.md")) {
            assertTrue(help.contains(flag), flag);
        }
    }

    @Test
    void badKeyFilesAreRefusedSayingWhichFlag(@TempDir Path dir) throws Exception {
        Path shortSecret = Files.writeString(dir.resolve("short"), "too short\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StandaloneServer.run(
                new String[] {"--port", "0", "--jwt-hs256-secret-file", shortSecret.toString()}, quiet()));
        assertTrue(e.getMessage().startsWith("--jwt-hs256-secret-file") && e.getMessage().contains("32"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> StandaloneServer.run(
                new String[] {"--port", "0", "--token-file", dir.resolve("absent.json").toString()}, quiet()));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
    }

    @Test
    void withTokensAndJwtKeysEveryTransportAndPublishNeedsATokenGrantingTheTopic(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        Path secret = Files.write(dir.resolve("hs256.secret"), (new String(SECRET, StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Path publicKey = Files.writeString(dir.resolve("rs256.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path tokens = Files.writeString(dir.resolve("tokens.json"), """
                {"tokens": [{"token": "static-publisher", "principal": "feeder", "publish": ["orders"]}]}
                """);
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        server = StandaloneServer.run(new String[] {"--port", "0", "--token-file", tokens.toString(),
                "--jwt-hs256-secret-file", secret.toString(), "--jwt-rs256-public-key-file", publicKey.toString(),
                "--token-cookie", "rc_token"}, new PrintStream(banner, true, StandardCharsets.UTF_8));
        assertTrue(banner.toString(StandardCharsets.UTF_8).contains("tokens required"), banner.toString());
        Instant exp = Instant.now().plus(Duration.ofHours(1));
        String reader = hs256("ann", exp, List.of("orders"), List.of());
        String rsReader = rs256(rsa, "rob", exp, List.of("orders"));

        HttpResponse<InputStream> anonymous = sse("orders", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(error(anonymous).contains("Authorization: Bearer"));
        HttpResponse<InputStream> other = sse("payroll", reader);
        assertEquals(403, other.statusCode());
        assertTrue(error(other).contains("\"payroll\""));
        assertFalse(server.hub().topicNames().contains("payroll"));

        HttpResponse<InputStream> stream = sse("orders", reader);
        assertEquals(200, stream.statusCode());
        assertEquals(200, sse("orders", rsReader).statusCode(), "an RS256 token too");
        stream.body().close();

        assertEquals(403, publish("orders", reader).statusCode(), "ann may only read");
        HttpResponse<String> published = publish("orders", "static-publisher");
        assertEquals(201, published.statusCode(), published.body());
        SignedJWT selfMade = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("ann", exp, List.of(), List.of("*")));
        selfMade.sign(new MACSigner("an attacker's own secret of 32+ bytes".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> forged = publish("orders", selfMade.serialize());
        assertEquals(401, forged.statusCode(), forged.body());

        WebSocketTestClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port()
                + "/ws?topic=orders&lastEventId=0&access_token=" + rsReader));
        try {
            assertEquals("subscribed", ws.nextJson().get("type").asText());
            assertEquals(JSON.readTree(published.body()).get("id").asLong(), ws.nextJson().get("id").asLong());
        } finally {
            ws.close();
        }
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(server.uri().resolve("topics/orders/events"
                + "?last_event=0&timeout=0")).header("Cookie", "rc_token=" + reader).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, poll.statusCode(), "the token from the cookie: " + poll.body());
        assertEquals(1, JSON.readTree(poll.body()).size());
    }

    @Test
    void theDefaultServerAnswersOnlyToItsLoopbackNamesOnEveryPath() throws Exception {
        server = RingcastServer.builder().port(0).build().start();
        RawHttpClient raw = new RawHttpClient(server.port());
        String evil = "rebind.evil.example:" + server.port();
        for (String path : List.of("/", "/sse?topic=t", "/topics/t/events?timeout=0", "/channels")) {
            RawHttpClient.Response r = raw.send("GET", path, Map.of("Host", evil), new byte[0]);
            assertEquals(421, r.status(), path);
            assertTrue(JSON.readTree(r.body()).get("error").asText().contains("rebind.evil.example"), r.body());
        }
        assertEquals(421, raw.send("POST", "/topics/t/events", Map.of("Host", evil, "Content-Type", "application/json"),
                "{\"type\":\"a\",\"data\":1}".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(421, raw.webSocketHandshake("/ws?topic=t", Map.of("Host", evil)).status());
        assertFalse(server.hub().topicNames().contains("t"), "nothing reached the hub");
        for (String name : List.of("localhost", "127.0.0.1", "[::1]")) {
            assertEquals(200, raw.send("GET", "/", Map.of("Host", name + ":" + server.port()), new byte[0]).status(), name);
        }
    }

    private HttpResponse<InputStream> sse(String topic, String token) throws Exception {
        URI uri = server.uri().resolve("sse?topic=" + topic + (token == null ? "" : "&access_token=" + token));
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String error(HttpResponse<InputStream> r) throws Exception {
        try (InputStream in = r.body()) {
            JsonNode node = JSON.readTree(in.readAllBytes());
            return node.get("error").asText();
        }
    }

    private HttpResponse<String> publish(String topic, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve("topics/" + topic + "/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"created\",\"data\":{\"order\":1}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JWTClaimsSet claims(String sub, Instant exp, List<String> subscribe, List<String> publish) {
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp))
                .claim("ringcast", Map.of("subscribe", subscribe, "publish", publish)).build();
    }

    private static String hs256(String sub, Instant exp, List<String> subscribe, List<String> publish) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(sub, exp, subscribe, publish));
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    private static String rs256(KeyPair keys, String sub, Instant exp, List<String> subscribe) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(sub, exp, subscribe, List.of()));
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        return jwt.serialize();
    }
}
