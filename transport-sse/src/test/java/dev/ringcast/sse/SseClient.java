package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SSE client (LaunchDarkly's okhttp-eventsource) that reconnects on its own with
 * {@code Last-Event-ID}, read on a background thread into a queue so tests can wait with a timeout.
 */
final class SseClient implements AutoCloseable {

    private final EventSource source;
    private final LinkedBlockingQueue<MessageEvent> messages = new LinkedBlockingQueue<>();
    final AtomicInteger starts = new AtomicInteger();
    private final Thread reader;

    SseClient(URI uri, String lastEventId) {
        EventSource.Builder b = new EventSource.Builder(uri)
                .errorStrategy(ErrorStrategy.alwaysContinue())
                .retryDelay(50, TimeUnit.MILLISECONDS)
                .logger(LDLogger.none());
        if (lastEventId != null) {
            b.lastEventId(lastEventId);
        }
        source = b.build();
        reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            for (StreamEvent e : source.anyEvents()) {
                if (e instanceof MessageEvent m) {
                    messages.add(m);
                } else if (e instanceof StartedEvent) {
                    starts.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    MessageEvent next() {
        try {
            MessageEvent m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no SSE message within 10 s");
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<MessageEvent> next(int n) {
        List<MessageEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    MessageEvent nextOf(String eventName) {
        MessageEvent m = next();
        assertEquals(eventName, m.getEventName(), "event name of " + m.getData());
        return m;
    }

    void assertQuiet(long millis) {
        try {
            MessageEvent m = messages.poll(millis, TimeUnit.MILLISECONDS);
            if (m != null) {
                throw new AssertionError("expected nothing more, got " + m.getEventName() + " " + m.getData()
                        + " id=" + m.getLastEventId());
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    String lastEventId() {
        return source.getLastEventId();
    }

    @Override
    public void close() {
        source.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
