package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.EventHub;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.ServletContainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Publishers and pollers at once, over HTTP: 4 threads each POST 200 events while 50 pollers
 * loop on {@code last_event} with the async {@link java.net.http.HttpClient} (no thread per
 * poller); half of them with a 20 ms timeout, so that {@code []} answers race with publishes.
 * Every poller must see every event exactly once, in id order, and each publisher's events in
 * the order it published them.
 */
class ConcurrentPollersTest {

    private static final int PUBLISHERS = 4;
    private static final int EVENTS_PER_PUBLISHER = 200;
    private static final int POLLERS = 50;
    private static final int TOTAL = PUBLISHERS * EVENTS_PER_PUBLISHER;

    /** What one poller saw: the numbers and the data of each element, in order. */
    private record Seen(List<Long> numbers, List<JsonNode> data, int polls) {
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void everyPollerSeesEveryEventExactlyOnceInOrder(ContainerKind kind) throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        ExecutorService publisherThreads = Executors.newFixedThreadPool(PUBLISHERS);
        try (EventHub hub = EventHub.builder().build();
             ServletContainer server = kind.create().servlet("poll", new LongPollServlet(hub), "/poll").start()) {
            PollClient client = new PollClient(server.baseUri(), clientThreads);
            long start = client.publish("poll?topic=load", "start", "null");

            List<CompletableFuture<Seen>> pollers = new ArrayList<>();
            for (int i = 0; i < POLLERS; i++) {
                // Half the pollers use a short timeout, so [] answers race with publishes all along.
                int timeout = i % 2 == 0 ? 10_000 : 20;
                pollers.add(pollUntil(client, timeout, start, new Seen(new ArrayList<>(), new ArrayList<>(), 0)));
            }
            List<Future<List<Long>>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                publishers.add(publisherThreads.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int seq = 0; seq < EVENTS_PER_PUBLISHER; seq++) {
                        ids.add(client.publish("poll?topic=load", "p" + publisher,
                                "{\"publisher\":" + publisher + ",\"seq\":" + seq + "}"));
                    }
                    return ids;
                }));
            }

            List<Long> expected = new ArrayList<>();
            for (Future<List<Long>> f : publishers) {
                List<Long> ids = f.get(60, TimeUnit.SECONDS);
                assertEquals(ids.stream().sorted().toList(), ids, "one publisher's ids increase");
                expected.addAll(ids);
            }
            Collections.sort(expected);
            assertEquals(TOTAL, expected.stream().distinct().count());

            int polls = 0;
            for (CompletableFuture<Seen> poller : pollers) {
                Seen seen = poller.get(60, TimeUnit.SECONDS);
                polls += seen.polls();
                assertEquals(expected, seen.numbers(), "every event exactly once, in id order");
                int[] nextSeq = new int[PUBLISHERS];
                for (JsonNode data : seen.data()) {
                    int publisher = data.get("publisher").asInt();
                    assertEquals(nextSeq[publisher]++, data.get("seq").asInt(), "publisher " + publisher + "'s order");
                }
            }
            System.out.printf("%s: %d pollers saw %d events each in %d polls in all%n", kind, POLLERS, TOTAL, polls);
            LongPollServletContract.awaitTrue("every subscription to end", () -> hub.subscriptionCount() == 0);
        } finally {
            publisherThreads.shutdownNow();
            clientThreads.shutdownNow();
        }
    }

    /** Polls from {@code last} until the poller has every event: no thread waits between polls. */
    private static CompletableFuture<Seen> pollUntil(PollClient client, int timeout, long last, Seen seen) {
        if (seen.numbers().size() >= TOTAL) {
            return CompletableFuture.completedFuture(seen);
        }
        return client.getAsync("poll?topic=load&timeout=" + timeout + "&last_event=" + last).thenCompose(answer -> {
            List<JsonNode> elements = answer.elements();
            long next = last;
            for (JsonNode e : elements) {
                assertTrue(!e.get("type").asText().equals("reset"), "no reset: the ring holds every event: " + e);
                seen.numbers().add(e.get("number").asLong());
                seen.data().add(e.get("data"));
                next = e.get("number").asLong();
            }
            return pollUntil(client, timeout, next, new Seen(seen.numbers(), seen.data(), seen.polls() + 1));
        });
    }
}
