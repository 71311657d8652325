package dev.ringcast.examples.mediaserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Activity progress on the example's notifications topic: a client that cannot keep up gets
 * each activity's latest percentage when it can take more, not the backlog of every update it
 * missed; its started and ended notifications are never skipped.
 */
class ActivityCoalescingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStalledClientGetsTheLatestPercentageNotEveryUpdate() throws Exception {
        try (MediaServer server = MediaServer.start(0, "t")) {
            StallingSink slow = new StallingSink();
            Subscription subscription = server.hub().subscribe(MediaServer.TOPIC, Position.live(), slow);

            ActivityReporter.Running scan = server.activities().start("library.update.section", "Scanning Movies",
                    Map.of("librarySectionID", "1"));
            assertTrue(slow.firstBatch.await(10, TimeUnit.SECONDS), "started is delivered, and the client stalls");
            ActivityReporter.Running other = server.activities().start("media.generate.thumbs", "Thumbnails", Map.of());
            for (int percent = 1; percent <= 99; percent++) {
                scan.update(percent, "item " + percent);
                if (percent % 10 == 0) {
                    other.update(percent / 10, "thumb " + percent);
                }
            }
            scan.end();
            slow.ready.set(true);
            subscription.resume(); // the connection can take more again

            List<String> received = slow.take(5);
            assertEquals(List.of(
                    "started " + scan.uuid() + " 0",
                    "started " + other.uuid() + " 0",
                    "updated " + other.uuid() + " 9",   // the newest of each activity, where it was published
                    "updated " + scan.uuid() + " 99",
                    "ended " + scan.uuid() + " 100"), received);
            assertEquals(98 + 8, server.hub().metrics().coalesced(), "the updates skipped, counted");
            subscription.cancel();
        }
    }

    @Test
    void aClientThatKeepsUpSeesEveryUpdate() throws Exception {
        try (MediaServer server = MediaServer.start(0, "t")) {
            StallingSink fast = new StallingSink();
            fast.ready.set(true);
            server.hub().subscribe(MediaServer.TOPIC, Position.live(), fast);
            ActivityReporter.Running scan = server.activities().start("library.update.section", "Scanning Movies", Map.of());
            List<String> expected = new java.util.ArrayList<>(List.of("started " + scan.uuid() + " 0"));
            List<String> received = new java.util.ArrayList<>(fast.take(1));
            for (int percent = 10; percent <= 90; percent += 10) {
                scan.update(percent, "");
                expected.add("updated " + scan.uuid() + " " + percent);
                received.addAll(fast.take(1)); // the client has it before the next update is published
            }
            assertEquals(expected, received);
            assertEquals(0, server.hub().metrics().coalesced());
        }
    }

    /** A client connection that answers "not ready" until told otherwise, and records what it got. */
    private static final class StallingSink implements EventSink {
        final AtomicBoolean ready = new AtomicBoolean();
        final CountDownLatch firstBatch = new CountDownLatch(1);
        private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

        @Override
        public boolean onEvents(Subscription s, List<Event> events) {
            for (Event e : events) {
                try {
                    JsonNode n = JSON.readTree(e.dataJson()).at("/NotificationContainer/ActivityNotification/0");
                    received.add(n.get("event").asText() + " " + n.get("uuid").asText() + " "
                            + n.at("/Activity/progress").asInt());
                } catch (IOException x) {
                    throw new AssertionError(x);
                }
            }
            firstBatch.countDown();
            return ready.get();
        }

        @Override
        public boolean onReset(Subscription s, Reset reset) {
            received.add("reset " + reset);
            return ready.get();
        }

        @Override
        public void onClosed(Subscription s, CloseReason reason) {
        }

        List<String> take(int n) throws InterruptedException {
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String r = received.poll(10, TimeUnit.SECONDS);
                if (r == null) {
                    throw new AssertionError("only " + out + " within 10 s");
                }
                out.add(r);
            }
            return out;
        }
    }
}
