package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.ServletContainer;
import dev.ringcast.testkit.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One real container with every endpoint mounted, shared by the tests of a class (they use
 * topics and channels of their own):
 * <ul>
 *   <li>{@code /ws}: the topic endpoint, inbound messages up to 1 KiB, default keepalive</li>
 *   <li>{@code /ws-fast}: a keepalive ping every 100 ms, dead after 500 ms without a pong</li>
 *   <li>{@code /ws-guarded}: an authorizer that wants {@code Authorization: Bearer good} and an
 *       origin check that allows {@code https://good.example}</li>
 *   <li>{@code /channels/*} and {@code /channels/{name}/ws}: channels that expire after a day</li>
 *   <li>{@code /brief/*} and {@code /brief/{name}/ws}: channels that expire after 300 ms idle</li>
 *   <li>{@code /ws-broken}, {@code /broken/*} and {@code /broken/{name}/ws}: an authorizer that
 *       throws {@link #BROKEN_AUTHORIZER} for a request naming a topic {@code broken*}, or any
 *       channel request with the header {@code X-Break: yes}; otherwise it allows (owner: the Bearer key)</li>
 * </ul>
 * And the modes (see {@code EndpointModesTest}), behind a {@link HandshakeFilter} that refuses
 * before the upgrade:
 * <ul>
 *   <li>{@code /raw}: the fixed topic {@link #RAW_TOPIC}, bare data frames, no control frames,
 *       type filter {@code filters}/{@code filter} with default {@code -log}</li>
 *   <li>{@code /custom?topic=..}: events as {@link #CUSTOM} frames, control frames on</li>
 *   <li>{@code /ws-filtered}: as {@code /ws-guarded}</li>
 *   <li>{@code /inbox}: the owner's channel {@code inbox} (registered at {@code /channels/inbox}),
 *       owner from {@code Bearer} or from a subprotocol {@code key_<owner>} beside {@code wss};
 *       data frames, no control frames</li>
 *   <li>{@code /filtered-channels/{name}/ws}: the channels of {@code /channels/*}</li>
 *   <li>{@code /inbox-rest}: the one-channel REST servlet of {@code inbox} over {@code inbox-fixed},
 *       answering {@code {"waiting": n}}</li>
 * </ul>
 * Topics named {@code small-*} listed in {@link #SMALL_TOPICS} keep only 8 events.
 */
final class Fixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> SMALL_TOPICS = List.of("small-JDK", "small-JETTY", "small-channel", "small-brief",
            "small-zero-JDK", "small-zero-JETTY", "small-inbox");

    /** The topic of {@code /raw}. */
    static final String RAW_TOPIC = "raw-events";

    /** The event frames of {@code /custom}: {@code <type>:<data>}, one instance so that it is encoded once per event. */
    static final dev.ringcast.core.FrameFormat<String> CUSTOM = e -> e.type() + ":" + e.dataJson();

    /** The message of the inbox's 404. */
    static final String NO_INBOX = "no inbox for this key: create it with PUT /channels/inbox";

    /** What the broken authorizer throws; it must never reach a client. */
    static final String BROKEN_AUTHORIZER = "token store unreachable at 10.0.0.7";

    final ContainerKind kind;
    final EventHub hub;
    final ChannelRegistry channels;
    final ChannelRegistry briefChannels;
    final ServletContainer server;

    private Fixture(ContainerKind kind) {
        this.kind = kind;
        var builder = EventHub.builder();
        SMALL_TOPICS.forEach(t -> builder.topic(t, c -> c.withRingCapacity(8)));
        hub = builder.build();
        WebSocketSettings plain = WebSocketSettings.builder().maxInboundMessageBytes(1024).build();
        WebSocketSettings fast = WebSocketSettings.builder().pingInterval(Duration.ofMillis(100))
                .deadPeerTimeout(Duration.ofMillis(500)).build();
        WebSocketSettings guarded = WebSocketSettings.builder()
                .authorizer(r -> r.header("Authorization").filter("Bearer good"::equals).isPresent()
                        ? Decision.allow() : Decision.deny(401, "send Authorization: Bearer good"))
                .originCheck(OriginCheck.allowing(List.of("https://good.example")))
                .build();
        WebSocketSettings broken = WebSocketSettings.builder().authorizer(r -> {
            if (r.topics().stream().anyMatch(t -> t.startsWith("broken")) || r.header("X-Break").isPresent()) {
                throw new IllegalStateException(BROKEN_AUTHORIZER);
            }
            return Decision.allow();
        }).build();
        WebSocketSettings raw = WebSocketSettings.builder().fixedTopic(RAW_TOPIC).typesParameter("filters", "filter")
                .defaultTypes(dev.ringcast.core.TypeFilter.parse("-log")).eventFrames(WebSocketFrames.DATA)
                .controlFrames(false).build();
        WebSocketSettings custom = WebSocketSettings.builder().eventFrames(CUSTOM).build();
        WebSocketSettings inbox = WebSocketSettings.builder()
                .authorizer(r -> RingcastWebSocket.requestedSubprotocols(r).stream()
                        .filter(p -> p.startsWith("key_")).findFirst()
                        .map(p -> Decision.allowAs(p.substring(4)))
                        .orElse(Decision.allow()))
                .subprotocols(List.of("wss"))
                .unknownChannelMessage(name -> NO_INBOX)
                .eventFrames(WebSocketFrames.DATA).controlFrames(false).build();
        channels = ChannelRegistry.builder(hub).build();
        briefChannels = ChannelRegistry.builder(hub).channelExpiry(Duration.ofMillis(300)).build();
        var filtered = List.of(
                RingcastWebSocket.endpointConfig(hub, raw, "/raw"),
                RingcastWebSocket.endpointConfig(hub, custom, "/custom"),
                RingcastWebSocket.endpointConfig(hub, guarded, "/ws-filtered"),
                RingcastWebSocket.channelEndpointConfig(channels, inbox, "/inbox", "inbox"),
                RingcastWebSocket.channelEndpointConfig(channels, plain, "/filtered-channels/{name}/ws"));
        HandshakeFilter handshakes = new HandshakeFilter(filtered);
        var container = kind.create();
        filtered.forEach(container::endpoint);
        server = container
                .filter(HandshakeFilter.NAME, handshakes, handshakes.urlPatterns().toArray(new String[0]))
                .endpoint(RingcastWebSocket.endpointConfig(hub, plain, "/ws"))
                .endpoint(RingcastWebSocket.endpointConfig(hub, fast, "/ws-fast"))
                .endpoint(RingcastWebSocket.endpointConfig(hub, guarded, "/ws-guarded"))
                .endpoint(RingcastWebSocket.channelEndpointConfig(channels, plain, "/channels/{name}/ws"))
                .endpoint(RingcastWebSocket.channelEndpointConfig(briefChannels, plain, "/brief/{name}/ws"))
                .servlet("raw-plain", new PlainGet(), "/raw")
                .servlet("inbox-rest", ChannelsServlet.oneChannel(channels, "inbox", List.of("inbox-fixed"))
                        .representation(c -> java.util.Map.of("waiting", c.queuedEvents()))
                        .notFoundMessage(name -> NO_INBOX).build(), "/inbox-rest")
                .servlet("channels", new ChannelsServlet(channels), "/channels/*")
                .servlet("brief", new ChannelsServlet(briefChannels), "/brief/*")
                .endpoint(RingcastWebSocket.endpointConfig(hub, broken, "/ws-broken"))
                .endpoint(RingcastWebSocket.channelEndpointConfig(channels, broken, "/broken/{name}/ws"))
                .servlet("broken", new ChannelsServlet(channels, broken.authorizer()), "/broken/*")
                .start();
    }

    /** What a plain GET (no upgrade) on {@code /raw} gets: 200 {@value #PLAIN_BODY}. */
    static final String PLAIN_BODY = "a plain GET, not an upgrade";

    private static final class PlainGet extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
                throws java.io.IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write(PLAIN_BODY);
        }
    }

    static Fixture start(ContainerKind kind) {
        return new Fixture(kind);
    }

    URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    URI http(String path) {
        return server.baseUri().resolve(path);
    }

    /** Every connection a test opened is closed by now: no subscription may be left. */
    void awaitNoSubscriptions() throws InterruptedException {
        await(() -> hub.subscriptionCount() == 0, "subscriptions to return to 0, still " + hub.subscriptionCount());
        assertEquals(0, hub.subscriptionCount());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WebSocketTestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.close();
        channels.close();
        briefChannels.close();
        hub.close();
    }
}
