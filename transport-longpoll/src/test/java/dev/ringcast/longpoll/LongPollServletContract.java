package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.LogCapture;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.ServletContainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The long-poll servlet's behaviour, run against a real container by each subclass
 * ({@link JettyLongPollServletTest}, {@link TomcatLongPollServletTest}, {@link UndertowLongPollServletTest})
 * with {@link java.net.http.HttpClient}. One container per class; every test uses topics of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LongPollServletContract {

    /** A test runner's session token, as its API documents it: the topic of {@code /api/sessions/<token>/events}. */
    static final String TOKEN = "6fdbd1a0-c339-11e9-b775-6d49dd567772";

    private static final AtomicInteger TOPICS = new AtomicInteger();

    EventHub hub;
    EventHub closingHub;
    EventHub fullHub;
    ServletContainer server;
    PollClient client;
    final List<LongPollServlet> servlets = new ArrayList<>();

    abstract ContainerKind kind();

    @BeforeAll
    void startContainer() {
        // One dispatch thread: a sink that blocked on a client would stall every other poll.
        hub = EventHub.builder().dispatchThreads(1).topic("tiny", c -> c.withRingCapacity(8)).build();
        closingHub = EventHub.builder().dispatchThreads(1).build();
        fullHub = EventHub.builder().dispatchThreads(1).maxTopics(1).build();
        fullHub.publish("full", "e", 1); // holds an event: never evicted, so the hub stays full
        LongPollSettings path = LongPollSettings.builder().topicSource(LongPollSettings.TopicSource.PATH).build();
        LongPollServlet poll = new LongPollServlet(hub, LongPollSettings.builder().authorizer(LongPollServletContract::secrets)
                .build());
        LongPollServlet small = new LongPollServlet(hub, LongPollSettings.builder().maxBatch(5).maxBodyBytes(1024)
                .defaultTimeout(Duration.ofMillis(300)).maxTimeout(Duration.ofMillis(300)).build());
        LongPollServlet sessions = new LongPollServlet(hub, path);
        LongPollServlet topics = new LongPollServlet(hub, path);
        LongPollServlet fromContext = new LongPollServlet();
        LongPollServlet closing = new LongPollServlet(closingHub);
        LongPollServlet full = new LongPollServlet(fullHub);
        LongPollServlet untyped = new LongPollServlet(hub, LongPollSettings.builder().untypedJsonBodies(true)
                .allowedOrigins(List.of("https://app.example.com")).build());
        servlets.addAll(List.of(poll, small, sessions, topics, fromContext, closing, untyped, full));
        server = kind().create()
                .contextAttribute(LongPollServlet.HUB_ATTRIBUTE, hub)
                .contextAttribute(LongPollServlet.SETTINGS_ATTRIBUTE, path)
                .servlet("poll", poll, "/poll")
                .servlet("small", small, "/small")
                .servlet("sessions", sessions, "/api/sessions/*")
                .servlet("topics", topics, "/topics/*")
                .servlet("context", fromContext, "/ctx/*")
                .servlet("closing", closing, "/closing")
                .servlet("untyped", untyped, "/untyped")
                .servlet("full", full, "/full")
                .start();
        client = new PollClient(server.baseUri());
    }

    private static Decision secrets(AccessRequest request) {
        if (request.topics().get(0).startsWith("broken")) {
            throw new IllegalStateException("token store unreachable at 10.0.0.7: connection refused");
        }
        if (!request.topics().get(0).startsWith("secret")) {
            return Decision.allow();
        }
        return request.action() == AccessRequest.Action.PUBLISH
                ? Decision.deny(401, "publishing to secret topics needs an API key: send Authorization")
                : Decision.deny(403, "secret topics are not readable by you");
    }

    @AfterAll
    void stopContainer() {
        if (server != null) {
            server.close();
        }
        hub.close();
        closingHub.close();
        fullHub.close();
    }

    /** No test leaves a subscription or a held poll behind: each answer or ending releases both. */
    @AfterEach
    void nothingLeaks() {
        awaitTrue("every subscription to end (open: " + hub.subscriptionCount() + ")", () -> hub.subscriptionCount() == 0);
        for (LongPollServlet s : servlets) {
            awaitTrue("every poll of " + s + " to end", () -> s.heldPolls() == 0);
        }
    }

    static String newTopic() {
        return "t" + TOPICS.incrementAndGet();
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    LongPollServlet poll() {
        return servlets.get(0);
    }

    List<Long> publish(String topic, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(hub.publish(topic, "tick", Map.of("i", i)).id());
        }
        return ids;
    }

    // ---- polls ----

    @Test
    void pollReturnsAtOnceWhenNewerEventsExist() {
        String topic = newTopic();
        List<Long> ids = publish(topic, 3);
        // Nothing is published while it waits, and its timeout (the maximum, 120 s) is longer than
        // the client waits for an answer (60 s): an answer with the events means it was not held.
        PollClient.Answer a = client.get("poll?topic=" + topic + "&last_event=" + ids.get(0) + "&timeout=120000");
        assertEquals(ids.subList(1, 3), a.numbers());
        JsonNode first = a.elements().get(0);
        assertEquals("tick", first.get("type").asText());
        assertEquals(1, first.get("data").get("i").asInt());
        assertEquals(3, first.size(), "exactly type, data and number: " + first);
        assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
        assertEquals("no-cache", a.header("Cache-Control"));
    }

    @Test
    void heldPollIsAnsweredByAPublish() throws Exception {
        String topic = newTopic();
        long last = publish(topic, 1).get(0);
        CompletableFuture<PollClient.Answer> answer = client.getAsync("poll?topic=" + topic + "&last_event=" + last
                + "&timeout=20000");
        awaitTrue("the poll to be held and subscribed", () -> poll().heldPolls() == 1 && hub.subscriptionCount() == 1);
        assertFalse(answer.isDone(), "held until an event arrives");
        assertEquals(1, poll().heldPolls(), "still held right before the publish");
        long id = hub.publish(topic, "news", "hello").id();
        PollClient.Answer a = await(answer);
        assertEquals(List.of(id), a.numbers());
        assertEquals("hello", a.elements().get(0).get("data").asText());
        awaitTrue("answered, so no longer held", () -> poll().heldPolls() == 0);
    }

    @Test
    void pollWithNothingNewIsAnsweredWithAnEmptyArrayAfterItsTimeout() {
        String topic = newTopic();
        long last = publish(topic, 2).get(1);
        long sent = System.nanoTime();
        CompletableFuture<PollClient.Answer> answer = client.getAsync("poll?topic=" + topic + "&last_event=" + last
                + "&timeout=500");
        awaitTrue("the poll to be held", () -> poll().heldPolls() == 1);
        assertFalse(answer.isDone(), "held, not answered before its timeout");
        PollClient.Answer a = await(answer);
        assertEquals("[]", a.body());
        awaitTrue("answered, so no longer held", () -> poll().heldPolls() == 0);
        // A lower bound only: the server's timer starts after the request was sent, so a slow
        // machine can make this longer, never shorter.
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(heldMillis >= 500, "answered [] only once its 500 ms had passed, after " + heldMillis + " ms");
    }

    @Test
    void timeoutZeroAnswersAtOnceWithEventsIfAny() {
        String topic = newTopic();
        List<Long> ids = publish(topic, 3);
        for (int i = 0; i < 200; i++) {
            assertEquals(ids.subList(1, 3), client.get("poll?topic=" + topic + "&last_event=" + ids.get(0) + "&timeout=0")
                    .numbers(), "a zero timeout never beats events that exist");
        }
        // Nothing is published: a zero timeout answers by itself, with nothing new.
        assertEquals("[]", client.get("poll?topic=" + topic + "&last_event=" + ids.get(2) + "&timeout=0").body());
        // The answer reaches the client just before the poll forgets itself.
        awaitTrue("no poll held", () -> poll().heldPolls() == 0);
    }

    @Test
    void timeoutAboveTheMaximumIsLoweredToIt() {
        String topic = newTopic();
        // Nothing is published, and the client waits 60 s for an answer: a poll held for the
        // 11.6 days asked for would fail here, one held for the servlet's 300 ms maximum does not.
        PollClient.Answer a = client.get("small?topic=" + topic + "&timeout=999999999");
        assertEquals("[]", a.body());
    }

    @Test
    void pollWithoutLastEventGetsOnlyEventsPublishedAfterIt() {
        String topic = newTopic();
        publish(topic, 3);
        assertEquals("[]", client.get("poll?topic=" + topic + "&timeout=200").body(), "no history without last_event");

        CompletableFuture<PollClient.Answer> answer = client.getAsync("poll?topic=" + topic + "&timeout=20000");
        awaitTrue("the poll to be held", () -> poll().heldPolls() == 1);
        long id = hub.publish(topic, "later", 1).id();
        assertEquals(List.of(id), await(answer).numbers());
    }

    @Test
    void lastEventZeroGetsEveryRetainedEventAndAResetOnlyOnceSomethingIsGone() {
        String topic = newTopic();
        List<Long> ids = publish(topic, 4);
        PollClient.Answer all = client.get("poll?topic=" + topic + "&last_event=0");
        assertEquals(ids, all.numbers(), "nothing is gone: every event, no reset element");

        String tiny = "tiny";
        List<Long> tinyIds = publish(tiny, 20);
        PollClient.Answer a = client.get("poll?topic=" + tiny + "&last_event=0");
        List<Long> expected = new java.util.ArrayList<>();
        expected.add(tinyIds.get(11)); // the reset element's number: the oldest retained minus one
        expected.addAll(tinyIds.subList(12, 20));
        assertEquals(expected, a.numbers(), "a reset element, then the 8 the ring retains");
        assertTrue(a.body().startsWith("[{\"type\":\"reset\",\"data\":{\"topic\":\"tiny\",\"requested\":0,\"oldest\":"
                + tinyIds.get(12) + ",\"cause\":\"TOO_OLD\"}"), a.body());
    }

    @Test
    void everyAnswerCarriesThePositionToPollFromNextEvenAnEmptyOne() {
        String topic = newTopic();
        long head = publish(topic, 2).get(1);
        PollClient.Answer empty = client.get("poll?topic=" + topic + "&timeout=0");
        assertEquals("[]", empty.body());
        assertEquals(Long.toString(head), empty.headers().firstValue("Ringcast-Position").orElse(""),
                "a live poll that saw nothing learns where it stood: the head when it arrived");
        List<Long> missed = publish(topic, 3);
        PollClient.Answer next = client.get("poll?topic=" + topic + "&last_event="
                + empty.headers().firstValue("Ringcast-Position").orElseThrow());
        assertEquals(missed, next.numbers(), "polling from that position misses nothing");
        assertEquals(Long.toString(missed.get(2)), next.headers().firstValue("Ringcast-Position").orElse(""),
                "an answer with events: its last number");
        PollClient.Answer nothingNew = client.get("poll?topic=" + topic + "&last_event=" + missed.get(2) + "&timeout=0");
        assertEquals(Long.toString(missed.get(2)), nothingNew.headers().firstValue("Ringcast-Position").orElse(""),
                "[] after last_event=N: still N");
    }

    @Test
    void lastEventZeroOnATopicWithoutEventsWaitsForTheFirst() {
        String topic = newTopic();
        CompletableFuture<PollClient.Answer> answer = client.getAsync("poll?topic=" + topic + "&last_event=0&timeout=20000");
        awaitTrue("the poll to be held", () -> poll().heldPolls() == 1);
        long id = hub.publish(topic, "first", 1).id();
        assertEquals(List.of(id), await(answer).numbers());
    }

    @Test
    void tooOldIdIsAnsweredWithAResetElementThenTheOldestEvents() {
        String topic = "tiny";
        long before = hub.window(topic).headId();
        List<Long> ids = publish(topic, 20);
        long requested = ids.get(2);
        PollClient.Answer a = client.get("poll?topic=" + topic + "&last_event=" + requested);
        List<JsonNode> elements = a.elements();
        JsonNode reset = elements.get(0);
        long oldest = ids.get(12);
        assertEquals("reset", reset.get("type").asText());
        assertEquals(requested, reset.get("data").get("requested").asLong());
        assertEquals(oldest, reset.get("data").get("oldest").asLong());
        assertEquals("TOO_OLD", reset.get("data").get("cause").asText());
        assertEquals(topic, reset.get("data").get("topic").asText());
        assertEquals(oldest - 1, reset.get("number").asLong(), "a client continuing from it gets the oldest next");
        assertEquals(ids.subList(12, 20), a.numbers().subList(1, 9));
        assertTrue(before < ids.get(0));

        // The client continues from the reset element's number alone, as if the answer had been cut after it.
        assertEquals(ids.subList(12, 20), client.get("poll?topic=" + topic + "&last_event=" + (oldest - 1)).numbers());
    }

    @Test
    void idFromAnotherIncarnationIsAnsweredWithAReset() {
        String topic = newTopic();
        List<Long> ids = publish(topic, 3);
        // Ids start at the topic's creation time in microseconds: one from 10 s earlier is from a previous run.
        long previousRun = ids.get(0) - 10_000_000;
        PollClient.Answer a = client.get("poll?topic=" + topic + "&last_event=" + previousRun);
        JsonNode reset = a.elements().get(0);
        assertEquals("reset", reset.get("type").asText());
        assertEquals("UNKNOWN_ID", reset.get("data").get("cause").asText());
        assertEquals(previousRun, reset.get("data").get("requested").asLong());
        assertEquals(ids.get(0), reset.get("data").get("oldest").asLong());
        assertEquals(ids, a.numbers().subList(1, 4));

        long future = ids.get(2) + 1_000;
        PollClient.Answer above = client.get("poll?topic=" + topic + "&last_event=" + future);
        assertEquals("UNKNOWN_ID", above.elements().get(0).get("data").get("cause").asText(), "an id above the head");
        assertEquals(ids, above.numbers().subList(1, 4));
    }

    @Test
    void resetWithNoEventToFollowIsAnsweredAloneAndItsNumberWaitsForTheNext() {
        String topic = newTopic();
        long head = hub.window(topic).headId(); // creates the topic, empty
        PollClient.Answer a = client.get("poll?topic=" + topic + "&last_event=" + (head - 5_000_000) + "&timeout=20000");
        List<JsonNode> elements = a.elements();
        assertEquals(1, elements.size(), a.body());
        assertEquals("reset", elements.get(0).get("type").asText());
        assertEquals(head, elements.get(0).get("number").asLong());

        CompletableFuture<PollClient.Answer> next = client.getAsync("poll?topic=" + topic + "&last_event=" + head
                + "&timeout=20000");
        awaitTrue("the poll to be held", () -> poll().heldPolls() == 1);
        long id = hub.publish(topic, "first", 1).id();
        assertEquals(List.of(id), await(next).numbers());
    }

    @Test
    void answerHoldsAtMostTheBatchLimitAndTheClientContinuesFromItsLastNumber() {
        String topic = newTopic();
        List<Long> ids = publish(topic, 12);
        List<Long> seen = new ArrayList<>();
        long last = 0;
        List<Integer> sizes = new ArrayList<>();
        while (seen.size() < 12) {
            List<Long> numbers = client.get("small?topic=" + topic + "&last_event=" + last).numbers();
            sizes.add(numbers.size());
            seen.addAll(numbers);
            last = numbers.get(numbers.size() - 1);
        }
        assertEquals(List.of(5, 5, 2), sizes);
        assertEquals(ids, seen);
    }

    /**
     * A client that goes away while its poll is held. No container reports that the client of an
     * idle async request (nothing written yet) went away, on Jetty, Tomcat or Undertow alike: the
     * poll finds out when it writes its answer, at the latest at its timeout. This is what holds.
     */
    @Test
    void pollOfAClientThatWentAwayIsReleasedByItsTimeoutAtTheLatest() throws IOException {
        String topic = newTopic();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /poll?topic=" + topic + "&timeout=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitTrue("the poll to be held and subscribed", () -> poll().heldPolls() == 1 && hub.subscriptionCount() == 1);
        }
        // Its answer, [] at 1 s, goes nowhere; writing it ends the poll and cancels its subscription.
        awaitTrue("the poll of the client that went away to end", () -> poll().heldPolls() == 0);
        awaitTrue("its subscription to be cancelled", () -> hub.subscriptionCount() == 0);
        String other = newTopic();
        long id = client.publish("poll?topic=" + other, "after", "1");
        assertEquals(List.of(id), client.get("poll?topic=" + other + "&last_event=0").numbers(), "still serving");
    }

    @Test
    void clientThatDoesNotReadItsLargeAnswerBlocksNoOtherPoll() throws Exception {
        String big = newTopic();
        String blob = "\"" + "x".repeat(8000) + "\"";
        for (int i = 0; i < 1000; i++) {
            hub.publishJson(big, "blob", blob);
        }
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setReceiveBufferSize(4096);
            OutputStream out = slow.getOutputStream();
            out.write(("GET /poll?topic=" + big + "&last_event=0&timeout=1000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Its answer (8 MB retained, bounded by the hub's batch bytes) cannot all be written: the
            // write waits for the container, not a thread.
            slow.getInputStream().read();

            String other = newTopic();
            long last = publish(other, 1).get(0);
            CompletableFuture<PollClient.Answer> answer = client.getAsync("poll?topic=" + other + "&last_event=" + last
                    + "&timeout=20000");
            awaitTrue("the other poll to be held", () -> hub.subscriptionCount() == 1);
            long id = hub.publish(other, "news", 1).id();
            assertEquals(List.of(id), await(answer).numbers(), "the hub's only dispatch thread is not blocked");

            // A client that reads gets bounded answers and follows them from its last number.
            List<Long> got = new java.util.ArrayList<>();
            long lastNumber = 0;
            while (got.size() < 1000) {
                PollClient.Answer part = client.get("poll?topic=" + big + "&last_event=" + lastNumber + "&timeout=0");
                assertTrue(!part.numbers().isEmpty(), "an answer after " + got.size() + " events");
                assertTrue(part.body().length() < 400_000, "each answer is bounded: " + part.body().length() + " chars");
                got.addAll(part.numbers());
                lastNumber = got.get(got.size() - 1);
            }
            assertEquals(1000, new java.util.HashSet<>(got).size(), "every event once");
        }
        // nothingLeaks() then checks that the slow client's poll ends once its connection is gone.
    }

    // ---- malformed polls ----

    @Test
    void malformedLastEventIsA400SayingWhatAValidValueLooksLike() {
        // Each as sent in the URL, and as the server reads it.
        Map<String, String> malformed = new java.util.LinkedHashMap<>();
        for (String bad : List.of("abc", "-1", "1.5", "4.0", "0x10", "9007199254740992", "")) {
            malformed.put(bad, bad);
        }
        malformed.put("%2B42", "+42");
        malformed.put("%2042", " 42");
        malformed.put("42%20", "42 ");
        malformed.forEach((sent, read) -> {
            PollClient.Answer a = client.get("poll?topic=x&last_event=" + sent + "&timeout=0");
            assertEquals(400, a.status(), sent + ": " + a.body());
            assertEquals("last_event=" + read + " is invalid: use the integer id of the last event you received, in "
                    + "plain digits (0 to 9007199254740991), e.g. last_event=42", a.error());
        });
        assertFalse(hub.topicNames().contains("x"), "a malformed poll does not touch the hub");
    }

    @Test
    void malformedTimeoutIsA400SayingWhatAValidValueLooksLike() {
        for (String bad : List.of("abc", "-5", "1s")) {
            PollClient.Answer a = client.get("poll?topic=x&timeout=" + bad);
            assertEquals(400, a.status(), bad);
            assertTrue(a.error().contains("timeout=" + bad + " is invalid"), a.error());
            assertTrue(a.error().contains("milliseconds"), a.error());
        }
    }

    @Test
    void missingInvalidOrSeveralTopicsAreA400() {
        assertEquals(400, client.get("poll?last_event=1").status());
        assertTrue(client.get("poll").error().contains("no topic given"));
        PollClient.Answer invalid = client.get("poll?topic=a%20b");
        assertEquals(400, invalid.status());
        assertTrue(invalid.error().contains("topic \"a b\" is invalid: use 1-128 of [A-Za-z0-9._-]"), invalid.error());
        PollClient.Answer two = client.get("poll?topic=a&topic=b");
        assertEquals(400, two.status());
        assertTrue(two.error().contains("poll each topic separately"), two.error());
    }

    @Test
    void authorizerDenialIsAnsweredWithItsStatusAndMessage() {
        PollClient.Answer poll = client.get("poll?topic=secret-1&timeout=0");
        assertEquals(403, poll.status());
        assertEquals("secret topics are not readable by you", poll.error());
        PollClient.Answer publish = client.post("poll?topic=secret-1", "{\"type\":\"a\",\"data\":1}");
        assertEquals(401, publish.status());
        assertEquals("publishing to secret topics needs an API key: send Authorization", publish.error());
        assertFalse(hub.topicNames().contains("secret-1"), "a denied request does not touch the hub");
    }

    @Test
    void anAuthorizerThatThrowsIsAJson500ThatHidesTheExceptionAndIsLoggedOnce() {
        try (LogCapture log = LogCapture.of("dev.ringcast.http.internal.ServletAuthorization")) {
            PollClient.Answer poll = client.get("poll?topic=broken-1&timeout=0");
            assertEquals(500, poll.status(), poll.body());
            assertTrue(poll.header("Content-Type").startsWith("application/json"), poll.header("Content-Type"));
            assertEquals("the server failed to authorize this request: try again later", poll.error());
            assertEquals(1, log.warnings().size(), "logged once: " + log.warnings());
            assertEquals("token store unreachable at 10.0.0.7: connection refused",
                    log.warnings().get(0).getThrown().getMessage(), "logged with the exception");

            PollClient.Answer publish = client.post("poll?topic=broken-1", "{\"type\":\"a\",\"data\":1}");
            assertEquals(500, publish.status(), publish.body());
            assertEquals("{\"error\":\"the server failed to authorize this request: try again later\"}", publish.body(),
                    "nothing of the exception reaches the client");
            assertEquals(2, log.warnings().size(), "logged once per request: " + log.warnings());
        }
        assertFalse(hub.topicNames().contains("broken-1"), "nothing published");
        String topic = newTopic();
        long id = client.publish("poll?topic=" + topic, "after", "1");
        assertEquals(List.of(id), client.get("poll?topic=" + topic + "&last_event=0").numbers(), "still serving");
    }

    @Test
    void crossOriginRequestsAreRefusedByDefault() {
        String topic = newTopic();
        PollClient.Answer poll = client.send(HttpRequest.newBuilder(server.baseUri().resolve("poll?topic=" + topic
                + "&timeout=0")).header("Origin", "https://elsewhere.example"));
        assertEquals(403, poll.status());
        assertTrue(poll.error().contains("origin https://elsewhere.example may not poll or publish here"), poll.error());
        PollClient.Answer publish = client.send(HttpRequest.newBuilder(server.baseUri().resolve("poll?topic=" + topic))
                .header("Origin", "https://elsewhere.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a\",\"data\":1}")));
        assertEquals(403, publish.status());
        EventHub.TopicWindow window = hub.window(topic);
        assertEquals(window.headId() + 1, window.oldestId(), "nothing was published");
        PollClient.Answer preflight = client.send(HttpRequest.newBuilder(server.baseUri().resolve("poll?topic=" + topic))
                .header("Origin", "https://elsewhere.example").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, preflight.status());
    }

    @Test
    void otherMethodsAreA405() {
        PollClient.Answer a = client.send(HttpRequest.newBuilder(server.baseUri().resolve("poll?topic=x"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, a.status());
        assertEquals("GET, POST, OPTIONS", a.header("Allow"));
        assertTrue(a.error().contains("GET polls for events, POST publishes one"), a.error());
    }

    // ---- publishes ----

    @Test
    void publishAnswers201WithTheIdAndThePollGetsTheEvent() {
        String topic = newTopic();
        long before = hub.window(topic).headId();
        PollClient.Answer a = client.post("poll?topic=" + topic, "{\"type\":\"status\",\"data\":{\"n\": 1.50}}");
        assertEquals(201, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/json"));
        long id = a.json().get("id").asLong();
        assertEquals(before + 1, id);
        PollClient.Answer poll = client.get("poll?topic=" + topic + "&last_event=" + before);
        assertEquals("[{\"type\":\"status\",\"data\":{\"n\": 1.50},\"number\":" + id + "}]", poll.body(),
                "the data as posted, byte for byte");
    }

    @Test
    void publishWithCharsetOrOtherMembersIsAccepted() {
        String topic = newTopic();
        assertEquals(201, client.post("poll?topic=" + topic, "application/json; charset=UTF-8",
                "{\"type\":\"a\",\"data\":null,\"extra\":[1]}").status());
        assertEquals(201, client.post("poll?topic=" + topic, "Application/JSON", "{\"data\":\"x\",\"type\":\"b\"}").status());
        assertEquals(2, client.get("poll?topic=" + topic + "&last_event=0").numbers().size());
    }

    @Test
    void everyPublishErrorIsA4xxWithAMessageAndLosesNothingPublishedBefore() {
        String topic = newTopic();
        long first = client.publish("poll?topic=" + topic, "before", "1");

        assertError(415, "send the body as application/json", client.post("poll?topic=" + topic, "text/plain",
                "{\"type\":\"a\",\"data\":1}"));
        assertError(415, "Content-Type is missing", client.post("poll?topic=" + topic, null, "{\"type\":\"a\",\"data\":1}"));
        assertError(415, "charset=utf-8", client.post("poll?topic=" + topic, "application/json;charset=ISO-8859-1",
                "{\"type\":\"a\",\"data\":1}"));
        String big = "{\"type\":\"a\",\"data\":\"" + "x".repeat(2000) + "\"}";
        assertError(413, "over the limit of 1024 bytes", client.post("small?topic=" + topic, big));
        PollClient.Answer chunked = client.send(HttpRequest.newBuilder(server.baseUri().resolve("small?topic=" + topic))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(big))));
        assertError(413, "over the limit of 1024 bytes", chunked);
        assertError(400, "not valid JSON", client.post("poll?topic=" + topic, "{\"type\":\"a\",\"data\":"));
        assertError(400, "no \"type\"", client.post("poll?topic=" + topic, "{\"data\":1}"));
        assertError(400, "\"type\" is a JSON number, not a string", client.post("poll?topic=" + topic,
                "{\"type\":7,\"data\":1}"));
        assertError(400, "no \"data\"", client.post("poll?topic=" + topic, "{\"type\":\"a\"}"));
        assertError(400, "event type is empty", client.post("poll?topic=" + topic, "{\"type\":\"\",\"data\":1}"));
        assertError(400, "control character", client.post("poll?topic=" + topic, "{\"type\":\"a\\nb\",\"data\":1}"));
        for (String reserved : List.of("reset", "subscribed", "unsubscribed", "error", "pong")) {
            assertError(400, "\"" + reserved + "\" is reserved", client.post("poll?topic=" + topic,
                    "{\"type\":\"" + reserved + "\",\"data\":{\"topic\":\"" + topic + "\",\"requested\":0}}"));
        }
        assertError(400, "topic \"a b\" is invalid", client.post("poll?topic=a%20b", "{\"type\":\"a\",\"data\":1}"));
        assertError(400, "no topic given", client.post("poll", "{\"type\":\"a\",\"data\":1}"));

        long after = client.publish("poll?topic=" + topic, "after", "2");
        PollClient.Answer all = client.get("poll?topic=" + topic + "&last_event=0");
        assertEquals(List.of(first, after), all.numbers(), "nothing lost, nothing extra: " + all.body());
    }

    @Test
    void aServletThatTakesUntypedJsonAcceptsTextPlainOrNoContentTypeButNoFormNorAForeignOrigin() {
        String topic = newTopic();
        String body = "{\"type\":\"a\",\"data\":1}";
        assertEquals(201, client.post("untyped?topic=" + topic, "text/plain;charset=UTF-8", body).status());
        assertEquals(201, client.post("untyped?topic=" + topic, null, body).status());
        assertError(415, "application/json, text/plain or no Content-Type",
                client.post("untyped?topic=" + topic, "application/x-www-form-urlencoded", body));
        // A cross-site page can send text/plain without a preflight: the origin check refuses it.
        PollClient.Answer foreign = client.send(HttpRequest.newBuilder(server.baseUri().resolve("untyped?topic=" + topic))
                .header("Content-Type", "text/plain").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, foreign.status(), foreign.body());
        assertEquals(2, client.get("poll?topic=" + topic + "&last_event=0").numbers().size(), "only the two accepted");
    }

    @Test
    void aPollOrPublishOnANewTopicWhenTheHubHoldsItsMostTopicsIsA503SayingWhichLimit() {
        assertError(503, "maxTopics", client.get("full?topic=another&timeout=0"));
        assertError(503, "maxTopics", client.post("full?topic=another", "{\"type\":\"a\",\"data\":1}"));
        assertEquals(1, client.get("full?topic=full&last_event=0").numbers().size(), "the existing topic still serves");
    }

    @Test
    void utf16AndUtf32BodiesAreA400SayingToSendUtf8() {
        String topic = newTopic();
        String json = "{\"type\":\"a\",\"data\":{\"text\":\"h\u00e9\"}}";
        for (String charset : List.of("UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
            for (boolean bom : List.of(false, true)) {
                String sent = (bom && !charset.equals("UTF-16") ? "\uFEFF" : "") + json;
                PollClient.Answer a = client.post("poll?topic=" + topic, "application/json",
                        sent.getBytes(java.nio.charset.Charset.forName(charset)));
                assertEquals(400, a.status(), charset + (bom ? " with a BOM: " : ": ") + a.body());
                assertTrue(a.error().startsWith("the body is UTF-"), a.error());
                assertTrue(a.error().contains(", not UTF-8: send the JSON encoded as UTF-8"), a.error());
            }
        }
        assertError(400, "not valid JSON", client.post("poll?topic=" + topic, "application/json",
                "{\"type\":\"a\",\"data\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
        EventHub.TopicWindow window = hub.window(topic);
        assertEquals(window.headId() + 1, window.oldestId(), "nothing was published");
        assertEquals(201, client.post("poll?topic=" + topic, json).status(), "still serving");
    }

    @Test
    void aUtf8ByteOrderMarkBeforeTheBodyIsAcceptedAndNeverStored() {
        String topic = newTopic();
        PollClient.Answer a = client.post("poll?topic=" + topic, "application/json",
                "\uFEFF{\"type\":\"a\",\"data\":\"h\u00e9\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, a.status(), a.body());
        long id = a.json().get("id").asLong();
        assertEquals("[{\"type\":\"a\",\"data\":\"h\u00e9\",\"number\":" + id + "}]",
                client.get("poll?topic=" + topic + "&last_event=" + (id - 1)).body());
        PollClient.Answer bomData = client.post("poll?topic=" + topic, "application/json",
                "{\"type\":\"a\",\"data\":\uFEFF1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, bomData.status(), "a BOM anywhere else is not JSON: " + bomData.body());
    }

    @Test
    void anOversizeBodyWrittenWholeBeforeReadingGetsItsReadable413() throws IOException {
        String topic = newTopic();
        int limit = poll().settings().maxBodyBytes();
        RawHttpClient raw = new RawHttpClient(server.port());
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String target = "/poll?topic=" + topic;
        for (int size : List.of(limit + 256 * 1024, 2 * limit)) {
            RawHttpClient.Response r = raw.send("POST", target, json, oversizeBody(size));
            assertEquals(413, r.status(), r.body());
            assertEquals("{\"error\":\"the body is " + size + " bytes, over the limit of " + limit + " bytes: publish "
                    + "less data, or raise LongPollSettings.maxBodyBytes\"}", r.body());
        }
        RawHttpClient.Response chunked = raw.sendChunked("POST", target, json, oversizeBody(limit + 256 * 1024));
        assertEquals(413, chunked.status(), chunked.body());
        assertTrue(chunked.body().contains("the body is over " + limit + " bytes"), chunked.body());

        // Refusals before the body is read drain it the same way.
        RawHttpClient.Response denied = raw.send("POST", "/poll?topic=secret-2", json, oversizeBody(limit));
        assertEquals(401, denied.status(), denied.body());
        RawHttpClient.Response wrongType = raw.send("POST", target, Map.of("Content-Type", "text/plain"),
                oversizeBody(limit));
        assertEquals(415, wrongType.status(), wrongType.body());

        EventHub.TopicWindow window = hub.window(topic);
        assertEquals(window.headId() + 1, window.oldestId(), "nothing was published");
        assertEquals(201, raw.send("POST", target, json, "{\"type\":\"a\",\"data\":1}"
                .getBytes(StandardCharsets.UTF_8)).status(), "still serving");
    }

    /** A valid publish body of exactly {@code size} bytes. */
    private static byte[] oversizeBody(int size) {
        String head = "{\"type\":\"big\",\"data\":\"";
        return (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(int status, String message, PollClient.Answer a) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.error().contains(message), "\"" + a.error() + "\" should say " + message);
    }

    // ---- mounting ----

    @Test
    void pathModeServesTheTestRunnersSessionEventsEndpoint() {
        String url = "api/sessions/" + TOKEN + "/events";
        long before = hub.window(TOKEN).headId();
        List<Long> ids = new ArrayList<>();
        for (String state : List.of("paused", "running", "paused", "running")) {
            PollClient.Answer a = client.post(url, "{\n\"type\": \"status\",\n\"data\": \"" + state + "\"\n}");
            assertEquals(201, a.status(), a.body());
            ids.add(a.json().get("id").asLong());
        }
        assertTrue(hub.topicNames().contains(TOKEN), "the token is the topic");
        PollClient.Answer a = client.get(url + "?last_event=" + before);
        List<JsonNode> events = a.elements();
        assertEquals(4, events.size());
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode e = events.get(i);
            assertEquals("status", e.get("type").asText());
            assertEquals(ids.get(i), e.get("number").asLong());
            assertEquals(before + 1 + i, e.get("number").asLong(), "consecutive numbers, as the test runner's API documents");
            states.add(e.get("data").asText());
        }
        assertEquals(List.of("paused", "running", "paused", "running"), states);

        assertEquals(404, client.get("api/sessions/" + TOKEN + "/other").status());
        assertEquals(404, client.get("api/sessions/" + TOKEN).status());
        assertEquals(404, client.get("api/sessions/a/" + TOKEN + "/events").status());
        assertTrue(client.get("api/sessions/" + TOKEN + "/other").error().contains("/api/sessions/<topic>/events"));
    }

    @Test
    void topicsMountServesTheReferencePaths() {
        String topic = newTopic();
        long id = client.publish("topics/" + topic + "/events", "created", "{\"order\":42}");
        PollClient.Answer a = client.get("topics/" + topic + "/events?last_event=" + (id - 1));
        assertEquals("[{\"type\":\"created\",\"data\":{\"order\":42},\"number\":" + id + "}]", a.body());
        assertEquals(400, client.get("topics/a%20b/events").status());
    }

    @Test
    void servletBuiltWithoutArgumentsTakesHubAndSettingsFromTheServletContext() {
        String topic = newTopic();
        long id = client.publish("ctx/" + topic + "/events", "a", "1");
        assertEquals(List.of(id), client.get("ctx/" + topic + "/events?last_event=" + (id - 1)).numbers());
        assertEquals(id, hub.window(topic).headId(), "the event went to the hub of the context attribute");
        assertEquals(LongPollSettings.TopicSource.PATH, servlets.get(4).settings().topicSource());
    }

    // ---- hub shutdown ----

    @Test
    void heldPollsAreAnswered503WhenTheHubCloses() throws Exception {
        CompletableFuture<PollClient.Answer> held = client.getAsync("closing?topic=a&timeout=20000");
        LongPollServlet closing = servlets.get(5);
        awaitTrue("the poll to be held", () -> closing.heldPolls() == 1);
        closingHub.close();
        PollClient.Answer a = await(held);
        assertEquals(503, a.status(), a.body());
        assertNotNull(a.error());
        assertEquals(503, client.get("closing?topic=a").status());
        assertEquals(503, client.post("closing?topic=a", "{\"type\":\"a\",\"data\":1}").status());
    }
}
