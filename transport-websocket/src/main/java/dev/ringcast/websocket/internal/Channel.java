package dev.ringcast.websocket.internal;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.websocket.ChannelInfo;
import dev.ringcast.websocket.RingcastCloseCodes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One durable channel: a cursor per topic (the id of the last event whose frame was sent, or
 * the earlier id a connecting client named as its own), its one connection, and since when it
 * has had none.
 *
 * <p>While no connection is open the events simply stay in the topics' rings: the channel holds
 * no copy, only its cursors, so a channel costs a few longs however much waits for it. If a ring
 * overwrites events before a connection comes back, that connection opens with a reset for the
 * topic (the overflow policy: the ring's window bounds what waits, and loss is told, never silent).
 *
 * <p>Thread-safe: every method holds the channel's monitor. Lock order: the table's, then this,
 * then a connection's locks; a connection never calls back into the channel while holding its own.
 */
public final class Channel implements Connection.Hooks {

    private final OwnerKey owner;
    private final String name;
    private final EventHub hub;
    private final InstantSource clock;

    // Guarded by this.
    private LinkedHashMap<String, Long> cursors = new LinkedHashMap<>();
    private Connection connection;
    private long idleSinceMillis;
    private boolean removed;

    Channel(OwnerKey owner, String name, EventHub hub, InstantSource clock) {
        this.owner = owner;
        this.name = name;
        this.hub = hub;
        this.clock = clock;
        this.idleSinceMillis = clock.millis();
    }

    OwnerKey owner() {
        return owner;
    }

    String name() {
        return name;
    }

    /** @return the topics it reads now, in order */
    synchronized List<String> topics() {
        return List.copyOf(cursors.keySet());
    }

    /**
     * Sets the topics: new ones start at their head (events published from now on wait for the
     * channel), dropped ones lose their cursor. An open connection follows at once.
     */
    synchronized void setTopics(List<String> topics) {
        LinkedHashMap<String, Long> next = new LinkedHashMap<>();
        for (String t : topics) {
            Long cursor = cursors.get(t);
            next.put(t, cursor != null ? cursor : hub.window(t).headId());
        }
        for (String t : new ArrayList<>(cursors.keySet())) {
            if (!next.containsKey(t) && connection != null) {
                connection.unsubscribe(t);
            }
        }
        Map<String, Long> added = new LinkedHashMap<>(next);
        added.keySet().removeAll(cursors.keySet());
        cursors = next;
        if (connection != null) {
            added.forEach(connection::subscribe);
        }
    }

    /**
     * Makes {@code c} the channel's connection, each topic resuming where the client says it is,
     * within what the server has sent. A cursor records what was <em>sent</em> (a send completed
     * on this side), which is not what the client <em>has</em>: frames in flight when a
     * connection dies half-open, or is taken over, are sent but never arrive. So, per topic:
     * <ul>
     *   <li>an id the client names that is not above the cursor wins: the topic resumes after it,
     *       and the cursor moves back to it, so what was sent but never received is sent again,
     *       by this connection or, if it dies first, by the next;</li>
     *   <li>an id above the cursor (the server never sent it: a client cannot honestly have it)
     *       is ignored, and the topic resumes after the cursor;</li>
     *   <li>a topic the client does not name resumes after the cursor.</li>
     * </ul>
     * An older connection is closed with {@link RingcastCloseCodes#REPLACED}; its late send
     * completions no longer move the cursors.
     *
     * @param c the new connection
     * @param clientIds the ids the client named; a plain id on a channel that does not read
     *     exactly one topic refuses the connection (400, then close 1008)
     */
    void attach(Connection c, ChannelOpener.ClientIds clientIds) {
        Connection old;
        synchronized (this) {
            if (removed) {
                c.refuse(404, "channel \"" + name + "\" was deleted or has expired: register it again with PUT");
                return;
            }
            Map<String, Long> named;
            try {
                named = clientIds.forTopics(name, cursors.keySet());
            } catch (BadRequestException e) {
                c.refuse(e.status(), e.getMessage());
                return;
            }
            named.forEach((topic, id) -> {
                if (id <= cursors.get(topic)) {
                    cursors.put(topic, id);
                }
            });
            old = connection;
            connection = c;
            c.open(new LinkedHashMap<>(cursors), TypeFilter.all());
            if (c.isEnded()) { // it ended before it was attached: ended() found another connection
                connection = null;
                idleSinceMillis = clock.millis();
            }
        }
        if (old != null) {
            old.closeNow(RingcastCloseCodes.REPLACED, "replaced by a newer connection to channel \"" + name + "\"");
        }
    }

    @Override
    public synchronized void delivered(Connection c, String topic, long id, boolean reset) {
        if (c != connection) {
            return; // a replaced connection's late completion: the new one has taken over the cursor
        }
        Long cursor = cursors.get(topic);
        if (cursor != null && (reset || id > cursor)) {
            cursors.put(topic, id);
        }
    }

    @Override
    public synchronized void ended(Connection c) {
        if (connection == c) {
            connection = null;
            idleSinceMillis = clock.millis();
        }
    }

    /** @return true if it has had no connection for {@code expireAfter} at {@code nowMillis} */
    synchronized boolean isExpired(long nowMillis, Duration expireAfter) {
        return connection == null && nowMillis - idleSinceMillis >= expireAfter.toMillis();
    }

    /** Marks it removed and closes its connection, if any. */
    void remove(int code, String reason) {
        Connection c;
        synchronized (this) {
            removed = true;
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.closeNow(code, reason);
        }
    }

    synchronized ChannelInfo info(Duration expireAfter) {
        long queued = 0;
        for (Map.Entry<String, Long> e : cursors.entrySet()) {
            EventHub.TopicWindow w = hub.window(e.getKey());
            long from = Math.max(e.getValue(), w.oldestId() - 1);
            queued += Math.max(0, w.headId() - from);
        }
        boolean connected = connection != null;
        Instant idleSince = connected ? null : Instant.ofEpochMilli(idleSinceMillis);
        return new ChannelInfo(name, List.copyOf(cursors.keySet()), connected, queued,
                Collections.unmodifiableMap(new LinkedHashMap<>(cursors)), idleSince,
                connected ? null : idleSince.plus(expireAfter));
    }
}
