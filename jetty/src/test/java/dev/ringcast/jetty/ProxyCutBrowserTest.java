package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.sse.SseSettings;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.CuttingProxy;
import dev.ringcast.testkit.HeadlessChromium;
import dev.ringcast.testkit.ServletContainer;
import dev.ringcast.websocket.OriginCheck;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The browser's own EventSource and WebSocket (Debian's Chromium, headless) reading a real
 * {@link RingcastServer} through a {@link CuttingProxy} that resets every connection after 1 to
 * 2 s, with neither a close frame nor a FIN (and delays bytes by 50 ms, so that frames are in
 * flight, and lost, at every cut), while the test publishes: every event must arrive
 * exactly once, in order, with no reset. Nothing in the page helps the EventSource: it reconnects
 * on its own after the server's retry hint (longer than a connection lives) and sends
 * {@code Last-Event-ID} itself.
 *
 * <p>The page comes from a second server, so the streams (through the proxy) are cross-origin
 * and the SSE servlet allows the page's origin.
 */
@Timeout(120)
class ProxyCutBrowserTest {

    private static final Duration CUT_AFTER_MIN = Duration.ofSeconds(1);
    private static final Duration CUT_AFTER_MAX = Duration.ofSeconds(2);
    /** What is in flight at a cut is lost: about 15 events at 300 events/s. */
    private static final Duration LATENCY = Duration.ofMillis(50);
    private static final Duration SSE_RETRY = Duration.ofMillis(2500);
    private static final Duration WS_RECONNECT = Duration.ofMillis(1000);
    private static final int EVENTS = 1500;
    private static final Duration PUBLISHING = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static ServletContainer pages;
    private static RingcastServer server;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void startServersAndBrowser() {
        pages = ContainerKind.JETTY.create().servlet("page", new PageServlet(), "/cut-streams.html").start();
        String pageOrigin = "http://127.0.0.1:" + pages.port();
        SseSettings sse = SseSettings.builder().retry(SSE_RETRY).heartbeat(Duration.ofSeconds(1))
                .allowedOrigins(List.of(pageOrigin)).build();
        // The page comes from another origin (another port): both transports must allow it.
        WebSocketSettings ws = WebSocketSettings.builder().originCheck(OriginCheck.sameOriginOr(List.of(pageOrigin))).build();
        server = RingcastServer.builder().port(0).ringCapacity(4096).demoPage(false).sseSettings(sse)
                .webSocketSettings(ws).build().start();
        chromium = HeadlessChromium.launch();
    }

    @AfterAll
    static void stopAll() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (pages != null) {
                    pages.close();
                }
            }
        }
    }

    @Test
    void theBrowsersEventSourceGetsEveryEventOnceInOrderWhileTheProxyCutsEveryConnection() throws Exception {
        String topic = newTopic("sse");
        try (CuttingProxy proxy = cuttingEvery1To2s()) {
            openPage("sse", proxy.uri().resolve("sse?topic=" + topic));
            chromium.waitUntil("window.rec.opens >= 1", WAIT);

            List<Long> published = Delivery.publishSteadily(server.hub(), topic, EVENTS, PUBLISHING);

            List<Long> received = awaitAllAndOneMoreReconnect(published.size(), 4);
            Delivery.assertExactlyOnceInOrder(published, received, "EventSource through the cutting proxy");
            assertEquals(0L, count("window.rec.resets.length"), "resets: " + chromium.eval("return window.rec.resets;"));
            assertEquals(0L, count("window.rec.unexpected.length"));
            long opens = count("window.rec.opens");
            report("SSE", proxy, opens, received.size());
            assertTrue(proxy.cuts() >= 3, "the proxy cut " + proxy.cuts() + " connections: too few to test resumption");
            assertTrue(opens >= 4, "the EventSource opened " + opens + " times");
        }
    }

    @Test
    void anEventSourceCutBeforeItsFirstEventResumesFromWhereItFirstConnected() throws Exception {
        String topic = newTopic("sse-first");
        server.hub().publish(topic, "tick", Map.of("n", "before the page")); // the page starts after it
        try (CuttingProxy proxy = CuttingProxy.to(server.port()).start()) {
            openPage("sse", proxy.uri().resolve("sse?topic=" + topic));
            chromium.waitUntil("window.rec.opens === 1", WAIT);
            Thread.sleep(200); // the position block follows the headers in the same write; let it be read

            assertEquals(1, proxy.cutAll(), "the page's one stream");
            // The browser now waits out the retry hint (2.5 s): these are published meanwhile.
            List<Long> published = Delivery.publishSteadily(server.hub(), topic, 300, Duration.ofMillis(300));
            assertEquals(0L, count("window.rec.ids.length"), "published while the EventSource was disconnected");
            assertEquals(1L, count("window.rec.opens"), "the EventSource had not reconnected yet");

            Delivery.await(() -> count("window.rec.opens") >= 2, WAIT, () -> "the EventSource to reconnect: " + summary());
            // Without the position it would resume live, and these would never come: wait a while, then compare.
            Delivery.within(() -> count("window.rec.ids.length") >= published.size(), Duration.ofSeconds(5));
            Thread.sleep(300); // anything repeated would arrive now
            Delivery.assertExactlyOnceInOrder(published, receivedIds(),
                    "EventSource cut before its first event, events published during its retry wait");
            assertEquals(0L, count("window.rec.resets.length"));
        }
    }

    @Test
    void theBrowsersWebSocketResumingWithItsLastIdGetsEveryEventOnceInOrderWhileTheProxyCutsEveryConnection()
            throws Exception {
        String topic = newTopic("ws");
        try (CuttingProxy proxy = cuttingEvery1To2s()) {
            openPage("websocket", URI.create("ws://127.0.0.1:" + proxy.port() + "/ws?topic=" + topic));
            chromium.waitUntil("window.rec.positions.length >= 1", WAIT); // subscribed: the page knows its position

            List<Long> published = Delivery.publishSteadily(server.hub(), topic, EVENTS, PUBLISHING);

            List<Long> received = awaitAllAndOneMoreReconnect(published.size(), 4);
            Delivery.assertExactlyOnceInOrder(published, received, "WebSocket through the cutting proxy");
            assertEquals(0L, count("window.rec.resets.length"), "resets: " + chromium.eval("return window.rec.resets;"));
            assertEquals(0L, count("window.rec.unexpected.length"),
                    "frames other than events: " + chromium.eval("return window.rec.unexpected;"));
            long opens = count("window.rec.opens");
            report("WebSocket", proxy, opens, received.size());
            assertTrue(proxy.cuts() >= 3, "the proxy cut " + proxy.cuts() + " connections: too few to test resumption");
            assertTrue(opens >= 4, "the WebSocket opened " + opens + " times");
            @SuppressWarnings("unchecked")
            List<Object> closes = (List<Object>) chromium.eval("return window.rec.closes;");
            assertTrue(closes.stream().allMatch(code -> ((Number) code).intValue() == 1006),
                    "every close was abnormal (no close frame), as a cut is: " + closes);
        }
    }

    /** A proxy to the server that resets every connection after 1 to 2 s, bytes delayed on the way. */
    private static CuttingProxy cuttingEvery1To2s() {
        return CuttingProxy.to(server.port()).lifetime(CUT_AFTER_MIN, CUT_AFTER_MAX).latency(LATENCY).start();
    }

    /**
     * Waits until the page has received {@code count} events and has opened its stream again
     * since (so that anything the server would repeat on a reconnect has had its chance), and at
     * least {@code minOpens} times in all.
     */
    private static List<Long> awaitAllAndOneMoreReconnect(int count, int minOpens) throws InterruptedException {
        // Connections live 2 s at most and the page is back within 2.5 s: what is missing after
        // several of those cycles is lost, and the caller's assertion says what it was.
        if (!Delivery.within(() -> count("window.rec.ids.length") >= count, SETTLE)) {
            return receivedIds();
        }
        long opensWhenComplete = count("window.rec.opens");
        Delivery.await(() -> count("window.rec.opens") >= Math.max(minOpens, opensWhenComplete + 1), WAIT,
                () -> "another reconnect after the last event: " + summary());
        Thread.sleep(300); // what a reconnect would repeat arrives right after its open
        return receivedIds();
    }

    private static void openPage(String mode, URI stream) {
        chromium.open(pages.baseUri().resolve("cut-streams.html?mode=" + mode + "&reconnectMs=" + WS_RECONNECT.toMillis()
                + "&src=" + URLEncoder.encode(stream.toString(), StandardCharsets.UTF_8)));
    }

    private static List<Long> receivedIds() {
        @SuppressWarnings("unchecked")
        List<Object> ids = (List<Object>) chromium.eval("return window.rec.ids;");
        return ids.stream().map(o -> Long.parseLong(o.toString())).toList();
    }

    private static long count(String expression) {
        return ((Number) chromium.eval("return " + expression + ";")).longValue();
    }

    private static String summary() {
        return String.valueOf(chromium.eval("return document.getElementById('summary').textContent;"));
    }

    private static void report(String transport, CuttingProxy proxy, long opens, int events) {
        System.out.printf("%s through the cutting proxy: %d connections, %d cut, %d opens seen by the page, %d events%n",
                transport, proxy.connections(), proxy.cuts(), opens, events);
    }

    private static String newTopic(String prefix) {
        return "cut-" + prefix + "-" + TOPICS.incrementAndGet();
    }

    /** Serves the recording page, {@code cut-streams.html}, from the test's resources. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (InputStream in = ProxyCutBrowserTest.class.getResourceAsStream("cut-streams.html")) {
                if (in == null) {
                    response.sendError(500, "cut-streams.html is missing from the test resources");
                    return;
                }
                response.setContentType("text/html;charset=utf-8");
                response.setHeader("Cache-Control", "no-store");
                response.getOutputStream().write(in.readAllBytes());
            }
        }
    }
}
