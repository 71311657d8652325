package dev.ringcast.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ringcast.core.internal.ByteBudget;
import dev.ringcast.core.internal.Dispatcher;
import dev.ringcast.core.internal.HubCounters;
import dev.ringcast.core.internal.RealSubscription;
import dev.ringcast.core.internal.Topic;
import dev.ringcast.core.log.EventLog;
import dev.ringcast.core.log.EventLogFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * The entry point: publishes events to named topics and delivers them to subscriptions, which
 * resume after any id without loss or repetition.
 *
 * <pre>{@code
 * try (EventHub hub = EventHub.builder().build()) {
 *     hub.subscribe(SubscriptionRequest.of("orders", Position.after(lastSeenId)), sink);
 *     long id = hub.publish("orders", "created", Map.of("id", 42)).id();
 * }
 * }</pre>
 *
 * <h2>Topics and ids</h2>
 * A topic is created on first use, with its settings from the builder. Each topic has its own
 * strictly increasing ids, below 2<sup>53</sup> so that they are exact in JSON. With the default
 * in-memory ring, a topic's first id is its creation time in microseconds: ids of a later
 * incarnation (after a restart) start above those of an earlier one, so an old cursor is
 * recognised and answered with a {@link Reset} instead of silently skipping events (this holds
 * while a topic publishes, on average, less than one event per microsecond over its life).
 *
 * <h2>Threads</h2>
 * Every method is thread-safe. {@link #publish} never blocks on subscribers and its cost does not
 * grow with their number: it appends to the topic's log and, if some subscriptions are parked
 * waiting, schedules one wake-up. Whatever a publisher did before {@code publish} happens-before
 * a sink's receipt of that event. The hub starts its dispatch threads when built and stops them
 * in {@link #close()}; it keeps no global state, so several hubs may live in one JVM.
 */
public final class EventHub implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final TopicConfig topicDefaults;
    private final Map<String, TopicConfig> topicOverrides;
    private final int maxBatch;
    private final int maxBatchBytes;
    private final int maxDataBytes;
    private final DataCodec codec;
    private final EventLogFactory logFactory;
    private final InstantSource clock;
    private final Dispatcher dispatcher;

    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final int maxTopics;
    private final ByteBudget budget;
    /** The shortest time between two walks of the topics looking for idle ones. */
    private static final long EVICTION_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final AtomicLong lastEviction = new AtomicLong(System.nanoTime() - EVICTION_INTERVAL_NANOS);
    private final Set<RealSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicLong subscriptionIds = new AtomicLong();
    private final HubCounters counters = new HubCounters();
    // Subscribes hold the read lock from their check that the hub is open until the subscription
    // is registered; close() sets `closed` under the write lock. So every subscription either is
    // refused or is in `subscriptions` when close() ends them all: none misses its onClosed.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    EventHub(EventHubBuilder b) {
        this.topicDefaults = b.topicDefaults;
        this.topicOverrides = new HashMap<>(b.topicOverrides);
        this.maxBatch = b.maxBatch;
        this.maxBatchBytes = b.maxBatchBytes;
        this.maxTopics = b.maxTopics;
        this.budget = b.budget;
        this.maxDataBytes = b.maxDataBytes;
        this.codec = b.codec;
        this.logFactory = b.eventLog;
        this.clock = b.clock;
        this.dispatcher = new Dispatcher(b.dispatchThreads, b.threadNamePrefix);
    }

    /** @return a builder with default settings */
    public static EventHubBuilder builder() {
        return new EventHubBuilder();
    }

    /**
     * Publishes an event: encodes {@code data} to JSON once, appends it to the topic's log and
     * wakes waiting subscriptions.
     *
     * @param topic the topic's name: 1-128 of {@code [A-Za-z0-9._-]}
     * @param type the event's type: non-empty, no control characters, not one of the types
     *     Ringcast reserves for its own signals ({@link EventNames#RESERVED_TYPES})
     * @param data anything the codec can encode (Jackson: records, maps, lists, strings, numbers, null)
     * @return the stored event, with its id
     * @throws IllegalArgumentException if the topic, type or data is invalid or the data too large
     * @throws IllegalStateException if the hub is closed
     */
    public Event publish(String topic, String type, Object data) {
        checkOpen();
        EventNames.checkPublishedType(type);
        byte[] json = codec.encode(data);
        if (json == null) {
            throw new IllegalArgumentException("codec " + codec.getClass().getName() + " encoded data to null");
        }
        return append(topic, type, json);
    }

    /**
     * Publishes an event whose data is already JSON, such as a request body. The JSON is checked
     * (one complete value) but not re-encoded.
     *
     * @param topic the topic's name
     * @param type the event's type
     * @param json exactly one JSON value, UTF-8; the hub takes ownership of the array
     * @return the stored event, with its id
     * @throws IllegalArgumentException if the topic, type or JSON is invalid or the data too large
     * @throws IllegalStateException if the hub is closed
     */
    public Event publishJson(String topic, String type, byte[] json) {
        checkOpen();
        EventNames.checkPublishedType(type);
        checkJson(json);
        return append(topic, type, json);
    }

    /**
     * Same as {@link #publishJson(String, String, byte[])} with a string.
     *
     * @param topic the topic's name
     * @param type the event's type
     * @param json exactly one JSON value
     * @return the stored event, with its id
     */
    public Event publishJson(String topic, String type, String json) {
        if (json == null) {
            throw new IllegalArgumentException("event data JSON is null: pass \"null\" for a JSON null");
        }
        return publishJson(topic, type, json.getBytes(StandardCharsets.UTF_8));
    }

    private Event append(String topic, String type, byte[] json) {
        if (json.length > maxDataBytes) {
            throw new IllegalArgumentException("event data is " + json.length + " bytes as JSON, over the limit of "
                    + maxDataBytes + ": publish less, or raise EventHub.builder().maxDataBytes(..)");
        }
        for (;;) {
            Topic t = topic(topic);
            EventLog log = t.log();
            Event event = log.append(type, json, clock.millis());
            // A shared log's event is stored beyond this topic object: publishing it again to a
            // replacement would store it twice.
            if (log.isShared() || t.servesAppends()) {
                counters.published.increment();
                return event;
            }
            // The topic was evicted as we appended (it had no reader, and its log kept the
            // event to itself, so it reached no one): publish to the topic that replaces it.
            topics.remove(topic, t);
        }
    }

    private static void checkJson(byte[] json) {
        if (json == null) {
            throw new IllegalArgumentException("event data JSON is null: pass \"null\" for a JSON null");
        }
        Utf8Json.check(json);
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() == null) {
                throw new IllegalArgumentException("event data JSON is empty: send one JSON value, such as {} or null");
            }
            p.skipChildren();
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new IllegalArgumentException("event data JSON has content after its first value (at "
                        + p.currentLocation().getCharOffset() + "): send exactly one JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("event data cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Subscribes {@code sink} to one topic: shorthand for
     * {@code subscribe(SubscriptionRequest.of(topic, from), sink)}.
     *
     * @param topic the topic
     * @param from where to start
     * @param sink where to deliver
     * @return the subscription
     */
    public Subscription subscribe(String topic, Position from, EventSink sink) {
        return subscribe(SubscriptionRequest.of(topic, from), sink);
    }

    /**
     * Subscribes {@code sink} to the request's topics. For each topic the subscription first
     * replays the retained events after the requested position, then continues with live events,
     * with no gap and no duplicate between the two: replay and live are one cursor over the log.
     * Delivery starts on a dispatch thread, possibly before this method returns; the sink receives
     * the {@link Subscription} in every callback.
     *
     * @param request topics, positions and type filter
     * @param sink where to deliver
     * @return the subscription; cancel it when the client goes away
     * @throws IllegalStateException if the hub is closed
     */
    public Subscription subscribe(SubscriptionRequest request, EventSink sink) {
        if (request == null || sink == null) {
            throw new IllegalArgumentException("subscribe needs a request and a sink; got request=" + request
                    + ", sink=" + sink);
        }
        lifecycle.readLock().lock();
        try {
            checkOpen();
            // A subscription to one topic is bound to that topic's worker, whose waker then drains it
            // in its sweep (Topic.wakeParked); one to several topics is spread round-robin.
            Dispatcher.Worker worker = request.topics().size() == 1
                    ? dispatcher.workerFor(request.topics().keySet().iterator().next().hashCode())
                    : dispatcher.nextWorker();
            RealSubscription s = new RealSubscription(subscriptionIds.incrementAndGet(), sink, worker,
                    maxBatch, maxBatchBytes, request.typeFilter(), counters, subscriptions::remove, this::openTopic);
            List<Topic> acquired = new ArrayList<>();
            try {
                request.topics().forEach((name, position) -> {
                    Topic topic = acquire(name);
                    acquired.add(topic);
                    s.addCursor(topic, topic.startAfter(position));
                });
            } catch (RuntimeException e) {
                acquired.forEach(Topic::release);
                throw e;
            }
            subscriptions.add(s);
            s.start();
            return s;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * The retained window of a topic, creating the topic if it does not exist yet.
     *
     * @param topic the topic's name
     * @return its oldest retained id and its head id
     */
    public TopicWindow window(String topic) {
        checkOpen();
        EventLog log = topic(topic).log();
        long head = log.headId();
        return new TopicWindow(topic, Math.min(log.oldestId(), head + 1), head);
    }

    /**
     * A topic's retained window.
     *
     * @param topic the topic's name
     * @param oldestId the oldest retained id; {@code headId + 1} when nothing is retained
     * @param headId the newest id; a subscription after it receives only later events
     */
    public record TopicWindow(String topic, long oldestId, long headId) {
    }

    /** @return the names of the topics that exist now */
    public Set<String> topicNames() {
        return Set.copyOf(topics.keySet());
    }

    /** @return how many subscriptions are open now */
    public int subscriptionCount() {
        return subscriptions.size();
    }

    /** @return a snapshot of the counters; costs a walk of the topics (for the parked cursors) */
    public HubMetrics metrics() {
        long parked = 0;
        for (Topic t : topics.values()) {
            parked += t.parkedCount();
        }
        Map<Reset.Cause, Long> resetsByCause = new EnumMap<>(Reset.Cause.class);
        for (Reset.Cause c : Reset.Cause.values()) {
            resetsByCause.put(c, counters.resetsByCause[c.ordinal()].sum());
        }
        Map<CloseReason.Kind, Long> closesByKind = new EnumMap<>(CloseReason.Kind.class);
        for (CloseReason.Kind k : CloseReason.Kind.values()) {
            closesByKind.put(k, counters.closesByKind[k.ordinal()].sum());
        }
        return new HubMetrics(topics.size(), subscriptions.size(), counters.published.sum(),
                counters.delivered.sum(), counters.resets.sum(), counters.backlogResets.sum(),
                counters.backlogCloses.sum(), counters.sinkErrors.sum(), counters.coalesced.sum(),
                counters.evictedTopics.sum(), budget.retained(), parked, resetsByCause, closesByKind);
    }

    /**
     * Starts handing sampled publish-to-write latencies to {@code recorder}: for events that carry
     * a sample stamp ({@link Event#sampledNanos()}, one in {@value Event#SAMPLE_EVERY}) and open
     * or close a batch, the nanoseconds from their publish until the subscription's sink returned
     * from writing the batch (for the transports: the bytes handed to the connection, or queued
     * for an asynchronous send). One sample per subscriber that the event reaches. A metrics
     * binder calls this; while no recorder is added, nothing is measured.
     *
     * <p>The recorder is called on dispatch threads, concurrently: it must be thread-safe and fast
     * (a Micrometer {@code Timer} is). Recorders added and removed are seen by the next batches.
     *
     * @param recorder receives latencies in nanoseconds
     */
    public void addLatencyRecorder(LongConsumer recorder) {
        java.util.Objects.requireNonNull(recorder, "recorder");
        synchronized (counters) {
            LongConsumer[] old = counters.latencyRecorders;
            LongConsumer[] next = java.util.Arrays.copyOf(old, old.length + 1);
            next[old.length] = recorder;
            counters.latencyRecorders = next;
        }
    }

    /**
     * Stops handing latencies to a recorder added with {@link #addLatencyRecorder}.
     *
     * @param recorder the recorder, compared by identity
     */
    public void removeLatencyRecorder(LongConsumer recorder) {
        synchronized (counters) {
            counters.latencyRecorders = java.util.Arrays.stream(counters.latencyRecorders)
                    .filter(r -> r != recorder).toArray(LongConsumer[]::new);
        }
    }

    /** @return how many dispatch threads are alive: the hub's count before close, 0 after */
    public int liveDispatchThreads() {
        return dispatcher.liveThreads();
    }

    /** @return true once {@link #close()} has been called */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the hub: refuses further publishes and subscriptions, ends every subscription with
     * {@link CloseReason.Kind#HUB_CLOSED} (each sink's {@code onClosed} runs), stops the dispatch
     * threads and closes the topics' logs. Waits up to 10 seconds for sinks to finish. Idempotent.
     */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        CloseReason reason = hubClosedReason();
        for (RealSubscription s : subscriptions) {
            s.requestClose(reason);
        }
        boolean stopped = dispatcher.close(10, TimeUnit.SECONDS);
        if (stopped) {
            // Anything still open raced with close; no worker runs, so ending it here is safe.
            for (RealSubscription s : new ArrayList<>(subscriptions)) {
                s.finish(reason);
            }
        }
        List<Topic> all = new ArrayList<>(topics.values());
        topics.clear();
        for (Topic t : all) {
            t.close();
        }
    }

    private static CloseReason hubClosedReason() {
        return new CloseReason(CloseReason.Kind.HUB_CLOSED, "the event hub was closed", null);
    }

    private Topic openTopic(String name) {
        checkOpen();
        return acquire(name);
    }

    /** The topic, counted as read by one more cursor (a topic with readers is never evicted). */
    private Topic acquire(String name) {
        for (;;) {
            Topic t = topic(name);
            if (t.acquire()) {
                return t;
            }
            topics.remove(name, t); // evicted just now: its replacement is created next time round
        }
    }

    private Topic topic(String name) {
        Topic t = name == null ? null : topics.get(name);
        if (t != null) {
            return t;
        }
        // Only a new topic's name needs checking: every name in the map was checked when added.
        EventNames.checkTopic(name);
        if (topics.size() >= maxTopics) {
            evictIdleTopics();
        }
        Topic created = topics.computeIfAbsent(name, n -> {
            if (topics.size() >= maxTopics) {
                throw new LimitExceededException("the hub holds " + topics.size() + " topics, its limit: topic \""
                        + n + "\" cannot be created until others are idle (no event retained, no reader); raise "
                        + "EventHub.builder().maxTopics(..) if the server should hold more", 503);
            }
            return new Topic(n, topicOverrides.getOrDefault(n, topicDefaults), logFactory,
                    dispatcher.workerFor(n.hashCode()));
        });
        return created;
    }

    /**
     * Evicts the topics that hold no event and have no reader, at most once per
     * {@link #EVICTION_INTERVAL_NANOS}: a client asking for new topics at the limit costs one map
     * walk per interval, not one per request.
     */
    private void evictIdleTopics() {
        long now = System.nanoTime();
        long last = lastEviction.get();
        if (now - last < EVICTION_INTERVAL_NANOS || !lastEviction.compareAndSet(last, now)) {
            return;
        }
        int evicted = 0;
        for (Topic t : topics.values()) {
            if (t.tryEvict()) {
                topics.remove(t.name(), t);
                t.close();
                evicted++;
            }
        }
        counters.evictedTopics.add(evicted);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the event hub is closed: build a new one with EventHub.builder()");
        }
    }
}
