package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.launchdarkly.eventsource.MessageEvent;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.LogCapture;
import dev.ringcast.testkit.ServletContainer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SSE servlet's contract, run in every container users embed it in: Jetty 12, Tomcat 11 and
 * Undertow, each with a real SSE client library that reconnects on its own.
 */
class SseServletContractTest {

    private EventHub hub;
    private ServletContainer container;
    private SseServlet servlet;
    private final List<SseClient> clients = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private void start(ContainerKind kind) {
        start(kind, EventHub.builder().ringCapacity(64).build(), SseSettings.builder().heartbeat(Duration.ofMillis(200)).build());
    }

    private void start(ContainerKind kind, EventHub h, SseSettings settings) {
        hub = h;
        servlet = new SseServlet(hub, settings);
        container = kind.create().servlet("sse", servlet, "/sse").start();
    }

    private SseClient client(String query, String lastEventId) {
        SseClient c = new SseClient(container.baseUri().resolve("/sse?" + query), lastEventId);
        clients.add(c);
        return c;
    }

    private HttpResponse<String> get(String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.baseUri().resolve("/sse?" + query))
                .timeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A refused request's status, content type and body. */
    private record Refusal(int status, String contentType, String body) {
    }

    /**
     * A request that should be refused: its body is read only when it is not a 200, so a server
     * that opens a stream instead makes the test fail rather than hang.
     */
    private Refusal getRefused(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(container.baseUri().resolve("/sse?" + query))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = r.body()) {
            return new Refusal(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.statusCode() == 200 ? "(an event stream was opened)"
                            : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(SseClient::close);
        if (container != null) {
            container.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private static void awaitZero(java.util.function.IntSupplier count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count.getAsInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, count.getAsInt(), what);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void publishedEventsArriveWithTheirIdTypeAndData(ContainerKind kind) {
        start(kind);
        SseClient c = client("topic=orders", null);
        awaitSubscribed(1);
        long id = hub.publish("orders", "created", Map.of("order", 7)).id();
        MessageEvent m = c.nextOf("created");
        assertEquals(Long.toString(id), m.getLastEventId());
        assertEquals("{\"order\":7}", m.getData());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void batchesLargerThanASmallResponseBufferArriveWholeAndInOrder(ContainerKind kind) {
        start(kind, EventHub.builder().ringCapacity(256).build(), SseSettings.builder().responseBufferSize(512).build());
        List<Long> ids = new ArrayList<>();
        String big = "x".repeat(3000); // one frame six times the buffer
        for (int i = 0; i < 100; i++) {
            ids.add(hub.publish("orders", "e", i % 10 == 0 ? big + i : "small-" + i).id());
        }
        // Replayed from 0: the whole backlog goes out in batches of many frames, small and large.
        SseClient c = client("topic=orders", "0");
        for (int i = 0; i < 100; i++) {
            MessageEvent m = c.next();
            assertEquals(Long.toString(ids.get(i)), m.getLastEventId());
            assertEquals("\"" + (i % 10 == 0 ? big + i : "small-" + i) + "\"", m.getData());
        }
        c.assertQuiet(300);
    }

    @org.junit.jupiter.api.Test
    void aResponseBufferSizeOutsideItsRangeIsRefusedWithTheRange() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SseSettings.builder().responseBufferSize(100));
        assertTrue(e.getMessage().contains("512 bytes to 1 MiB"), e.getMessage());
        assertEquals(SseSettings.DEFAULT_RESPONSE_BUFFER_SIZE, SseSettings.defaults().responseBufferSize());
    }

    private void awaitSubscribed(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriptionCount() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(n, hub.subscriptionCount(), "subscriptions open");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aNewConnectionWithLastEventIdResumesExactlyAfterIt(ContainerKind kind) {
        start(kind);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(hub.publish("orders", "e", i).id());
        }
        SseClient c = client("topic=orders", Long.toString(ids.get(2)));
        for (int i = 3; i < 6; i++) {
            assertEquals(Long.toString(ids.get(i)), c.next().getLastEventId());
        }
        c.assertQuiet(300);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aClientWhoseConnectionDropsReconnectsOnItsOwnAndLosesNothing(ContainerKind kind) throws Exception {
        start(kind);
        SseClient c = client("topic=orders", null);
        awaitSubscribed(1);
        long first = hub.publish("orders", "e", 0).id();
        assertEquals(Long.toString(first), c.next().getLastEventId());
        assertEquals(1, servlet.dropAllConnections());
        awaitZero(hub::subscriptionCount, "subscription of the dropped stream");
        for (int i = 1; i <= 5; i++) {
            hub.publish("orders", "e", i); // published while the client is away
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals(Long.toString(first + i), c.next().getLastEventId(), "resumed with Last-Event-ID");
        }
        c.assertQuiet(300);
        assertTrue(c.starts.get() >= 2, "the client reconnected");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anIdOlderThanTheRingGetsAResetThenTheOldestRetainedEvents(ContainerKind kind) {
        start(kind, EventHub.builder().ringCapacity(8).build(), SseSettings.defaults());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(hub.publish("orders", "e", i).id());
        }
        SseClient c = client("topic=orders", Long.toString(ids.get(1)));
        MessageEvent reset = c.nextOf("reset");
        assertEquals("{\"topic\":\"orders\",\"requested\":" + ids.get(1) + ",\"oldest\":" + ids.get(12)
                + ",\"cause\":\"TOO_OLD\"}", reset.getData());
        assertEquals(Long.toString(ids.get(12) - 1), reset.getLastEventId(), "a reconnect after the reset resumes from the oldest");
        for (int i = 12; i < 20; i++) {
            assertEquals(Long.toString(ids.get(i)), c.next().getLastEventId());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anUnreadableLastEventIdHeaderOpensTheStreamWithAResetNotAnError(ContainerKind kind) throws Exception {
        start(kind);
        long id = hub.publish("orders", "e", 1).id();
        SseClient c = client("topic=orders", "not-an-id");
        MessageEvent reset = c.nextOf("reset");
        assertTrue(reset.getData().contains("\"oldest\":" + id), reset.getData());
        assertEquals(Long.toString(id), c.next().getLastEventId());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aMalformedLastEventIdParameterIsA400SayingWhatIsValid(ContainerKind kind) throws Exception {
        start(kind);
        HttpResponse<String> r = get("topic=orders&lastEventId=abc", Map.of());
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(r.body().startsWith("{\"error\":\"lastEventId=abc is invalid"), r.body());
        assertTrue(r.body().contains("such as 42"), r.body());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aLastEventIdParameterThatIsNotPlainDigitsIsA400(ContainerKind kind) throws Exception {
        start(kind);
        long id = hub.publish("orders", "e", 1).id();
        // Each as sent in the URL, and as the server reads it.
        Map<String, String> single = new java.util.LinkedHashMap<>();
        single.put("%2B" + id, "+" + id);
        single.put("%20" + id, " " + id);
        single.put(id + "%20", id + " ");
        single.put("-1", "-1");
        single.put("0x10", "0x10");
        single.put("4.0", "4.0");
        single.put("", "");
        single.put("9007199254740992", "9007199254740992");
        for (Map.Entry<String, String> bad : single.entrySet()) {
            Refusal r = getRefused("topic=orders&lastEventId=" + bad.getKey());
            assertEquals(400, r.status(), bad.getKey() + ": " + r.body());
            assertEquals("{\"error\":\"lastEventId=" + bad.getValue() + " is invalid: use the id of the last event "
                    + "received, an integer in plain digits such as 42\"}", r.body());
        }
        for (String bad : List.of(id + "_%2B" + id, "%2B" + id + "_" + id, id + "_%20" + id, id + "_", "_" + id)) {
            Refusal r = getRefused("topic=a&topic=b&lastEventId=" + bad);
            assertEquals(400, r.status(), bad + ": " + r.body());
            assertTrue(r.body().contains("the last id of each in request order joined by _, such as 42_17"), r.body());
        }
        assertEquals(0, hub.subscriptionCount(), "no stream was opened");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aLastEventIdHeaderIsReadOnlyInTheExactFormTheServerSentElseTheStreamOpensWithAReset(ContainerKind kind) {
        start(kind);
        long first = hub.publish("orders", "e", 1).id();
        long second = hub.publish("orders", "e", 2).id();
        SseClient exact = client("topic=orders", Long.toString(first));
        assertEquals(Long.toString(second), exact.next().getLastEventId(), "our own id resumes right after it");
        exact.close();
        // A sign, or a leading zero, is not how this server writes ids: a browser never sends it back.
        for (String notOurs : List.of("+" + first, "0" + first)) {
            SseClient c = client("topic=orders", notOurs);
            MessageEvent reset = c.nextOf("reset");
            assertTrue(reset.getData().contains("\"oldest\":" + first), notOurs + ": " + reset.getData());
            assertEquals(Long.toString(first), c.next().getLastEventId(), notOurs);
            c.close();
        }
        long b = hub.publish("b", "e", 3).id();
        SseClient multi = client("topic=orders&topic=b", "+" + first + "_" + b);
        assertEquals("reset", multi.next().getEventName(), "the whole composite id is unreadable");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anAuthorizerThatThrowsIsAJson500ThatHidesTheExceptionAndTheServerKeepsServing(ContainerKind kind)
            throws Exception {
        start(kind, EventHub.builder().build(), SseSettings.builder().authorizer(r -> {
            if (r.topics().contains("broken")) {
                throw new IllegalStateException("token store unreachable at 10.0.0.7");
            }
            return Decision.allow();
        }).build());
        try (LogCapture log = LogCapture.of("dev.ringcast.http.internal.ServletAuthorization")) {
            Refusal r = getRefused("topic=broken");
            assertEquals(500, r.status(), r.body());
            assertTrue(r.contentType().startsWith("application/json"), r.contentType());
            assertEquals("{\"error\":\"the server failed to authorize this request: try again later\"}", r.body());
            assertEquals(1, log.warnings().size(), "logged once: " + log.warnings());
            assertEquals("token store unreachable at 10.0.0.7", log.warnings().get(0).getThrown().getMessage());
        }
        assertEquals(0, hub.subscriptionCount());
        SseClient ok = client("topic=orders", null);
        awaitSubscribed(1);
        hub.publish("orders", "e", 1);
        assertEquals("1", ok.next().getData(), "still serving");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void invalidTopicsAreRejectedWithA400(ContainerKind kind) throws Exception {
        start(kind);
        assertEquals(400, get("topic=a%20b", Map.of()).statusCode());
        HttpResponse<String> none = get("", Map.of());
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("?topic=<name>"), none.body());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theTypeFilterDeliversOnlyTheNamedTypes(ContainerKind kind) {
        start(kind);
        SseClient c = client("topic=orders&types=paid,shipped", null);
        awaitSubscribed(1);
        hub.publish("orders", "created", 1);
        hub.publish("orders", "paid", 2);
        hub.publish("orders", "created", 3);
        hub.publish("orders", "shipped", 4);
        assertEquals("2", c.nextOf("paid").getData());
        assertEquals("4", c.nextOf("shipped").getData());
        c.assertQuiet(300);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aMultiTopicStreamResumesEveryTopicFromItsCompositeId(ContainerKind kind) {
        start(kind);
        SseClient c = client("topic=a&topic=b", null);
        awaitSubscribed(1);
        long a1 = hub.publish("a", "e", "a1").id();
        long b1 = hub.publish("b", "e", "b1").id();
        c.next(2);
        String resumeId = c.lastEventId();
        assertEquals(a1 + "_" + b1, resumeId);
        c.close();
        awaitSubscribedAtMost(0);
        long a2 = hub.publish("a", "e", "a2").id();
        long b2 = hub.publish("b", "e", "b2").id();
        long a3 = hub.publish("a", "e", "a3").id();
        SseClient again = client("topic=a&topic=b", resumeId);
        List<String> got = again.next(3).stream().map(MessageEvent::getData).toList();
        assertEquals(List.of("\"a2\"", "\"a3\"", "\"b2\""), got.stream().sorted().toList());
        again.assertQuiet(300);
        assertEquals(a3 + "_" + b2, again.lastEventId(), "the composite id holds the newest id of each topic");
        assertTrue(a2 < a3);
    }

    private void awaitSubscribedAtMost(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.subscriptionCount() > n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void streamsCarryTheHeadersProxiesNeedAndHeartbeats(ContainerKind kind) throws Exception {
        start(kind);
        try (Socket s = new Socket("127.0.0.1", container.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /sse?topic=orders HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            assertTrue(head.get(0).startsWith("http/1.1 200"), head.toString());
            assertTrue(head.stream().anyMatch(h -> h.startsWith("content-type: text/event-stream")), head.toString());
            assertTrue(head.contains("cache-control: no-cache"), head.toString());
            assertTrue(head.contains("x-accel-buffering: no"), head.toString());
            StringBuilder body = new StringBuilder();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && body.indexOf(":\n") < 0 && body.indexOf(":\r\n") < 0) {
                body.append((char) in.read());
            }
            assertTrue(body.toString().contains("retry: 3000"), body.toString());
        }
        awaitZero(hub::subscriptionCount, "subscription of the closed socket");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aThousandConnectDisconnectCyclesLeaveNoSubscriptionBehind(ContainerKind kind) throws Exception {
        start(kind);
        byte[] request = ("GET /sse?topic=churn HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1000; i++) {
            try (Socket s = new Socket("127.0.0.1", container.port())) {
                s.getOutputStream().write(request);
                s.getInputStream().read(); // the stream is open
            }
        }
        awaitZero(hub::subscriptionCount, "live subscriptions after 1,000 cycles");
        awaitZero(servlet::openStreams, "open streams after 1,000 cycles");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theAuthorizerCanDenyAStreamWithItsOwnStatusAndMessage(ContainerKind kind) throws Exception {
        start(kind, EventHub.builder().build(), SseSettings.builder().authorizer(r ->
                r.queryParameter("token").filter("secret"::equals).isPresent() ? Decision.allow()
                        : Decision.deny(401, "missing or wrong token: add ?token=<your token>")).build());
        HttpResponse<String> denied = get("topic=orders", Map.of());
        assertEquals(401, denied.statusCode());
        assertEquals("{\"error\":\"missing or wrong token: add ?token=<your token>\"}", denied.body());
        SseClient ok = client("topic=orders&token=secret", null);
        awaitSubscribed(1);
        hub.publish("orders", "e", 1);
        assertEquals("1", ok.next().getData());
    }

    @org.junit.jupiter.api.Test
    void aServletWithoutAHubFailsToStartSayingHowToGiveItOne() {
        ServletContainer bare = ContainerKind.JETTY.create().servlet("sse", new SseServlet(), "/sse");
        try {
            Throwable e = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, bare::start);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertTrue(messages.toString().contains("SseServlet has no EventHub: pass one to new SseServlet(hub), or set "
                    + "the servlet context attribute \"dev.ringcast.core.EventHub\""), messages.toString());
        } finally {
            bare.close();
        }
    }

    @org.junit.jupiter.api.Test
    void aServletTakesItsHubFromTheServletContextAttribute() {
        hub = EventHub.builder().build();
        container = ContainerKind.TOMCAT.create().contextAttribute(SseServlet.HUB_ATTRIBUTE, hub)
                .servlet("sse", new SseServlet(), "/sse").start();
        SseClient c = client("topic=orders", null);
        awaitSubscribed(1);
        hub.publish("orders", "e", 5);
        assertEquals("5", c.next().getData());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aCrossOriginStreamFromAnOriginNotAllowedIsRefused(ContainerKind kind) throws Exception {
        start(kind, EventHub.builder().build(), SseSettings.builder().allowedOrigins(List.of("https://app.example.com")).build());
        assertEquals(403, get("topic=orders", Map.of("Origin", "https://evil.example.com")).statusCode());
        HttpRequest allowed = HttpRequest.newBuilder(container.baseUri().resolve("/sse?topic=orders&lastEventId=0"))
                .header("Origin", "https://app.example.com").build();
        HttpResponse<java.io.InputStream> r = http.send(allowed, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("https://app.example.com", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        r.body().close();
    }

    /** Opens a raw stream and reads until its preamble's first blank-line-terminated id block. */
    private String openAndReadPosition(Socket s, String query) throws Exception {
        s.setSoTimeout(5000);
        s.getOutputStream().write(("GET /sse?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        java.io.InputStream in = s.getInputStream();
        StringBuilder seen = new StringBuilder();
        java.util.regex.Pattern position = java.util.regex.Pattern.compile("\nid: ([0-9_]+)\n\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            int b = in.read();
            assertTrue(b >= 0, "the stream ended before its position: " + seen);
            seen.append((char) b);
            java.util.regex.Matcher m = position.matcher(seen);
            if (m.find()) {
                assertTrue(!seen.toString().contains("event:"), "the position comes before any event: " + seen);
                return m.group(1);
            }
        }
        throw new AssertionError("no position block within 5 s: " + seen);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamAnnouncesItsPositionSoAClientCutBeforeItsFirstEventLosesNothing(ContainerKind kind) throws Exception {
        start(kind);
        hub.publish("orders", "e", "before");
        long head = hub.publish("orders", "e", "before").id();
        String position;
        try (Socket s = new Socket("127.0.0.1", container.port())) {
            position = openAndReadPosition(s, "topic=orders");
        } // cut before any event
        assertEquals(Long.toString(head), position, "the id-only block names the head the stream started after");
        awaitSubscribedAtMost(0);
        long missed1 = hub.publish("orders", "e", "while away 1").id();
        long missed2 = hub.publish("orders", "e", "while away 2").id();
        SseClient again = client("topic=orders", position);
        assertEquals(Long.toString(missed1), again.next().getLastEventId());
        assertEquals(Long.toString(missed2), again.next().getLastEventId());
        again.assertQuiet(300);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aMultiTopicStreamAnnouncesItsCompositePosition(ContainerKind kind) throws Exception {
        start(kind);
        long a = hub.publish("a", "e", 1).id();
        long b = hub.publish("b", "e", 2).id();
        try (Socket s = new Socket("127.0.0.1", container.port())) {
            assertEquals(a + "_" + b, openAndReadPosition(s, "topic=a&topic=b"));
        }
        try (Socket s = new Socket("127.0.0.1", container.port())) {
            assertEquals(b + "_" + a, openAndReadPosition(s, "topic=b&topic=a&lastEventId=" + b + "_" + a),
                    "a resumed stream announces the position it resumes from");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void lastEventIdZeroReplaysEverythingRetainedWithoutAResetWhileNothingIsGone(ContainerKind kind) {
        start(kind, EventHub.builder().ringCapacity(8).build(), SseSettings.defaults());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(hub.publish("orders", "e", i).id());
        }
        SseClient all = client("topic=orders&lastEventId=0", null);
        for (long id : ids) {
            assertEquals(Long.toString(id), all.next().getLastEventId());
        }
        all.assertQuiet(300);
        for (int i = 5; i < 12; i++) {
            ids.add(hub.publish("orders", "e", i).id());
        }
        SseClient late = client("topic=orders", "0");
        MessageEvent reset = late.nextOf("reset");
        assertEquals("{\"topic\":\"orders\",\"requested\":0,\"oldest\":" + ids.get(4) + ",\"cause\":\"TOO_OLD\"}",
                reset.getData(), "once something after 0 is gone, the client is told");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamOpeningWhileTheHubClosesIsA503(ContainerKind kind) throws Exception {
        // The authorizer runs just before the stream touches the hub: closing the hub there is the
        // narrowest race a stream's open can lose.
        EventHub closing = EventHub.builder().build();
        start(kind, closing, SseSettings.builder().authorizer(r -> {
            closing.close();
            return Decision.allow();
        }).build());
        for (String query : List.of("topic=orders", "topic=orders&lastEventId=5")) {
            HttpResponse<String> r = get(query, Map.of());
            assertEquals(503, r.statusCode(), query + ": " + r.body());
            assertTrue(r.body().contains("shutting down"), r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aNegatedTypeListDeliversEveryTypeButTheNamedOnes(ContainerKind kind) {
        start(kind);
        SseClient c = client("topic=orders&types=-created,refunded", null);
        awaitSubscribed(1);
        hub.publish("orders", "created", 1);
        hub.publish("orders", "paid", 2);
        hub.publish("orders", "refunded", 3);
        hub.publish("orders", "shipped", 4);
        assertEquals("2", c.nextOf("paid").getData());
        assertEquals("4", c.nextOf("shipped").getData());
        c.assertQuiet(300);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aFixedTopicStreamReadsItsTopicWithTheTypeParametersAndDefaultTheApplicationChose(ContainerKind kind)
            throws Exception {
        start(kind, EventHub.builder().build(), SseSettings.builder().fixedTopic("notifications")
                .typesParameter("filters", "filter").defaultTypes(dev.ringcast.core.TypeFilter.parse("-log")).build());
        SseClient byDefault = client("topic=ignored", null);
        SseClient generated = client("filter=log&filter=activity", null);
        SseClient everything = client("filters=", null);
        awaitSubscribed(3);
        hub.publish("ignored", "playing", 0);
        hub.publish("notifications", "log", 1);
        hub.publish("notifications", "activity", 2);
        hub.publish("notifications", "playing", 3);
        assertEquals(List.of("2", "3"), byDefault.next(2).stream().map(MessageEvent::getData).toList(),
                "no filter: the application's default, every type but log");
        assertEquals(List.of("1", "2"), generated.next(2).stream().map(MessageEvent::getData).toList(),
                "a repeated second parameter name is the same filter");
        assertEquals(List.of("1", "2", "3"), everything.next(3).stream().map(MessageEvent::getData).toList(),
                "an empty filter: every type");
        byDefault.assertQuiet(200);
        generated.assertQuiet(200);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aClientThatAcceptsOnlyAnAlternativeTypeGetsTheSameStreamUnderIt(ContainerKind kind) throws Exception {
        start(kind, EventHub.builder().build(), SseSettings.builder()
                .alternativeContentTypes(List.of("application/octet-stream")).build());
        HttpResponse<java.io.InputStream> octets = http.send(HttpRequest.newBuilder(
                        container.baseUri().resolve("/sse?topic=orders"))
                .header("Accept", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, octets.statusCode());
        assertEquals("application/octet-stream", octets.headers().firstValue("Content-Type").orElse(""));
        awaitSubscribed(1);
        long id = hub.publish("orders", "created", 7).id();
        BufferedReader in = new BufferedReader(new InputStreamReader(octets.body(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = in.readLine(); line != null && !seen.toString().contains("data: 7\n"); line = in.readLine()) {
            seen.append(line).append('\n');
        }
        assertTrue(seen.toString().contains("id: " + id + "\nevent: created\ndata: 7\n"), seen.toString());
        octets.body().close();
        HttpResponse<java.io.InputStream> browser = http.send(HttpRequest.newBuilder(
                        container.baseUri().resolve("/sse?topic=orders"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertTrue(browser.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        browser.body().close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamOnANewTopicWhenTheHubHoldsItsMostTopicsIsA503SayingWhichLimit(ContainerKind kind) throws Exception {
        start(kind, EventHub.builder().maxTopics(1).build(), SseSettings.defaults());
        hub.publish("full", "e", 1); // holds an event: never evicted
        HttpResponse<String> r = get("topic=another", Map.of());
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("maxTopics"), r.body());
        SseClient ok = client("topic=full&lastEventId=0", null);
        assertEquals("1", ok.next().getData(), "the existing topic still serves");
    }
}
