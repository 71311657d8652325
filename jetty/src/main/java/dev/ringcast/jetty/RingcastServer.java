package dev.ringcast.jetty;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventHubBuilder;
import dev.ringcast.core.log.EventLogFactory;
import dev.ringcast.longpoll.LongPollServlet;
import dev.ringcast.longpoll.LongPollSettings;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.ChannelsServlet;
import dev.ringcast.websocket.RingcastWebSocket;
import dev.ringcast.websocket.WebSocketSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Ringcast on an embedded Jetty 12: for users who want the event server without a container of
 * their own. Serves the reference wire contract (see the project's DESIGN): {@code /sse},
 * {@code /ws}, {@code /topics/{topic}/events} (publish with POST, long-poll with GET), durable
 * channels ({@code PUT/GET/DELETE /channels/{name}}, {@code /channels/{name}/ws}) and the demo
 * page at {@code /}. Speaks HTTP/1.1 and cleartext HTTP/2 ({@code h2c}) on one port.
 *
 * <pre>{@code
 * try (RingcastServer server = RingcastServer.builder().port(8080).build().start()) {
 *     server.hub().publish("news", "headline", Map.of("text", "hello"));
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} and {@link #close()} may be called from any thread, once each.
 */
public final class RingcastServer implements AutoCloseable {

    private final Builder settings;
    private final EventHub hub;
    private final boolean ownsHub;
    private final Server server;
    private final ServerConnector connector;
    private final SseServlet sse;
    private final ChannelRegistry channels;

    private RingcastServer(Builder b) {
        this.settings = b;
        this.ownsHub = b.hub == null;
        if (b.hub != null) {
            this.hub = b.hub;
        } else {
            EventHubBuilder hubSettings = EventHub.builder().ringCapacity(b.ringCapacity);
            if (b.eventLog != null) {
                hubSettings.eventLog(b.eventLog);
            }
            this.hub = hubSettings.build();
        }

        QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, Math.min(8, b.maxThreads));
        threads.setName("ringcast-jetty");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(b.bindAddress);
        connector.setPort(b.port);
        // Event servers take connections in bursts (every client reconnecting after a restart):
        // the JDK's default listen backlog of 50 drops them.
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.setAttribute(SseServlet.HUB_ATTRIBUTE, hub);
        sse = new SseServlet(hub, b.sseSettings);
        if (b.sse) {
            mount(context, "sse", sse, "/sse");
        }
        if (b.longPoll) {
            // /topics/{topic}/events: POST publishes, GET long-polls.
            mount(context, "longpoll", new LongPollServlet(hub, b.longPollSettings), "/topics/*");
        }
        if (b.webSocket) {
            channels = ChannelRegistry.builder(hub).expireAfter(b.channelExpiry).build();
            mount(context, "channels", new ChannelsServlet(channels, b.webSocketSettings.authorizer()), "/channels/*");
            WebSocketSettings ws = b.webSocketSettings;
            JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
                container.addEndpoint(RingcastWebSocket.endpointConfig(hub, ws, "/ws"));
                container.addEndpoint(RingcastWebSocket.channelEndpointConfig(channels, ws, "/channels/{name}/ws"));
            });
        } else {
            channels = null;
        }
        if (b.demoPage) {
            mount(context, "demo", new DemoPageServlet(), "/");
        }
        server.setHandler(context);
        server.setStopTimeout(2000);
    }

    private static void mount(ServletContextHandler context, String name, jakarta.servlet.Servlet servlet,
                              String... paths) {
        ServletHolder holder = new ServletHolder(name, servlet);
        holder.setAsyncSupported(true);
        holder.setInitOrder(0);
        for (String path : paths) {
            context.addServlet(holder, path);
        }
    }

    /** @return a builder with the reference defaults: 127.0.0.1:8080, every transport, the demo page */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving.
     *
     * @return this server
     * @throws IllegalStateException if the port is taken or the server cannot start, saying what to do
     */
    public RingcastServer start() {
        try {
            server.start();
            return this;
        } catch (Exception e) {
            closeQuietly();
            if (e instanceof BindException || e.getCause() instanceof BindException
                    || (e instanceof IOException && String.valueOf(e.getMessage()).contains("Failed to bind"))) {
                throw new IllegalStateException("port " + settings.port + " on " + settings.bindAddress
                        + " is already in use: stop the other process using it, or choose another port (--port N)", e);
            }
            throw new IllegalStateException("the server could not start: " + e.getMessage(), e);
        }
    }

    /** @return the port it listens on (the one chosen by the system when built with port 0) */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return its base URI, such as {@code http://127.0.0.1:8080/} */
    public URI uri() {
        String host = settings.bindAddress.contains(":") ? "[" + settings.bindAddress + "]" : settings.bindAddress;
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** @return the hub it serves */
    public EventHub hub() {
        return hub;
    }

    /** @return the durable channels, or null when WebSocket is not mounted */
    public ChannelRegistry channels() {
        return channels;
    }

    /** @return the SSE servlet, e.g. to count open streams or drop them all (clients resume) */
    public SseServlet sseServlet() {
        return sse;
    }

    /** Stops serving and, if the server built its own hub, closes it. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort
        }
        if (channels != null) {
            channels.close();
        }
        if (ownsHub) {
            hub.close();
            if (settings.eventLog instanceof AutoCloseable logs) {
                try {
                    logs.close();
                } catch (Exception e) {
                    // closing is best effort
                }
            }
        }
    }

    /** Configures a {@link RingcastServer}. Not thread-safe. */
    public static final class Builder {
        private EventHub hub;
        private EventLogFactory eventLog;
        private int port = 8080;
        private String bindAddress = "127.0.0.1";
        private int ringCapacity = 1024;
        private int maxThreads = 200;
        private boolean sse = true;
        private boolean longPoll = true;
        private boolean webSocket = true;
        private WebSocketSettings webSocketSettings = WebSocketSettings.defaults();
        private java.time.Duration channelExpiry = java.time.Duration.ofHours(24);
        private boolean demoPage = true;
        private SseSettings sseSettings = SseSettings.defaults();
        private LongPollSettings longPollSettings = LongPollSettings.builder()
                .topicSource(LongPollSettings.TopicSource.PATH).build();

        private Builder() {
        }

        /**
         * @param eventHub the hub to serve; without one the server builds (and closes) its own
         * @return this builder
         */
        public Builder hub(EventHub eventHub) {
            this.hub = eventHub;
            return this;
        }

        /**
         * @param factory where the hub the server builds keeps its topics (ignored with {@link #hub}),
         *     such as a {@code RedisEventLogFactory} to run as one node of a cluster; default the
         *     in-memory ring. If it is {@link AutoCloseable}, the server closes it after the hub
         * @return this builder
         */
        public Builder eventLog(EventLogFactory factory) {
            this.eventLog = java.util.Objects.requireNonNull(factory, "event log factory");
            return this;
        }

        /**
         * @param number the port, 0 for any free one; default 8080
         * @return this builder
         */
        public Builder port(int number) {
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException("port " + number + " is invalid: use 0 to 65535 (0 picks a free one)");
            }
            this.port = number;
            return this;
        }

        /**
         * @param address the address to bind, such as 127.0.0.1 (default) or 0.0.0.0 for every interface
         * @return this builder
         */
        public Builder bindAddress(String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("bind address is empty: use e.g. 127.0.0.1 or 0.0.0.0");
            }
            this.bindAddress = address;
            return this;
        }

        /**
         * @param capacity the ring capacity of the hub the server builds (ignored with {@link #hub}); default 1024
         * @return this builder
         */
        public Builder ringCapacity(int capacity) {
            new dev.ringcast.core.TopicConfig(capacity, capacity, dev.ringcast.core.BacklogPolicy.RESET);
            this.ringCapacity = capacity;
            return this;
        }

        /**
         * @param threads the most request threads; connections themselves hold none
         * @return this builder
         */
        public Builder maxThreads(int threads) {
            if (threads < 8) {
                throw new IllegalArgumentException("max threads " + threads + " is too few: use at least 8");
            }
            this.maxThreads = threads;
            return this;
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
         * @param settings the SSE servlet's settings
         * @return this builder
         */
        public Builder sseSettings(SseSettings settings) {
            this.sseSettings = java.util.Objects.requireNonNull(settings, "sse settings");
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
         * @param settings the long-poll servlet's settings; its topic source must be
         *     {@link LongPollSettings.TopicSource#PATH}, as the server mounts it at {@code /topics/*}
         * @return this builder
         */
        public Builder longPollSettings(LongPollSettings settings) {
            if (settings.topicSource() != LongPollSettings.TopicSource.PATH) {
                throw new IllegalArgumentException("long-poll settings must take the topic from the path: the server "
                        + "serves /topics/{topic}/events; use LongPollSettings.builder().topicSource(TopicSource.PATH)");
            }
            this.longPollSettings = settings;
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
         * @param settings the WebSocket endpoints' settings; its authorizer also guards the channels' REST API
         * @return this builder
         */
        public Builder webSocketSettings(WebSocketSettings settings) {
            this.webSocketSettings = java.util.Objects.requireNonNull(settings, "websocket settings");
            return this;
        }

        /**
         * @param idle how long a channel with no connection lives before it expires; default 24 hours
         * @return this builder
         */
        public Builder channelExpiry(java.time.Duration idle) {
            if (idle == null || idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("channel expiry " + idle + " is invalid: use a positive duration");
            }
            this.channelExpiry = idle;
            return this;
        }

        /**
         * @param enabled whether to serve the demo page at {@code /}; default true
         * @return this builder
         */
        public Builder demoPage(boolean enabled) {
            this.demoPage = enabled;
            return this;
        }

        /** @return the server, not started */
        public RingcastServer build() {
            return new RingcastServer(this);
        }
    }
}
