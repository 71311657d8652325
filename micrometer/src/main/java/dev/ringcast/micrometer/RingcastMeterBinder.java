package dev.ringcast.micrometer;

import dev.ringcast.core.CloseReason;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.HubMetrics;
import dev.ringcast.core.Reset;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an {@link EventHub}'s figures to a Micrometer {@link MeterRegistry}:
 *
 * <table>
 *   <caption>The meters (Prometheus names in brackets)</caption>
 *   <tr><th>meter</th><th>kind</th><th>what it counts</th></tr>
 *   <tr><td>{@code ringcast.events.published} ({@code ringcast_events_published_total})</td><td>counter</td><td>events published</td></tr>
 *   <tr><td>{@code ringcast.events.delivered}</td><td>counter</td><td>events handed to subscriptions' sinks, one per subscriber</td></tr>
 *   <tr><td>{@code ringcast.events.coalesced}</td><td>counter</td><td>events a slow subscriber skipped for a newer one with the same key</td></tr>
 *   <tr><td>{@code ringcast.resets}, tag {@code cause}</td><td>counter</td><td>reset signals: {@code too_old}, {@code unknown_id}, {@code backlog}</td></tr>
 *   <tr><td>{@code ringcast.subscriptions.closed}, tag {@code reason}</td><td>counter</td><td>subscriptions ended: {@code cancelled}, {@code hub_closed}, {@code backlog_limit}, {@code sink_error}, {@code failed}</td></tr>
 *   <tr><td>{@code ringcast.topics.evicted}</td><td>counter</td><td>idle topics evicted to make room</td></tr>
 *   <tr><td>{@code ringcast.topics}</td><td>gauge</td><td>topics open</td></tr>
 *   <tr><td>{@code ringcast.subscriptions}</td><td>gauge</td><td>subscriptions open</td></tr>
 *   <tr><td>{@code ringcast.cursors.parked}</td><td>gauge</td><td>subscriptions' cursors parked waiting for their topic's next event</td></tr>
 *   <tr><td>{@code ringcast.retained} ({@code ringcast_retained_bytes})</td><td>gauge</td><td>event data the rings retain, in bytes</td></tr>
 *   <tr><td>{@code ringcast.connections}, tag {@code transport}</td><td>gauge</td><td>open connections of each transport given to {@link Builder#connections}</td></tr>
 *   <tr><td>{@code ringcast.publish.to.write} ({@code ringcast_publish_to_write_seconds})</td><td>timer</td><td>sampled latency from publish until a transport wrote the event (see {@link EventHub#addLatencyRecorder})</td></tr>
 * </table>
 *
 * <p>The figures are read from {@link EventHub#metrics()} when the registry asks (a scrape), at
 * most once per {@value #SNAPSHOT_MILLIS} ms for all meters together; the latency is recorded as
 * it is sampled. The binder adds one latency recorder to the hub per registry it is bound to.
 *
 * <p>Thread-safe; {@link #bindTo} may be called for several registries.
 */
public final class RingcastMeterBinder implements MeterBinder, AutoCloseable {

    /** How long one snapshot of the hub's figures serves every meter. */
    static final long SNAPSHOT_MILLIS = 100;

    private final EventHub hub;
    private final Map<String, IntSupplier> connections;
    private final Tags tags;

    private final java.util.List<java.util.function.LongConsumer> recorders =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object snapshotLock = new Object();
    // Guarded by snapshotLock.
    private HubMetrics snapshot;
    private long snapshotAt;

    private RingcastMeterBinder(Builder b) {
        this.hub = b.hub;
        this.connections = Map.copyOf(b.connections);
        this.tags = b.tags;
    }

    /**
     * A binder with no connection gauges and no extra tags; see {@link #builder(EventHub)} for those.
     *
     * @param hub the hub to measure
     * @return the binder
     */
    public static RingcastMeterBinder of(EventHub hub) {
        return builder(hub).build();
    }

    /**
     * @param hub the hub to measure
     * @return a builder
     */
    public static Builder builder(EventHub hub) {
        return new Builder(hub);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "ringcast.events.published", "events published", Tags.empty(), HubMetrics::published);
        counter(registry, "ringcast.events.delivered", "events handed to subscriptions, one per subscriber",
                Tags.empty(), HubMetrics::delivered);
        counter(registry, "ringcast.events.coalesced", "events a slow subscriber skipped for a newer one with the same key",
                Tags.empty(), HubMetrics::coalesced);
        counter(registry, "ringcast.topics.evicted", "idle topics evicted to make room for new ones", Tags.empty(),
                HubMetrics::evictedTopics);
        for (Reset.Cause cause : Reset.Cause.values()) {
            counter(registry, "ringcast.resets", "reset signals delivered, by cause", Tags.of("cause", lower(cause)),
                    m -> m.resetsByCause().get(cause));
        }
        for (CloseReason.Kind kind : CloseReason.Kind.values()) {
            counter(registry, "ringcast.subscriptions.closed", "subscriptions ended, by reason",
                    Tags.of("reason", lower(kind)), m -> m.closesByKind().get(kind));
        }
        gauge(registry, "ringcast.topics", "topics open", null, HubMetrics::topics);
        gauge(registry, "ringcast.subscriptions", "subscriptions open", null, HubMetrics::subscriptions);
        gauge(registry, "ringcast.cursors.parked", "subscriptions' cursors parked waiting for their topic's next event",
                null, HubMetrics::parkedCursors);
        gauge(registry, "ringcast.retained", "event data the rings retain", "bytes", HubMetrics::retainedBytes);
        connections.forEach((transport, open) -> Gauge.builder("ringcast.connections", open, s -> s.getAsInt())
                .description("open connections, by transport")
                .tags(tags).tag("transport", transport)
                .strongReference(true)
                .register(registry));
        Timer latency = Timer.builder("ringcast.publish.to.write")
                .description("sampled latency from publish until a transport wrote the event")
                .tags(tags)
                .register(registry);
        java.util.function.LongConsumer recorder = nanos -> latency.record(nanos, TimeUnit.NANOSECONDS);
        recorders.add(recorder);
        hub.addLatencyRecorder(recorder);
    }

    /**
     * Stops recording latencies into the registries this binder was bound to, for a hub that
     * outlives them; the meters stay registered until their registries close.
     */
    @Override
    public void close() {
        for (java.util.function.LongConsumer r : recorders) {
            hub.removeLatencyRecorder(r);
        }
        recorders.clear();
    }

    private void counter(MeterRegistry registry, String name, String description, Tags extra,
                         ToDoubleFunction<HubMetrics> value) {
        FunctionCounter.builder(name, hub, h -> value.applyAsDouble(snapshot()))
                .description(description)
                .tags(tags).tags(extra)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
                       ToDoubleFunction<HubMetrics> value) {
        Gauge.builder(name, hub, h -> value.applyAsDouble(snapshot()))
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .register(registry);
    }

    /** One snapshot for all the meters of a scrape: each reads its figure from the same one. */
    private HubMetrics snapshot() {
        synchronized (snapshotLock) {
            long now = System.nanoTime();
            if (snapshot == null || now - snapshotAt > TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS)) {
                snapshot = hub.metrics();
                snapshotAt = now;
            }
            return snapshot;
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Configures a {@link RingcastMeterBinder}. Not thread-safe. */
    public static final class Builder {
        private final EventHub hub;
        private final Map<String, IntSupplier> connections = new LinkedHashMap<>();
        private Tags tags = Tags.empty();

        private Builder(EventHub hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
        }

        /**
         * Adds a {@code ringcast.connections} gauge for one transport, such as
         * {@code connections("sse", sseServlet::openStreams)}.
         *
         * @param transport the {@code transport} tag: {@code sse}, {@code websocket}, {@code long-poll}...
         * @param open how many of its connections are open now; called on the registry's thread
         * @return this builder
         */
        public Builder connections(String transport, IntSupplier open) {
            if (transport == null || transport.isBlank()) {
                throw new IllegalArgumentException("transport name is empty: name it, such as \"sse\"");
            }
            connections.put(transport, Objects.requireNonNull(open, "open"));
            return this;
        }

        /**
         * @param extra tags added to every meter, such as the hub's name when a JVM runs several
         * @return this builder
         */
        public Builder tags(Iterable<Tag> extra) {
            this.tags = this.tags.and(extra);
            return this;
        }

        /** @return the binder */
        public RingcastMeterBinder build() {
            return new RingcastMeterBinder(this);
        }
    }
}
