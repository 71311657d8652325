package dev.ringcast.spring.boot;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code ringcast.*} properties. Every default is the library's own default, so an
 * application that sets nothing serves what the standalone server serves: SSE at {@code /sse},
 * publish and long-poll at {@code /topics/{topic}/events}, WebSocket at {@code /ws}.
 *
 * <p>Immutable once bound.
 *
 * @param hub the event hub's settings
 * @param allowedOrigins origins (such as {@code https://app.example.com}) whose pages may use the
 *     endpoints cross-origin, besides the endpoints' own origin; empty: same origin only
 * @param allowedHosts the {@code Host} names the endpoints answer to (others get 421, against DNS
 *     rebinding); empty: any
 * @param sse the SSE endpoint
 * @param longPoll the long-poll and publish endpoint
 * @param websocket the WebSocket endpoint
 * @param channels the durable channels (REST and WebSocket), off by default
 * @param limits connection and publish limits, shared by the transports
 * @param metrics the Micrometer binder
 */
@ConfigurationProperties("ringcast")
public record RingcastProperties(@DefaultValue Hub hub, List<String> allowedOrigins, List<String> allowedHosts,
                                 @DefaultValue Sse sse, @DefaultValue LongPoll longPoll,
                                 @DefaultValue WebSocket websocket, @DefaultValue Channels channels,
                                 @DefaultValue Limits limits, @DefaultValue Metrics metrics) {

    /**
     * Fills the lists left unset.
     *
     * @param hub see the record
     * @param allowedOrigins see the record
     * @param allowedHosts see the record
     * @param sse see the record
     * @param longPoll see the record
     * @param websocket see the record
     * @param channels see the record
     * @param limits see the record
     * @param metrics see the record
     */
    public RingcastProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    /**
     * {@code ringcast.hub.*}: ignored when the application defines its own {@code EventHub} bean.
     *
     * @param ringCapacity events each topic retains, a power of two
     * @param dispatchThreads threads that deliver events to subscriptions; 0 for one per core
     * @param maxTopics topics the hub holds at most (idle ones are evicted to make room)
     * @param maxDataSize the largest event data, as JSON
     * @param maxRetainedSize event data all rings retain at most; unset: a quarter of the heap, at least 64 MB
     */
    public record Hub(@DefaultValue("1024") int ringCapacity, @DefaultValue("0") int dispatchThreads,
                      @DefaultValue("10000") int maxTopics, @DefaultValue("256KB") DataSize maxDataSize,
                      DataSize maxRetainedSize) {
    }

    /**
     * {@code ringcast.sse.*}.
     *
     * @param enabled whether to serve SSE
     * @param path the servlet mapping, such as {@code /sse}
     * @param heartbeat how often an idle stream gets a comment line
     * @param retry the reconnection delay the stream suggests to browsers
     * @param maxTopics topics one stream may read at most
     */
    public record Sse(@DefaultValue("true") boolean enabled, @DefaultValue("/sse") String path,
                      @DefaultValue("15s") Duration heartbeat, @DefaultValue("3s") Duration retry,
                      @DefaultValue("32") int maxTopics) {
    }

    /**
     * {@code ringcast.long-poll.*}: {@code POST path/{topic}/events} publishes, {@code GET} long-polls.
     *
     * @param enabled whether to serve long-poll and publish
     * @param path the prefix, such as {@code /topics}: the endpoint is {@code /topics/{topic}/events}
     * @param timeout how long a poll is held when it names no {@code timeout}
     * @param maxTimeout the longest a poll may ask to be held
     * @param maxBatch events one answer carries at most
     * @param maxHeldPolls polls held at once at most
     */
    public record LongPoll(@DefaultValue("true") boolean enabled, @DefaultValue("/topics") String path,
                           @DefaultValue("30s") Duration timeout, @DefaultValue("120s") Duration maxTimeout,
                           @DefaultValue("1000") int maxBatch, @DefaultValue("5000") int maxHeldPolls) {
    }

    /**
     * {@code ringcast.websocket.*}.
     *
     * @param enabled whether to serve WebSocket
     * @param path the endpoint's path, such as {@code /ws}
     * @param pingInterval how often an idle connection is pinged to find dead peers
     * @param maxTopics topics one connection may read at most
     */
    public record WebSocket(@DefaultValue("true") boolean enabled, @DefaultValue("/ws") String path,
                            @DefaultValue("25s") Duration pingInterval, @DefaultValue("32") int maxTopics) {
    }

    /**
     * {@code ringcast.channels.*}: durable channels, {@code PUT/GET/DELETE path/{name}} and
     * {@code path/{name}/ws}; needs WebSocket.
     *
     * @param enabled whether to serve channels
     * @param path the prefix, such as {@code /channels}
     * @param expiry how long a channel without a connection lives (the builders call it {@code channelExpiry})
     * @param maxChannels channels in all at most
     */
    public record Channels(@DefaultValue("false") boolean enabled, @DefaultValue("/channels") String path,
                           @DefaultValue("24h") Duration expiry, @DefaultValue("10000") int maxChannels) {
    }

    /**
     * {@code ringcast.limits.*}: one set of counters for every transport.
     *
     * @param maxConnections open streams, WebSocket connections and held polls in all
     * @param maxConnectionsPerPrincipal the same, per principal (or anonymous client address)
     * @param maxConnectionsPerAddress the same, per remote address
     * @param publishesPerSecond publishes a second one client may make, on average
     * @param publishBurst publishes one client may make at once
     */
    public record Limits(@DefaultValue("10000") int maxConnections,
                         @DefaultValue("200") int maxConnectionsPerPrincipal,
                         @DefaultValue("1000") int maxConnectionsPerAddress,
                         @DefaultValue("200") double publishesPerSecond, @DefaultValue("1000") int publishBurst) {
    }

    /**
     * {@code ringcast.metrics.*}.
     *
     * @param enabled whether to bind the hub's meters when Micrometer and {@code ringcast-micrometer}
     *     are on the class path
     */
    public record Metrics(@DefaultValue("true") boolean enabled) {
    }
}
