package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.ServletContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parks many polls in a real container and counts the container's threads while they are held:
 * a held poll is an async request, a subscription cursor and a timer entry, never a thread. Then
 * one publish releases them all and every one is answered with that event.
 *
 * <h2>How many</h2>
 * The target is 10,000 polls on Jetty. Client and server sockets live in this one JVM, so each
 * poll costs two file descriptors, and the JVM cannot raise its own limit: the test parks as
 * many as the soft limit ({@code ulimit -n}) leaves room for, {@code (limit - open - 512) / 2},
 * at most 10,000. With the limit of 20,000 on the build machine that is about 9,700 polls.
 * Tomcat and Undertow park 5,000 each (Tomcat's NIO connector accepts at most 8,192
 * connections by default), which is enough to show the thread count does not follow the polls.
 *
 * <p>The client is the async {@link java.net.http.HttpClient} on two threads. It keeps at most
 * 16 polls on their way at once (sent but not yet held), below every container's default listen
 * backlog (Jetty's connector uses the JDK's default of 50): an overflowing backlog drops SYNs
 * that the kernel retries a second later, which only slows the test down.
 */
class HeldPollsHoldNoThreadsTest {

    private static final int TARGET = 10_000;
    private static final int OTHER_CONTAINERS = 5_000;
    /** Below every container's default listen backlog (Jetty's is the JDK's 50). */
    private static final int WINDOW = 16;
    /** A container may grow its pool a little under the bursts of requests; never by one thread per poll. */
    private static final int MAX_EXTRA_THREADS = 40;

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void heldPollsHoldNoContainerThreads(ContainerKind kind) throws Exception {
        int polls = Math.min(kind == ContainerKind.JETTY ? TARGET : OTHER_CONTAINERS, fdBudget() / 2);
        assertTrue(polls >= 1000, "too few file descriptors for a meaningful test: ulimit -n is " + fdLimit());
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        LongPollServlet servlet;
        try (EventHub hub = EventHub.builder().build();
             ServletContainer server = kind.create()
                     // A capacity test: every poll comes from one address, far past the default limits.
                     .servlet("poll", servlet = new LongPollServlet(hub, LongPollSettings.builder()
                             .connectionLimits(dev.ringcast.http.ConnectionLimits.unlimited()).maxHeldPolls(TARGET)
                             .build()), "/poll").start()) {
            PollClient client = new PollClient(server.baseUri(), clientThreads);
            // Warm up: the container starts the threads it needs for ordinary traffic.
            for (int i = 0; i < 20; i++) {
                client.get("poll?topic=warm&timeout=0");
            }
            Thread.sleep(200);
            int baseline = server.threadCount();

            long start = System.nanoTime();
            int peak = baseline;
            List<CompletableFuture<PollClient.Answer>> answers = new ArrayList<>(polls);
            int checks = 0;
            while (answers.size() < polls) {
                // At most WINDOW polls on their way at once: connections wait in the listen backlog
                // until accepted, and an overflowing backlog drops SYNs that are retried a second later.
                if (answers.size() - servlet.heldPolls() < WINDOW) {
                    answers.add(client.getAsync("poll?topic=crowd&timeout=50000"));
                } else {
                    Thread.sleep(1);
                }
                if (++checks % 256 == 0) {
                    peak = Math.max(peak, server.threadCount());
                }
            }
            LongPollServletContract.awaitTrue(polls + " polls to be held", () -> servlet.heldPolls() == polls);
            // A poll is counted as held just before it subscribes: wait for the last subscribe too.
            LongPollServletContract.awaitTrue("one subscription per held poll", () -> hub.subscriptionCount() == polls);
            long parkedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Thread.sleep(500);
            int held = server.threadCount();
            peak = Math.max(peak, held);

            long releaseStart = System.nanoTime();
            long id = hub.publish("crowd", "go", "{\"all\":true}").id();
            CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(40, TimeUnit.SECONDS);
            long releaseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releaseStart);
            for (CompletableFuture<PollClient.Answer> a : answers) {
                assertEquals(List.of(id), a.join().numbers());
            }
            System.out.printf("%s: %d polls parked in %d ms; container threads: %d before, %d while held (peak %d); "
                    + "one publish answered all in %d ms%n", kind, polls, parkedMillis, baseline, held, peak, releaseMillis);
            assertTrue(peak - baseline <= MAX_EXTRA_THREADS, kind + " grew from " + baseline + " to " + peak
                    + " threads for " + polls + " held polls");
            LongPollServletContract.awaitTrue("every subscription to end", () -> hub.subscriptionCount() == 0);
            LongPollServletContract.awaitTrue("every poll to end", () -> servlet.heldPolls() == 0);
        } finally {
            clientThreads.shutdownNow();
        }
    }

    /** File descriptors left for sockets: the soft limit minus what is open, minus a margin. */
    private static int fdBudget() throws IOException {
        long open;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            open = fds.count();
        }
        return (int) Math.max(0, fdLimit() - open - 512);
    }

    private static long fdLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(soft);
            }
        }
        return 4096;
    }
}
