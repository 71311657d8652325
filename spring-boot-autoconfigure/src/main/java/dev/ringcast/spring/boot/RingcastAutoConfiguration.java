package dev.ringcast.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.DataCodec;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventHubBuilder;
import dev.ringcast.core.JacksonDataCodec;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.longpoll.LongPollServlet;
import dev.ringcast.longpoll.LongPollSettings;
import dev.ringcast.sse.SseServlet;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.ChannelRegistry;
import dev.ringcast.websocket.ChannelsServlet;
import dev.ringcast.websocket.HandshakeFilter;
import dev.ringcast.websocket.OriginCheck;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Auto-configures Ringcast in a Spring Boot application: an {@link EventHub} bean, and in a
 * servlet web application the SSE, long-poll/publish and WebSocket endpoints on the embedded
 * container (Tomcat, Jetty or Undertow), at the paths the {@code ringcast.*} properties set
 * ({@link RingcastProperties}). Each endpoint is switched off with
 * {@code ringcast.<endpoint>.enabled=false}.
 *
 * <p>The application's own beans are used when present: an {@link EventHub} (then
 * {@code ringcast.hub.*} is ignored), an {@link Authorizer} for every transport, a
 * {@link DataCodec} for event data or else its Jackson 2 {@link ObjectMapper}, and the shared
 * {@link ConnectionLimits} and {@link PublishRateLimit}.
 */
@AutoConfiguration
@ConditionalOnClass(EventHub.class)
@EnableConfigurationProperties(RingcastProperties.class)
public class RingcastAutoConfiguration {

    /** For Spring. */
    public RingcastAutoConfiguration() {
    }

    /**
     * The hub. Event data is encoded by the application's {@link DataCodec} bean if it has one,
     * else by its Jackson 2 {@link ObjectMapper} bean (Spring Boot 3 makes one), else by
     * Ringcast's own mapper. An application on Jackson 3 (Spring Boot 4's default) defines
     * {@code @Bean DataCodec ringcastCodec(JsonMapper mapper) { return mapper::writeValueAsBytes; }}.
     *
     * @param properties the properties
     * @param codecs the application's codec, if any
     * @param mappers the application's Jackson 2 mapper, if any
     * @return the hub, closed with the application context
     */
    @Bean
    @ConditionalOnMissingBean
    public EventHub ringcastEventHub(RingcastProperties properties, ObjectProvider<DataCodec> codecs,
                                     ObjectProvider<ObjectMapper> mappers) {
        RingcastProperties.Hub hub = properties.hub();
        EventHubBuilder builder = EventHub.builder()
                .ringCapacity(hub.ringCapacity())
                .maxTopics(hub.maxTopics())
                .maxDataBytes(Math.toIntExact(hub.maxDataSize().toBytes()))
                .threadNamePrefix("ringcast-dispatch-");
        if (hub.dispatchThreads() > 0) {
            builder.dispatchThreads(hub.dispatchThreads());
        }
        if (hub.maxRetainedSize() != null) {
            builder.maxRetainedBytes(hub.maxRetainedSize().toBytes());
        }
        DataCodec codec = codecs.getIfUnique();
        if (codec == null) {
            ObjectMapper mapper = mappers.getIfUnique();
            if (mapper != null) {
                codec = new JacksonDataCodec(mapper);
            }
        }
        if (codec != null) {
            builder.codec(codec);
        }
        return builder.build();
    }

    /**
     * One set of connection counters for every transport, so the limits are the application's.
     *
     * @param properties the properties
     * @return the limits
     */
    @Bean
    @ConditionalOnMissingBean
    public ConnectionLimits ringcastConnectionLimits(RingcastProperties properties) {
        RingcastProperties.Limits limits = properties.limits();
        return ConnectionLimits.builder()
                .maxConnections(limits.maxConnections())
                .maxPerPrincipal(limits.maxConnectionsPerPrincipal())
                .maxPerAddress(limits.maxConnectionsPerAddress())
                .build();
    }

    /**
     * How fast one client may publish over HTTP.
     *
     * @param properties the properties
     * @return the limit
     */
    @Bean
    @ConditionalOnMissingBean
    public PublishRateLimit ringcastPublishRateLimit(RingcastProperties properties) {
        return PublishRateLimit.of(properties.limits().publishesPerSecond(), properties.limits().publishBurst());
    }

    /** The servlet endpoints, in a servlet web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(ServletRegistrationBean.class)
    static class Endpoints {

        /**
         * The SSE servlet at {@code ringcast.sse.path}.
         *
         * @param hub the hub
         * @param properties the properties
         * @param authorizers the application's authorizer, if any
         * @param limits the shared connection limits
         * @return its registration
         */
        @Bean
        @ConditionalOnProperty(prefix = "ringcast.sse", name = "enabled", havingValue = "true", matchIfMissing = true)
        ServletRegistrationBean<SseServlet> ringcastSseServlet(EventHub hub, RingcastProperties properties,
                                                              ObjectProvider<Authorizer> authorizers,
                                                              ConnectionLimits limits) {
            RingcastProperties.Sse sse = properties.sse();
            SseSettings.Builder settings = SseSettings.builder()
                    .heartbeat(sse.heartbeat())
                    .retry(sse.retry())
                    .maxTopics(sse.maxTopics())
                    .allowedHosts(hosts(properties))
                    .authorizer(authorizers.getIfUnique(Authorizer::permitAll))
                    .connectionLimits(limits);
            if (!properties.allowedOrigins().isEmpty()) {
                settings.allowedOrigins(properties.allowedOrigins());
            }
            return servlet("ringcastSse", new SseServlet(hub, settings.build()), sse.path());
        }

        /**
         * @param sse the SSE servlet's registration
         * @return its open streams, for the metrics
         */
        @Bean
        @ConditionalOnProperty(prefix = "ringcast.sse", name = "enabled", havingValue = "true", matchIfMissing = true)
        TransportConnections ringcastSseConnections(ServletRegistrationBean<SseServlet> sse) {
            SseServlet servlet = sse.getServlet();
            return new TransportConnections("sse", servlet::openStreams);
        }

        /**
         * The long-poll and publish servlet at {@code ringcast.long-poll.path/*}.
         *
         * @param hub the hub
         * @param properties the properties
         * @param authorizers the application's authorizer, if any
         * @param limits the shared connection limits
         * @param rate the publish rate limit
         * @return its registration
         */
        @Bean
        @ConditionalOnProperty(prefix = "ringcast.long-poll", name = "enabled", havingValue = "true",
                matchIfMissing = true)
        ServletRegistrationBean<LongPollServlet> ringcastLongPollServlet(EventHub hub, RingcastProperties properties,
                                                                        ObjectProvider<Authorizer> authorizers,
                                                                        ConnectionLimits limits, PublishRateLimit rate) {
            RingcastProperties.LongPoll longPoll = properties.longPoll();
            LongPollSettings.Builder settings = LongPollSettings.builder()
                    .topicSource(LongPollSettings.TopicSource.PATH)
                    .defaultTimeout(longPoll.timeout())
                    .maxTimeout(longPoll.maxTimeout())
                    .maxBatch(longPoll.maxBatch())
                    .maxHeldPolls(longPoll.maxHeldPolls())
                    .allowedHosts(hosts(properties))
                    .authorizer(authorizers.getIfUnique(Authorizer::permitAll))
                    .connectionLimits(limits)
                    .publishRateLimit(rate);
            if (!properties.allowedOrigins().isEmpty()) {
                settings.allowedOrigins(properties.allowedOrigins());
            }
            return servlet("ringcastLongPoll", new LongPollServlet(hub, settings.build()), prefix(longPoll.path()));
        }

        /**
         * @param longPoll the long-poll servlet's registration
         * @return its held polls, for the metrics
         */
        @Bean
        @ConditionalOnProperty(prefix = "ringcast.long-poll", name = "enabled", havingValue = "true",
                matchIfMissing = true)
        TransportConnections ringcastLongPollConnections(ServletRegistrationBean<LongPollServlet> longPoll) {
            LongPollServlet servlet = longPoll.getServlet();
            return new TransportConnections("long-poll", servlet::heldPolls);
        }
    }

    /** The WebSocket endpoints and channels, where the container speaks JSR-356. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({ServletRegistrationBean.class, jakarta.websocket.server.ServerContainer.class})
    @ConditionalOnProperty(prefix = "ringcast.websocket", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class WebSocketEndpoints {

        /**
         * The WebSocket settings every Ringcast endpoint shares.
         *
         * @param properties the properties
         * @param authorizers the application's authorizer, if any
         * @param limits the shared connection limits
         * @return the settings
         */
        @Bean
        @ConditionalOnMissingBean
        WebSocketSettings ringcastWebSocketSettings(RingcastProperties properties,
                                                    ObjectProvider<Authorizer> authorizers, ConnectionLimits limits) {
            RingcastProperties.WebSocket ws = properties.websocket();
            return WebSocketSettings.builder()
                    .pingInterval(ws.pingInterval())
                    .maxTopics(ws.maxTopics())
                    .originCheck(OriginCheck.sameOriginOr(properties.allowedOrigins()))
                    .allowedHosts(hosts(properties))
                    .authorizer(authorizers.getIfUnique(Authorizer::permitAll))
                    .connectionLimits(limits)
                    .build();
        }

        /**
         * The durable channels, when {@code ringcast.channels.enabled}.
         *
         * @param hub the hub
         * @param properties the properties
         * @return the registry, closed with the application context
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "ringcast.channels", name = "enabled", havingValue = "true")
        ChannelRegistry ringcastChannels(EventHub hub, RingcastProperties properties) {
            return ChannelRegistry.builder(hub)
                    .channelExpiry(properties.channels().expiry())
                    .maxChannels(properties.channels().maxChannels())
                    .build();
        }

        /**
         * The channels' REST API at {@code ringcast.channels.path/*}.
         *
         * @param channels the channels
         * @param settings the WebSocket settings, whose authorizer guards the API
         * @param properties the properties
         * @return its registration
         */
        @Bean
        @ConditionalOnProperty(prefix = "ringcast.channels", name = "enabled", havingValue = "true")
        ServletRegistrationBean<ChannelsServlet> ringcastChannelsServlet(ChannelRegistry channels,
                                                                        WebSocketSettings settings,
                                                                        RingcastProperties properties) {
            return servlet("ringcastChannels", new ChannelsServlet(channels, settings),
                    prefix(properties.channels().path()));
        }

        /**
         * The endpoints, added to the container's JSR-356 {@code ServerContainer} once the
         * application's beans are ready.
         *
         * @param hub the hub
         * @param settings the settings
         * @param properties the properties
         * @param channels the channels, if enabled
         * @return the endpoints
         */
        @Bean
        RingcastWebSocketEndpoints ringcastWebSocketEndpoints(EventHub hub, WebSocketSettings settings,
                                                              RingcastProperties properties,
                                                              ObjectProvider<ChannelRegistry> channels) {
            return new RingcastWebSocketEndpoints(hub, settings, properties.websocket().path(),
                    channels.getIfAvailable(), properties.channels().path() + "/{name}/ws");
        }

        /**
         * @param endpoints the endpoints
         * @return their open connections, for the metrics
         */
        @Bean
        TransportConnections ringcastWebSocketConnections(RingcastWebSocketEndpoints endpoints) {
            return new TransportConnections("websocket", endpoints::openConnections);
        }

        /**
         * Refuses handshakes (origin, host, authorizer, limits) before the upgrade, with an HTTP
         * status and a JSON error, ahead of the container's own filters.
         *
         * @param endpoints the endpoints
         * @return its registration
         */
        @Bean
        FilterRegistrationBean<HandshakeFilter> ringcastHandshakeFilter(RingcastWebSocketEndpoints endpoints) {
            HandshakeFilter filter = new HandshakeFilter(endpoints.configs());
            FilterRegistrationBean<HandshakeFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setName(HandshakeFilter.NAME);
            registration.setUrlPatterns(filter.urlPatterns());
            registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
            registration.setAsyncSupported(true);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    static AllowedHosts hosts(RingcastProperties properties) {
        return properties.allowedHosts().isEmpty() ? AllowedHosts.any() : AllowedHosts.of(properties.allowedHosts());
    }

    /** {@code /topics} to {@code /topics/*}: the servlet reads the rest of the path. */
    static String prefix(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!trimmed.startsWith("/") || trimmed.contains("*")) {
            throw new IllegalArgumentException("path \"" + path + "\" is invalid: use a prefix such as /topics");
        }
        return trimmed + "/*";
    }

    private static <S extends jakarta.servlet.Servlet> ServletRegistrationBean<S> servlet(String name, S servlet,
                                                                                         String mapping) {
        ServletRegistrationBean<S> registration = new ServletRegistrationBean<>(servlet, mapping);
        registration.setName(name);
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(0);
        return registration;
    }
}
