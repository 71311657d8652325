package dev.ringcast.jetty;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventHubBuilder;
import dev.ringcast.core.log.EventLogFactory;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.longpoll.LongPollSettings;
import dev.ringcast.micrometer.RingcastMeterBinder;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.WebSocketSettings;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Ringcast on an embedded Jetty 12: for users who want the event server without a container of
 * their own. Serves the reference wire contract (the README's transport sections): {@code /sse},
 * {@code /ws}, {@code /topics/{topic}/events} (publish with POST, long-poll with GET), durable
 * channels ({@code PUT/GET/DELETE /channels/{name}}, {@code /channels/{name}/ws}), the metrics in
 * Prometheus' text format at {@code /metrics} and the demo page at {@code /}. Speaks HTTP/1.1 and
 * cleartext HTTP/2 ({@code h2c}) on one port. To mount the same servlets on a Jetty server of your
 * own, use {@link RingcastServlets}.
 *
 * <pre>{@code
 * try (RingcastServer server = RingcastServer.builder().port(8080).build().start()) {
 *     server.hub().publish("news", "headline", Map.of("text", "hello"));
 *     ...
 * }
 * }</pre>
 *
 * <h2>Security defaults</h2>
 * Bound to a loopback address (the default, {@code 127.0.0.1}) the server answers only to the
 * loopback names ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}, with its port): a request
 * naming another {@code Host} (a DNS-rebinding page) gets 421 before it reaches any servlet. Every
 * transport allows only same-origin pages unless its settings say otherwise. Bound to any other
 * address, the server refuses to build while a transport permits everything
 * ({@link Authorizer#permitAll()}, the settings' default), unless {@link Builder#allowAnonymous}
 * says the network is trusted: give the transports an authorizer such as
 * {@code TokenAuthorizer}.
 *
 * <p>{@link #start()} and {@link #close()} may be called from any thread, once each.
 */
public final class RingcastServer implements AutoCloseable {

    private final Builder settings;
    private final EventHub hub;
    private final boolean ownsHub;
    private final Server server;
    private final ServerConnector connector;
    private final RingcastServlets servlets;
    private final PrometheusMeterRegistry meters;
    private final RingcastMeterBinder binder;

    private final AllowedHosts allowedHosts;

    private RingcastServer(Builder b) {
        checkAnonymous(b);
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
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        if (b.forwardedHeaders) {
            // Behind a proxy that terminates TLS: the scheme, host and client address the proxy
            // saw, so same-origin checks compare against https and the per-address limits count
            // clients rather than the proxy. Only safe when every request comes through the proxy.
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        connector = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(b.bindAddress);
        connector.setPort(b.port);
        // A connection that sends nothing for this long is closed (SSE heartbeats and WebSocket
        // pings keep live streams above it; the WebSocket endpoints set their own, longer one).
        connector.setIdleTimeout(b.idleTimeout.toMillis());
        // TCP connections of any kind, requests whose headers are still arriving included: past
        // it Jetty stops accepting until one closes, so slow clients cannot take every descriptor.
        server.addBean(new NetworkConnectionLimit(b.maxNetworkConnections, connector));
        // Event servers take connections in bursts (every client reconnecting after a restart):
        // the JDK's default listen backlog of 50 drops them.
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        RingcastServlets.Builder mounts = RingcastServlets.builder(hub).sse(b.sse).longPoll(b.longPoll)
                .webSocket(b.webSocket).channelExpiry(b.channelExpiry).maxChannels(b.maxChannels);
        if (b.connectionLimits != null) {
            mounts.connectionLimits(b.connectionLimits);
        }
        if (b.publishRateLimit != null) {
            mounts.publishRateLimit(b.publishRateLimit);
        }
        if (b.sseSettings != null) {
            mounts.sseSettings(b.sseSettings);
        }
        if (b.longPollSettings != null) {
            mounts.longPollSettings(b.longPollSettings);
        }
        if (b.webSocketSettings != null) {
            mounts.webSocketSettings(b.webSocketSettings);
        }
        servlets = mounts.mountOn(context);
        if (b.metrics) {
            RingcastMeterBinder.Builder metrics = RingcastMeterBinder.builder(hub);
            if (b.sse) {
                metrics.connections("sse", servlets.sseServlet()::openStreams);
            }
            if (b.longPoll) {
                metrics.connections("long-poll", servlets.longPollServlet()::heldPolls);
            }
            if (b.webSocket) {
                metrics.connections("websocket", servlets::openWebSocketConnections);
            }
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(meters);
            new JvmThreadMetrics().bindTo(meters);
            new ProcessorMetrics().bindTo(meters);
            binder = metrics.build();
            binder.bindTo(meters);
            ServletHolder metricsServlet = new ServletHolder("metrics", new MetricsServlet(meters));
            metricsServlet.setInitOrder(0);
            context.addServlet(metricsServlet, "/metrics");
        } else {
            meters = null;
            binder = null;
        }
        if (b.demoPage) {
            ServletHolder demo = new ServletHolder("demo", new DemoPageServlet());
            demo.setInitOrder(0);
            context.addServlet(demo, "/");
        }
        AllowedHosts hosts = b.allowedHosts != null ? b.allowedHosts
                : loopback(b.bindAddress) ? loopbackHosts(b.bindAddress, b.port) : AllowedHosts.any();
        this.allowedHosts = hosts;
        server.setHandler(hosts.isAny() ? context : new HostGuard(hosts, context));
        // stop() waits this long for open requests (held polls, SSE streams) to end before closing them.
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    }

    /**
     * Refuses to build a server that would let anyone on a network read and publish everything.
     */
    private static void checkAnonymous(Builder b) {
        if (b.allowAnonymous || loopback(b.bindAddress)) {
            return;
        }
        List<String> open = new ArrayList<>();
        // Settings not given are the defaults, whose authorizer permits everything.
        if (b.sse && (b.sseSettings == null || b.sseSettings.authorizer() == Authorizer.permitAll())) {
            open.add("SSE");
        }
        if (b.longPoll && (b.longPollSettings == null || b.longPollSettings.authorizer() == Authorizer.permitAll())) {
            open.add("long-poll and publish");
        }
        if (b.webSocket && (b.webSocketSettings == null || b.webSocketSettings.authorizer() == Authorizer.permitAll())) {
            open.add("WebSocket and channels");
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException("refusing to serve " + String.join(", ", open) + " on " + b.bindAddress
                    + " without authentication: anyone who can reach that address could read and publish every topic. "
                    + "Require tokens (--token-file FILE, --jwt-hs256-secret-file FILE or --jwt-rs256-public-key-file "
                    + "FILE; in code, a TokenAuthorizer in each transport's settings), bind to 127.0.0.1, or, on a "
                    + "network you trust, pass --allow-anonymous (RingcastServer.Builder.allowAnonymous(true))");
        }
    }

    /**
     * @param address a bind address
     * @return whether it is a loopback address (an unresolvable name is not)
     */
    static boolean loopback(String address) {
        try {
            String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                    : address;
            return InetAddress.getByName(a).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static AllowedHosts loopbackHosts(String bindAddress, int port) {
        AllowedHosts names = AllowedHosts.loopback(port);
        String bound = bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
        String entry = port > 0 ? bound + ":" + port : bound;
        if (names.allows(port > 0 ? entry : bound + ":1")) {
            return names;
        }
        List<String> all = new ArrayList<>(names.hosts());
        all.add(entry);
        return AllowedHosts.of(all);
    }

    /** Answers 421 to a request whose Host the server does not answer to, before any servlet (WebSocket upgrades included). */
    private static final class HostGuard extends Handler.Wrapper {
        private final AllowedHosts hosts;

        HostGuard(AllowedHosts hosts, Handler next) {
            super(next);
            this.hosts = hosts;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (host == null) {
                host = request.getHttpURI().getAuthority(); // HTTP/2's :authority
            }
            if (hosts.allows(host)) {
                return super.handle(request, response, callback);
            }
            response.setStatus(421);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(HttpErrors.body(hosts.refusal(host))), callback);
            return true;
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

    /** @return the host names the server answers to (others get 421) */
    public AllowedHosts allowedHosts() {
        return allowedHosts;
    }

    /** @return the durable channels, or null when WebSocket is not mounted */
    public ChannelRegistry channels() {
        return servlets.channels();
    }

    /** @return the connection counters the transports share (those whose settings the builder made) */
    public ConnectionLimits connectionLimits() {
        return servlets.connectionLimits();
    }

    /** @return the SSE servlet, e.g. to count open streams or drop them all (clients resume) */
    public SseServlet sseServlet() {
        return servlets.sseServlet();
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
        servlets.close();
        if (binder != null) {
            binder.close(); // a hub of the application's outlives the server's registry
            meters.close();
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

    /**
     * How long {@link #close()} lets Jetty wait for open requests to end before it closes their
     * connections: 2 s. Streams and held polls do not end by themselves, so this is mostly a bound.
     */
    static final long STOP_TIMEOUT_MILLIS = 2000;

    /** The default most TCP connections the server accepts at once. */
    public static final int DEFAULT_MAX_NETWORK_CONNECTIONS = 12_000;

    /** The largest request head (request line and headers) the server reads: 8 KiB; larger ones get 431. */
    static final int REQUEST_HEADER_BYTES = 8 * 1024;

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
        private WebSocketSettings webSocketSettings;
        private java.time.Duration channelExpiry = java.time.Duration.ofHours(24);
        private boolean demoPage = true;
        private boolean metrics = true;
        private boolean allowAnonymous;
        private AllowedHosts allowedHosts;
        private SseSettings sseSettings;
        private LongPollSettings longPollSettings;
        private ConnectionLimits connectionLimits;
        private PublishRateLimit publishRateLimit;
        private java.time.Duration idleTimeout = java.time.Duration.ofSeconds(30);
        private int maxNetworkConnections = DEFAULT_MAX_NETWORK_CONNECTIONS;
        private int maxChannels = ChannelRegistry.DEFAULT_MAX_CHANNELS;
        private boolean forwardedHeaders;

        private Builder() {
        }

        /**
         * Takes the scheme, host and client address from the {@code Forwarded} (RFC 7239) and
         * {@code X-Forwarded-Proto}/{@code -Host}/{@code -For} headers of a reverse proxy (Jetty's
         * {@code ForwardedRequestCustomizer}). Behind a proxy that terminates TLS, turn it on:
         * without it a page at {@code https://host} is not same-origin with a request Jetty sees
         * as {@code http}, and gets 403; and every client counts against one address's connection
         * limit, the proxy's. Turn it on only when every request comes through a proxy that sets
         * these headers itself, since a client reaching the server directly could forge them.
         *
         * @param honor whether to honor the headers; default false
         * @return this builder
         */
        public Builder forwardedHeaders(boolean honor) {
            this.forwardedHeaders = honor;
            return this;
        }

        /**
         * The connection limits (in total, per principal, per address) of SSE streams, WebSocket
         * connections and held long-polls, one set of counters for the three; settings passed with
         * {@link #sseSettings}, {@link #longPollSettings} or {@link #webSocketSettings} keep their
         * own. Default {@link ConnectionLimits#defaults()}.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = java.util.Objects.requireNonNull(limits, "connection limits");
            return this;
        }

        /**
         * How fast one client may publish (POST); settings passed with {@link #longPollSettings}
         * keep their own. Default {@link PublishRateLimit#defaults()}.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder publishRateLimit(PublishRateLimit limit) {
            this.publishRateLimit = java.util.Objects.requireNonNull(limit, "publish rate limit");
            return this;
        }

        /**
         * @param idle how long a connection may send and receive nothing before Jetty closes it,
         *     1 s to 1 hour; default 30 s (SSE heartbeats every 15 s, WebSocket pings every 25 s
         *     with their own longer timeout)
         * @return this builder
         */
        public Builder idleTimeout(java.time.Duration idle) {
            if (idle == null || idle.compareTo(java.time.Duration.ofSeconds(1)) < 0
                    || idle.compareTo(java.time.Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("idle timeout " + idle + " is invalid: use 1 s to 1 hour, e.g. 30 s");
            }
            this.idleTimeout = idle;
            return this;
        }

        /**
         * @param max the most TCP connections open at once, of any kind (past it the server stops
         *     accepting until one closes), at least 1; default {@value #DEFAULT_MAX_NETWORK_CONNECTIONS}
         * @return this builder
         */
        public Builder maxNetworkConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max network connections " + max + " is invalid: use at least 1");
            }
            this.maxNetworkConnections = max;
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
         * @param threads the most threads of Jetty's pool, at least 8; default 200. Open streams,
         *     held polls and WebSocket connections hold none: threads run request handling and writes
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
         * @param enabled whether to serve {@code GET /metrics}, the hub's meters (and the JVM's
         *     memory, threads and CPU) in Prometheus' text format; default true
         * @return this builder
         */
        public Builder metrics(boolean enabled) {
            this.metrics = enabled;
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

        /**
         * @param allow whether to serve on a non-loopback address while a transport permits
         *     everything (its settings' default authorizer); default false, and building such a
         *     server throws. For trusted networks only
         * @return this builder
         */
        public Builder allowAnonymous(boolean allow) {
            this.allowAnonymous = allow;
            return this;
        }

        /**
         * The host names the server answers to; a request naming another {@code Host} gets 421
         * (DNS-rebinding protection, see {@link AllowedHosts}). Default: bound to a loopback
         * address, {@code 127.0.0.1}, {@code localhost} and {@code [::1]} with the port (any port
         * when the port is 0); bound elsewhere, any host.
         *
         * @param hosts such as {@code List.of("events.example.com")}; empty for any
         * @return this builder
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = AllowedHosts.of(hosts);
            return this;
        }

        /**
         * @return the server, not started
         * @throws IllegalStateException if it would serve without authentication on a non-loopback
         *     address (see {@link #allowAnonymous(boolean)})
         */
        public RingcastServer build() {
            return new RingcastServer(this);
        }
    }
}
