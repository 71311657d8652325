package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.sse.SseSettings;
import dev.ringcast.testkit.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real browser (Debian's Chromium, headless): its own EventSource receives the
 * events; when the server drops every stream, the browser's automatic reconnect resumes with
 * Last-Event-ID and nothing is lost or repeated. Its SSE panel shows every type, and its figures
 * come from {@code /metrics}.
 */
class DemoPageBrowserTest {

    @Test
    void theBrowsersOwnEventSourceResumesAfterTheServerDropsEveryStream() throws Exception {
        SseSettings fastRetry = SseSettings.builder().retry(Duration.ofMillis(300)).heartbeat(Duration.ofSeconds(1)).build();
        try (RingcastServer server = RingcastServer.builder().port(0).sseSettings(fastRetry).build().start();
             HeadlessChromium chromium = HeadlessChromium.launch()) {
            chromium.open(server.uri());
            chromium.waitUntil("window.ringcastDemo && window.ringcastDemo.sse.open && window.ringcastDemo.websocket.open",
                    Duration.ofSeconds(15));
            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                published.add(server.hub().publish("demo", "greeting", java.util.Map.of("n", i)).id());
            }
            chromium.waitUntil("window.ringcastDemo.sse.ids.length >= 5", Duration.ofSeconds(15));

            assertEquals(1, server.sseServlet().dropAllConnections(), "the page's one stream");
            for (int i = 5; i < 10; i++) {
                published.add(server.hub().publish("demo", "greeting", java.util.Map.of("n", i)).id());
            }
            chromium.waitUntil("window.ringcastDemo.sse.reconnects >= 1 && window.ringcastDemo.sse.ids.length >= 10",
                    Duration.ofSeconds(20));
            Thread.sleep(300); // anything repeated would arrive now
            @SuppressWarnings("unchecked")
            List<Object> ids = (List<Object>) chromium.eval("return window.ringcastDemo.sse.ids;");
            List<Long> received = ids.stream().map(o -> Long.parseLong(o.toString())).toList();
            assertEquals(published, received, "every event once, in order, across the reconnect");
            assertEquals(0L, ((Number) chromium.eval("return window.ringcastDemo.sse.resets.length;")).longValue());

            // The page's own publish form goes through POST /topics/demo/events.
            chromium.eval("document.getElementById('data').value = '{\"text\":\"from the page\"}';"
                    + "document.getElementById('publish-button').click();");
            chromium.waitUntil("window.ringcastDemo.sse.ids.length >= 11", Duration.ofSeconds(15));
            chromium.waitUntil("document.getElementById('publish-result').textContent.startsWith('published id')",
                    Duration.ofSeconds(5));

            // The long-poll panel sees the same events, in order, through its own loop.
            chromium.waitUntil("window.ringcastDemo.longpoll.ids.length >= 11", Duration.ofSeconds(15));
            @SuppressWarnings("unchecked")
            List<Object> polled = (List<Object>) chromium.eval("return window.ringcastDemo.longpoll.ids;");
            @SuppressWarnings("unchecked")
            List<Object> streamed = (List<Object>) chromium.eval("return window.ringcastDemo.sse.ids;");
            assertEquals(streamed, polled, "long-poll and SSE saw the same events in the same order");

            // The WebSocket panel too; then its socket closes and it reconnects with lastEventId.
            chromium.waitUntil("window.ringcastDemo.websocket.ids.length >= 11", Duration.ofSeconds(15));
            chromium.eval("window.ringcastDemo.websocket.socket.close();");
            chromium.waitUntil("!window.ringcastDemo.websocket.open", Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                server.hub().publish("demo", "greeting", java.util.Map.of("ws", i)); // while it is away
            }
            chromium.waitUntil("window.ringcastDemo.websocket.reconnects >= 1 && window.ringcastDemo.websocket.ids.length >= 14",
                    Duration.ofSeconds(15));
            Thread.sleep(300);
            @SuppressWarnings("unchecked")
            List<Object> overWs = (List<Object>) chromium.eval("return window.ringcastDemo.websocket.ids;");
            @SuppressWarnings("unchecked")
            List<Object> overSse = (List<Object>) chromium.eval("return window.ringcastDemo.sse.ids;");
            assertEquals(overSse, overWs, "the WebSocket panel lost and repeated nothing across its reconnect");

            // A type the page never published, as a curl publish would bring: the SSE panel shows it too.
            server.hub().publish("demo", "from-curl", java.util.Map.of("n", 1));
            chromium.waitUntil("window.ringcastDemo.sse.types.has('from-curl')", Duration.ofSeconds(15));

            // The live figures, read from /metrics.
            chromium.waitUntil("window.ringcastDemo.figures && window.ringcastDemo.figures['ringcast_events_published_total'] >= 15"
                    + " && document.getElementById('fig-sse').textContent === '1'", Duration.ofSeconds(15));

            Path shot = chromium.screenshot(Files.createTempFile("ringcast-demo", ".png"));
            assertTrue(Files.size(shot) > 1000, "a real screenshot of the page");
        }
    }
}
