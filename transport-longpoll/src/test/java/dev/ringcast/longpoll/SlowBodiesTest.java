package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.ServletContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slowloris on the publish path, in every container: 200 clients each announce a small body and
 * send it a byte now and then. Publish bodies are read without blocking, so they hold no
 * container thread (Undertow has 16 by default on two cores): other clients publish and poll as
 * usual meanwhile, each within a bounded wait, and once the body time limit passes every slow
 * client is answered 408 and published nothing.
 */
@Timeout(120)
class SlowBodiesTest {

    private static final int SLOW_CLIENTS = 200;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final long BOUNDED_WAIT_SECONDS = 10;

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void slowBodiesHoldNoThreadOthersAreServedAndEachSlowOneGetsA408(ContainerKind kind) throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        List<Socket> slow = new ArrayList<>();
        try (EventHub hub = EventHub.builder().build();
             ServletContainer server = kind.create().servlet("poll", new LongPollServlet(hub, LongPollSettings.builder()
                     .bodyTimeout(BODY_TIMEOUT).build()), "/poll").start()) {
            PollClient client = new PollClient(server.baseUri(), clientThreads);
            long before = client.publish("poll?topic=ledger", "before", "1");

            String head = "POST /poll?topic=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 64\r\n\r\n{";
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
                s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            // A byte now and then on every slow connection, for as long as the server listens.
            Thread trickle = new Thread(() -> {
                for (int round = 0; round < 20 && !Thread.currentThread().isInterrupted(); round++) {
                    for (Socket s : slow) {
                        try {
                            OutputStream out = s.getOutputStream();
                            out.write(' ');
                            out.flush();
                        } catch (IOException e) {
                            // answered and closed: nothing more to send
                        }
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "slow-bodies");
            trickle.setDaemon(true);
            trickle.start();

            // Meanwhile, everyone else: a held poll released by a publish, and publishes one after another.
            long start = System.nanoTime();
            CompletableFuture<PollClient.Answer> held = client.getAsync("poll?topic=ledger&timeout=20000&last_event=" + before);
            List<Long> published = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                published.add(CompletableFuture.supplyAsync(() -> client.publish("poll?topic=ledger", "during", "2"),
                        clientThreads).get(BOUNDED_WAIT_SECONDS, TimeUnit.SECONDS));
            }
            PollClient.Answer answer = held.get(BOUNDED_WAIT_SECONDS, TimeUnit.SECONDS);
            long servedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(published.get(0), answer.elements().get(0).get("number").asLong());
            int stillSending = unanswered(slow);

            int answered408 = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Socket s : slow) {
                s.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                String status = statusLine(s.getInputStream());
                if (status.startsWith("HTTP/1.1 408")) {
                    answered408++;
                }
            }
            trickle.interrupt();
            System.out.printf("%s: 21 requests served in %d ms while %d of %d slow bodies were still arriving; "
                    + "%d slow ones answered 408%n", kind, servedMillis, stillSending, SLOW_CLIENTS, answered408);
            assertEquals(SLOW_CLIENTS, answered408, "every slow body gets a 408");

            EventHub.TopicWindow window = hub.window("slow");
            assertEquals(window.headId() + 1, window.oldestId(), "no slow body published anything");
            List<Long> all = new ArrayList<>();
            client.get("poll?topic=ledger&timeout=0&last_event=0").elements()
                    .forEach(e -> all.add(e.get("number").asLong()));
            List<Long> expected = new ArrayList<>(List.of(before));
            expected.addAll(published);
            assertEquals(expected, all, "nothing published is lost");
            assertEquals(201, client.post("poll?topic=ledger", "{\"type\":\"after\",\"data\":3}").status());
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            clientThreads.shutdownNow();
        }
    }

    /** @return how many slow clients have no answer yet */
    private static int unanswered(List<Socket> slow) throws IOException {
        int open = 0;
        for (Socket s : slow) {
            if (s.getInputStream().available() == 0) {
                open++;
            }
        }
        return open;
    }

    /** The status line of the answer, or what ended the connection instead. */
    private static String statusLine(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
        } catch (IOException e) {
            return "(" + e + ")";
        }
        return line.toString().trim();
    }
}
