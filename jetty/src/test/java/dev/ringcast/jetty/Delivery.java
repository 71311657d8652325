package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ringcast.core.EventHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the resumption tests share: a steady publisher and the exactly-once, in-order check. */
final class Delivery {

    private Delivery() {
    }

    /**
     * Publishes {@code count} events to a topic, evenly spread over {@code period}, from the
     * calling thread.
     *
     * @return their ids, in publish order
     */
    static List<Long> publishSteadily(EventHub hub, String topic, int count, Duration period) {
        List<Long> ids = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ids.add(hub.publish(topic, "tick", Map.of("n", i)).id());
            long due = start + period.toNanos() * (i + 1) / count;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return ids;
    }

    /**
     * Publishes {@code count} events in turn to each of several topics, evenly spread over
     * {@code period}, from the calling thread.
     *
     * @return each topic's ids, in publish order
     */
    static Map<String, List<Long>> publishSteadily(EventHub hub, List<String> topics, int count, Duration period) {
        Map<String, List<Long>> ids = new java.util.LinkedHashMap<>();
        topics.forEach(t -> ids.put(t, new ArrayList<>()));
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String topic = topics.get(i % topics.size());
            ids.get(topic).add(hub.publish(topic, "tick", Map.of("n", i)).id());
            long due = start + period.toNanos() * (i + 1) / count;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return ids;
    }

    /**
     * Fails unless {@code received} is exactly {@code published}: every event once, in order.
     * The message counts what was lost, repeated and out of order, with the first few of each.
     */
    static void assertExactlyOnceInOrder(List<Long> published, List<Long> received, String context) {
        if (published.equals(received)) {
            return;
        }
        Set<Long> expected = new LinkedHashSet<>(published);
        Map<Long, Integer> seen = new HashMap<>();
        received.forEach(id -> seen.merge(id, 1, Integer::sum));
        List<Long> lost = published.stream().filter(id -> !seen.containsKey(id)).toList();
        List<Long> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        List<Long> foreign = received.stream().filter(id -> !expected.contains(id)).distinct().toList();
        int outOfOrder = 0;
        for (int i = 1; i < received.size(); i++) {
            if (received.get(i) <= received.get(i - 1)) {
                outOfOrder++;
            }
        }
        fail(context + ": published " + published.size() + ", received " + received.size() + "; lost " + lost.size()
                + first(lost) + ", repeated " + repeated.size() + first(repeated) + ", not published " + foreign.size()
                + first(foreign) + ", out of order " + outOfOrder);
    }

    private static String first(List<Long> ids) {
        return ids.isEmpty() ? "" : " " + ids.subList(0, Math.min(5, ids.size())) + (ids.size() > 5 ? "..." : "");
    }

    /** Polls every 20 ms until the condition holds or {@code timeout} has passed; returns whether it held. */
    static boolean within(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Polls every 20 ms until the condition holds; fails with {@code what} after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
