package dev.ringcast.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A long-poll client: {@code GET /topics/T/events?last_event=N&timeout=ms} on one keep-alive
 * connection, each answer (a JSON array of {@code {"type","data","number"}}) checked and timed,
 * then the next poll after the last {@code number}, at once, on the same connection.
 *
 * <p>Not thread-safe: its loop's thread.
 */
final class LongPollClient extends ClientConnection {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Under Jetty's default 30 s idle timeout, so an idle poll is answered [] rather than cut. */
    static final int POLL_TIMEOUT_MILLIS = 20_000;

    private final ByteArrayOutputStream answer = new ByteArrayOutputStream(512);
    private long lastEvent;
    private boolean ok;

    LongPollClient(ClientLoop loop, LoadTarget target) {
        super(loop, target);
        lastEvent = target.baseId();
    }

    @Override
    void onConnected() {
        poll();
        // The poll is on its way; events published from now on are after last_event, whenever it arrives.
        ready();
    }

    private void poll() {
        answer.reset();
        send(requestStart("/topics/" + target.topic() + "/events?last_event=" + lastEvent
                + "&timeout=" + POLL_TIMEOUT_MILLIS) + "Accept: application/json\r\n\r\n");
    }

    @Override
    boolean onHead(HttpResponseHead response) {
        ok = response.status() == 200;
        if (!ok && response.status() != 503) {
            fail("GET /topics/" + target.topic() + "/events answered HTTP " + response.status() + " (expected 200)");
        }
        return false;
    }

    @Override
    public void body(byte[] b, int off, int len) {
        answer.write(b, off, len);
    }

    @Override
    void onResponseEnd() {
        if (ok) {
            long now = System.nanoTime();
            try {
                for (JsonNode e : JSON.readTree(answer.toByteArray())) {
                    long number = e.path("number").asLong(Long.MIN_VALUE);
                    if ("reset".equals(e.path("type").asText())) {
                        check.onReset();
                    } else {
                        deliver(number, e.path("data").path("sentNanos").asLong(Long.MIN_VALUE), now);
                    }
                    lastEvent = Math.max(lastEvent, number);
                }
            } catch (IOException e) {
                fail("a long-poll answer is not a JSON array: " + e.getMessage());
                return;
            }
        }
        poll();
    }

    @Override
    void onReopen() {
        answer.reset();
    }
}
