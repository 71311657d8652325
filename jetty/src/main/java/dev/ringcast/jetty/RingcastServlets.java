package dev.ringcast.jetty;

import dev.ringcast.core.EventHub;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.longpoll.LongPollServlet;
import dev.ringcast.longpoll.LongPollSettings;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.ChannelsServlet;
import dev.ringcast.websocket.HandshakeFilter;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * Ringcast's servlets and WebSocket endpoints mounted on a Jetty 12 {@link ServletContextHandler}:
 * your application's own, next to its other servlets, or the one {@link RingcastServer} builds.
 * Paths are relative to the context: {@code /sse}, {@code /topics/{topic}/events} (POST publishes,
 * GET long-polls), {@code /ws}, and the durable channels ({@code /channels/{name}} and
 * {@code /channels/{name}/ws}); give the context a path such as {@code /events} to put them under it.
 *
 * <pre>{@code
 * Server server = new Server(8080);                          // your server
 * ServletContextHandler context = new ServletContextHandler("/");
 * context.addServlet(new ServletHolder(new MyApiServlet()), "/api/*");
 * RingcastServlets ringcast = RingcastServlets.builder(hub).mountOn(context);
 * server.setHandler(context);
 * server.start();
 * ...
 * server.stop();
 * ringcast.close();                                          // the channels; the hub is yours
 * hub.close();
 * }</pre>
 *
 * <p>The transports whose settings the builder makes share one set of connection limits and one
 * publish rate. WebSocket is set up with {@link JakartaWebSocketServletContainerInitializer#configure},
 * and its refusals are answered before the upgrade by {@link HandshakeFilter}. The host check of
 * {@link RingcastServer} (its loopback default) is not applied: the transports' settings'
 * {@code allowedHosts} is, and your server's own handlers.
 *
 * <p>Build and mount from one thread, before the server starts; {@link #close()} from any thread, after it stops.
 */
public final class RingcastServlets implements AutoCloseable {

    private final SseServlet sse;
    private final LongPollServlet longPoll;
    private final ChannelRegistry channels;
    private final java.util.function.IntSupplier webSocketConnections;
    private final ConnectionLimits connectionLimits;

    private RingcastServlets(Builder b, ServletContextHandler context) {
        EventHub hub = b.hub;
        ConnectionLimits limits = b.connectionLimits != null ? b.connectionLimits : ConnectionLimits.defaults();
        this.connectionLimits = limits;
        SseSettings sseSettings = b.sseSettings != null ? b.sseSettings
                : SseSettings.builder().connectionLimits(limits).build();
        LongPollSettings longPollSettings = b.longPollSettings != null ? b.longPollSettings
                : LongPollSettings.builder().topicSource(LongPollSettings.TopicSource.PATH).connectionLimits(limits)
                        .publishRateLimit(b.publishRateLimit != null ? b.publishRateLimit : PublishRateLimit.defaults())
                        .build();
        WebSocketSettings webSocketSettings = b.webSocketSettings != null ? b.webSocketSettings
                : WebSocketSettings.builder().connectionLimits(limits).build();

        if (context.getAttribute(SseServlet.HUB_ATTRIBUTE) == null) {
            context.setAttribute(SseServlet.HUB_ATTRIBUTE, hub);
        }
        sse = new SseServlet(hub, sseSettings);
        if (b.sse) {
            mount(context, "ringcast-sse", sse, "/sse");
        }
        if (b.longPoll) {
            longPoll = new LongPollServlet(hub, longPollSettings);
            mount(context, "ringcast-longpoll", longPoll, "/topics/*");
        } else {
            longPoll = null;
        }
        if (b.webSocket) {
            channels = ChannelRegistry.builder(hub).channelExpiry(b.channelExpiry).maxChannels(b.maxChannels).build();
            mount(context, "ringcast-channels", new ChannelsServlet(channels, webSocketSettings), "/channels/*");
            var topics = RingcastWebSocket.endpointConfig(hub, webSocketSettings, "/ws");
            var channelConnections = RingcastWebSocket.channelEndpointConfig(channels, webSocketSettings,
                    "/channels/{name}/ws");
            webSocketConnections = () -> RingcastWebSocket.openConnections(topics)
                    + RingcastWebSocket.openConnections(channelConnections);
            JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
                container.addEndpoint(topics);
                container.addEndpoint(channelConnections);
                // Refusals (limits included: 429/503 with Retry-After) before the upgrade, as HTTP answers.
                HandshakeFilter.install(servletContext, topics, channelConnections);
            });
        } else {
            channels = null;
            webSocketConnections = () -> 0;
        }
    }

    private static void mount(ServletContextHandler context, String name, jakarta.servlet.Servlet servlet, String path) {
        ServletHolder holder = new ServletHolder(name, servlet);
        holder.setAsyncSupported(true);
        holder.setInitOrder(0);
        context.addServlet(holder, path);
    }

    /**
     * @param hub the hub to serve; it stays yours to close
     * @return a builder with every transport on and the transports' default settings
     */
    public static Builder builder(EventHub hub) {
        return new Builder(hub);
    }

    /** @return the SSE servlet (built even when SSE is not mounted), e.g. to count open streams */
    public SseServlet sseServlet() {
        return sse;
    }

    /** @return the long-poll and publish servlet, or null when it is not mounted */
    public LongPollServlet longPollServlet() {
        return longPoll;
    }

    /** @return the WebSocket connections open now, topics and channels together (0 when not mounted) */
    public int openWebSocketConnections() {
        return webSocketConnections.getAsInt();
    }

    /** @return the durable channels, or null when WebSocket is not mounted */
    public ChannelRegistry channels() {
        return channels;
    }

    /** @return the connection counters the transports whose settings the builder made share */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /** Closes the channel registry (its sweeper thread). The hub is not closed: it is the caller's. Idempotent. */
    @Override
    public void close() {
        if (channels != null) {
            channels.close();
        }
    }

    /** Configures {@link RingcastServlets}. Not thread-safe. */
    public static final class Builder {
        private final EventHub hub;
        private boolean sse = true;
        private boolean longPoll = true;
        private boolean webSocket = true;
        private SseSettings sseSettings;
        private LongPollSettings longPollSettings;
        private WebSocketSettings webSocketSettings;
        private ConnectionLimits connectionLimits;
        private PublishRateLimit publishRateLimit;
        private Duration channelExpiry = Duration.ofHours(24);
        private int maxChannels = ChannelRegistry.DEFAULT_MAX_CHANNELS;

        private Builder(EventHub hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
        }

        /**
         * @param enabled whether to mount SSE at {@code /sse}; default true
         * @return this builder
         */
        public Builder sse(boolean enabled) {
            this.sse = enabled;
            return this;
        }

        /**
         * @param enabled whether to mount long-poll and publish at {@code /topics/{topic}/events}; default true
         * @return this builder
         */
        public Builder longPoll(boolean enabled) {
            this.longPoll = enabled;
            return this;
        }

        /**
         * @param enabled whether to mount WebSocket at {@code /ws} and the durable channels at
         *     {@code /channels/*}; default true
         * @return this builder
         */
        public Builder webSocket(boolean enabled) {
            this.webSocket = enabled;
            return this;
        }

        /**
         * @param settings the SSE servlet's settings; default {@link SseSettings#defaults()} with the shared limits
         * @return this builder
         */
        public Builder sseSettings(SseSettings settings) {
            this.sseSettings = Objects.requireNonNull(settings, "sse settings");
            return this;
        }

        /**
         * @param settings the long-poll servlet's settings; its topic source must be
         *     {@link LongPollSettings.TopicSource#PATH}, as it is mounted at {@code /topics/*}
         * @return this builder
         */
        public Builder longPollSettings(LongPollSettings settings) {
            if (settings.topicSource() != LongPollSettings.TopicSource.PATH) {
                throw new IllegalArgumentException("long-poll settings must take the topic from the path: it "
                        + "serves /topics/{topic}/events; use LongPollSettings.builder().topicSource(TopicSource.PATH)");
            }
            this.longPollSettings = settings;
            return this;
        }

        /**
         * @param settings the WebSocket endpoints' settings; its authorizer also guards the channels' REST API
         * @return this builder
         */
        public Builder webSocketSettings(WebSocketSettings settings) {
            this.webSocketSettings = Objects.requireNonNull(settings, "websocket settings");
            return this;
        }

        /**
         * @param limits the connection limits shared by the transports whose settings the builder
         *     makes; default {@link ConnectionLimits#defaults()}
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "connection limits");
            return this;
        }

        /**
         * @param limit how fast one client may publish, when the builder makes the long-poll
         *     settings; default {@link PublishRateLimit#defaults()}
         * @return this builder
         */
        public Builder publishRateLimit(PublishRateLimit limit) {
            this.publishRateLimit = Objects.requireNonNull(limit, "publish rate limit");
            return this;
        }

        /**
         * @param idle how long a channel with no connection lives before it expires; default 24 hours
         * @return this builder
         */
        public Builder channelExpiry(Duration idle) {
            if (idle == null || idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("channel expiry " + idle + " is invalid: use a positive duration");
            }
            this.channelExpiry = idle;
            return this;
        }

        /**
         * @param max the most durable channels in all, at least 1; default {@value ChannelRegistry#DEFAULT_MAX_CHANNELS}
         * @return this builder
         */
        public Builder maxChannels(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max channels " + max + " is invalid: use at least 1");
            }
            this.maxChannels = max;
            return this;
        }

        /**
         * Adds the servlets, the WebSocket endpoints and the handshake filter to the context.
         *
         * @param context the context, not started
         * @return the mounted parts, to close after the server stops
         */
        public RingcastServlets mountOn(ServletContextHandler context) {
            return new RingcastServlets(this, Objects.requireNonNull(context, "context"));
        }
    }
}
