package dev.ringcast.examples.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.RawHttpClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hosting recipe "a WAR on Tomcat" (docs/hosting.md): {@code src/main/webapp/WEB-INF/web.xml},
 * as written, deployed on a real Tomcat 11 and parsed by it. The servlets are built by Tomcat from
 * their class names with no arguments, so every setting they honor came from web.xml's init
 * parameters and the listener's context attributes.
 */
class WarOnTomcatTest {

    private static final String TOKENS = """
            {"tokens": [{"token": "reader-and-writer", "principal": "app",
                         "subscribe": ["orders"], "publish": ["orders"]},
                        {"token": "counted", "principal": "counted", "subscribe": ["orders"]}]}""";

    @TempDir
    static Path dir;
    private static Tomcat tomcat;
    private static Context app;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.json"), TOKENS);
        tomcat = new Tomcat();
        tomcat.setSilent(true);
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAppBase(dir.toString());
        app = tomcat.addWebapp("", Path.of("src/main/webapp").toAbsolutePath().toString());
        // The one context-param web.xml leaves commented out: the token table.
        app.addParameter("ringcast.token-file", tokens.toString());
        // A WAR has its own jars; here the classes are on the test's class path: do not scan it,
        // and take only Tomcat's own WebSocket initializer (Jetty's and Undertow's are there too).
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        app.setJarScanner(scanner);
        app.setContainerSciFilter("org\\.eclipse\\.jetty\\..*|io\\.undertow\\..*");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> publish(String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri("/topics/orders/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"created\",\"data\":{\"order\":42}}"));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAuthorizerFromTheListenerGuardsEveryTransport() throws Exception {
        assertEquals(401, publish(null).statusCode());
        assertEquals(401, HTTP.send(HttpRequest.newBuilder(uri("/sse?topic=orders")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(401, new RawHttpClient(port).webSocketHandshake("/ws?topic=orders", Map.of()).status());
    }

    @Test
    void theAllowedOriginsInitParameterReachesTheSseAndLongPollServlets() throws Exception {
        RawHttpClient raw = new RawHttpClient(port);
        Map<String, String> app = Map.of("Origin", "https://app.example.com",
                "Authorization", "Bearer reader-and-writer");
        RawHttpClient.Response poll = raw.send("GET", "/topics/orders/events?timeout=0", app, new byte[0]);
        assertEquals(200, poll.status(), poll.body());
        assertEquals("https://app.example.com", poll.header("Access-Control-Allow-Origin"));
        Map<String, String> evil = Map.of("Origin", "https://evil.example", "Authorization", "Bearer reader-and-writer");
        assertEquals(403, raw.send("GET", "/topics/orders/events?timeout=0", evil, new byte[0]).status());
        assertEquals(403, raw.send("GET", "/sse?topic=orders", evil, new byte[0]).status());
        HttpResponse<Void> preflight = HTTP.send(HttpRequest.newBuilder(uri("/sse?topic=orders"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, preflight.statusCode());
        assertEquals("https://app.example.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void theTransportsShareTheListenersConnectionLimits() throws Exception {
        ConnectionLimits limits = (ConnectionLimits) app.getServletContext()
                .getAttribute(SseServlet.CONNECTION_LIMITS_ATTRIBUTE);
        // A principal of its own, so that connections other tests left closing are not counted.
        try (JdkWebSocketClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port
                + "/ws?topic=orders"), Map.of("Authorization", "Bearer counted"))) {
            assertTrue(ws.next().contains("\"subscribed\""));
            assertEquals(1, limits.openFor("counted", null));
            HttpResponse<InputStream> sse = HTTP.send(HttpRequest.newBuilder(uri("/sse?topic=orders"))
                    .header("Authorization", "Bearer counted").build(), HttpResponse.BodyHandlers.ofInputStream());
            try {
                assertEquals(200, sse.statusCode());
                assertEquals(2, limits.openFor("counted", null), "the stream and the WebSocket in one set of counters");
            } finally {
                sse.body().close();
            }
        }
    }

    @Test
    void anEventPublishedOverHttpArrivesOverSseAndWebSocket() throws Exception {
        try (JdkWebSocketClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port
                + "/ws?topic=orders"), Map.of("Authorization", "Bearer reader-and-writer"))) {
            assertTrue(ws.next().contains("\"subscribed\""));
            HttpResponse<String> published = publish("reader-and-writer");
            assertEquals(201, published.statusCode(), published.body());
            assertTrue(ws.next().contains("\"created\""));
        }
        HttpResponse<InputStream> sse = HTTP.send(HttpRequest.newBuilder(uri("/sse?topic=orders&lastEventId=0"))
                .header("Authorization", "Bearer reader-and-writer").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.equals("event: created")) {
                // the retry hint and the position come first
            }
            assertEquals("event: created", line);
        }
    }
}
