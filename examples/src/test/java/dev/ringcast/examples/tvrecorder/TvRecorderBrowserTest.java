package dev.ringcast.examples.tvrecorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.Event;
import dev.ringcast.testkit.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example's page in a real browser (Debian's Chromium, headless): the browser's own
 * {@code EventSource} on {@code /events} receives every event the simulator publishes, named by
 * its documented type, with the data the hub encoded.
 */
class TvRecorderBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBrowsersOwnEventSourceReceivesEveryDocumentedEvent() throws Exception {
        try (TvRecorderServer server = TvRecorderServer.start(0);
             HeadlessChromium chromium = HeadlessChromium.launch()) {
            chromium.open(server.uri());
            chromium.waitUntil("window.tvRecorder && window.tvRecorder.open", Duration.ofSeconds(15));

            List<Event> published = server.simulator().publishScript();

            chromium.waitUntil("window.tvRecorder.events.length >= " + published.size(), Duration.ofSeconds(15));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> received = (List<Map<String, Object>>) chromium.eval("return window.tvRecorder.events;");
            assertEquals(published.size(), received.size());
            for (int i = 0; i < published.size(); i++) {
                Event e = published.get(i);
                Map<String, Object> r = received.get(i);
                assertEquals(Long.toString(e.id()), r.get("id"));
                assertEquals(e.type(), r.get("type"));
                assertEquals(JSON.readTree(e.dataJson()), JSON.readTree((String) r.get("data")));
            }
            assertEquals(Long.valueOf(1), chromium.eval("return window.tvRecorder.opens;"), "one stream, never dropped");
        }
    }
}
