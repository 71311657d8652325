package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import dev.ringcast.testkit.JdkWebSocketClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The hosting recipe "Ringcast in your own embedded Jetty 12" (docs/hosting.md), as written: an
 * application with its own {@link Server} and servlets mounts Ringcast's with
 * {@link RingcastServlets}, and every transport works next to its own servlet.
 */
class YourJettyServerTest {

    /** The application's own servlet. */
    static final class HelloServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("hello from the app");
        }
    }

    @Test
    void ringcastMountedOnTheApplicationsOwnContextServesEveryTransportBesideItsServlets() throws Exception {
        // --- the recipe ---
        EventHub hub = EventHub.builder().build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HelloServlet()), "/api/hello");
        RingcastServlets ringcast = RingcastServlets.builder(hub).mountOn(context);
        server.setHandler(context);
        server.start();
        // ---
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            HttpClient http = HttpClient.newHttpClient();
            assertEquals("hello from the app", http.send(HttpRequest.newBuilder(base.resolve("api/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());

            try (JdkWebSocketClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:"
                    + connector.getLocalPort() + "/ws?topic=orders"))) {
                assertTrue(ws.next().contains("\"subscribed\""), "the subscribed frame comes first");
                HttpResponse<String> published = http.send(HttpRequest.newBuilder(base.resolve("topics/orders/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"created\",\"data\":{\"order\":42}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, published.statusCode(), published.body());
                assertTrue(ws.next().contains("\"created\""));
            }

            HttpResponse<String> poll = http.send(HttpRequest.newBuilder(
                    base.resolve("topics/orders/events?last_event=0&timeout=0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, poll.statusCode());
            assertTrue(poll.body().contains("\"created\""), poll.body());

            HttpResponse<InputStream> sse = http.send(HttpRequest.newBuilder(
                    base.resolve("sse?topic=orders&lastEventId=0")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, sse.statusCode());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null && !line.equals("event: created")) {
                    // the retry hint and the position come first
                }
                assertEquals("event: created", line);
                assertEquals("data: {\"order\":42}", lines.readLine());
            }

            HttpResponse<String> channel = http.send(HttpRequest.newBuilder(base.resolve("channels/mine"))
                    .header("Authorization", "Bearer key-1").header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"orders\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(channel.statusCode() == 200 || channel.statusCode() == 201, channel.statusCode() + " " + channel.body());
        } finally {
            // --- the recipe's shutdown ---
            server.stop();
            ringcast.close();
            hub.close();
        }
    }
}
