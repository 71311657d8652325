package dev.ringcast.websocket.internal;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.Session;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a connection to a durable channel, {@code /channels/{name}/ws[?lastEventId=..]}, or to the
 * owner's channel of a fixed name on an endpoint without {@code {name}}:
 * identifies the owner (see {@link ChannelOwners}), finds the owner's channel and attaches the
 * connection to it. The authorizer is asked twice: with no topic, to name the owner, then with
 * the channel's topics, which were authorized when it was registered but are authorized again
 * for every connection (credentials may have lost access since). {@code lastEventId} names the client's own last ids
 * ({@code orders:42,payments:17}, or {@code 42} for a channel of one topic; see
 * {@link ClientIds}); {@link Channel#attach} decides where each topic resumes. A malformed one
 * refuses the connection with 400 (error frame, then close 1008). Other query parameters are ignored.
 *
 * <p>Immutable; any container thread.
 */
public final class ChannelOpener implements SessionOpener {

    private static final System.Logger LOG = System.getLogger(ChannelOpener.class.getName());

    /** The path parameter that names the channel. */
    public static final String NAME_PARAMETER = "name";

    /** The query parameter with the client's last ids. */
    public static final String LAST_EVENT_ID_PARAMETER = "lastEventId";

    private static final String NO_SUBSCRIPTIONS = "this connection reads a channel: change its topics with PUT on the channel";

    private final ChannelTable table;
    private final WebSocketSettings settings;
    private final Housekeeper housekeeper;
    private final String fixedName;

    /** What an accepted handshake opens, who the client is for the connection limits, and until when its credentials are valid (null: no end). */
    private record Plan(Channel channel, ClientIds clientIds, String principal, String address,
                        java.time.Instant expiresAt) {
    }

    /**
     * @param table the channels
     * @param settings the settings
     * @param housekeeper the endpoint's threads
     * @param fixedName the one channel name of every connection, or null to read it from the path's {@code {name}}
     */
    public ChannelOpener(ChannelTable table, WebSocketSettings settings, Housekeeper housekeeper, String fixedName) {
        this.table = table;
        this.settings = settings;
        this.housekeeper = housekeeper;
        this.fixedName = fixedName;
    }

    @Override
    public WebSocketSettings settings() {
        return settings;
    }

    @Override
    public Handshake.Verdict<?> check(Handshake handshake) {
        Handshake.Verdict<Plan> verdict = decide(handshake);
        if (verdict.accepted()) {
            try {
                settings.connectionLimits().check(verdict.plan().principal(), verdict.plan().address());
            } catch (LimitExceededException e) {
                return Handshake.Verdict.limited(e);
            }
        }
        return verdict;
    }

    private Handshake.Verdict<Plan> decide(Handshake handshake) {
        Handshake.Verdict<Plan> guarded = Handshake.guard(handshake, settings);
        if (guarded != null) {
            return guarded;
        }
        String name = fixedName != null ? fixedName : handshake.pathParameter(NAME_PARAMETER);
        if (!EventNames.isValidTopic(name)) {
            return Handshake.Verdict.refuse(400, name == null ? "channel name missing: use 1-128 of [A-Za-z0-9._-]"
                    : EventNames.invalidName("channel name", name));
        }
        AccessRequest access = handshake.access(List.of());
        Handshake.Verdict<Decision> decision = Handshake.authorize(settings.authorizer(), access);
        if (!decision.accepted()) {
            return decision.refusal();
        }
        Optional<String> owner = ChannelOwners.owner(decision.plan(), access);
        if (owner.isEmpty()) {
            return Handshake.Verdict.refuse(401, ChannelOwners.MISSING);
        }
        Channel channel;
        try {
            channel = table.find(owner.get(), name);
        } catch (IllegalStateException e) {
            return Handshake.Verdict.refuse(503, "the server is shutting down: reconnect later");
        }
        if (channel == null) {
            return Handshake.Verdict.refuse(404, settings.unknownChannelMessage(name));
        }
        // The channel's topics were authorized when it was registered; credentials can lose access
        // since, so they are authorized again for every connection: an old channel is no way around it.
        List<String> topics = channel.topics();
        java.time.Instant expiresAt = decision.plan().expiresAt().orElse(null);
        if (!topics.isEmpty()) {
            Handshake.Verdict<Decision> reading = Handshake.authorize(settings.authorizer(), handshake.access(topics));
            if (!reading.accepted()) {
                return reading.failure() != null ? reading.refusal() : Handshake.Verdict.refuse(reading.status(),
                        reading.message() + " (channel \"" + name + "\" reads it: register the channel again with the "
                                + "topics you may read)");
            }
            expiresAt = earlier(expiresAt, reading.plan().expiresAt().orElse(null));
        }
        try {
            // The channel's owner is who the client is: its connections count under that name.
            return Handshake.Verdict.accept(new Plan(channel,
                    ClientIds.parse(handshake.first(LAST_EVENT_ID_PARAMETER)), owner.get(), access.remoteAddress(),
                    expiresAt));
        } catch (BadRequestException e) {
            return Handshake.Verdict.refuse(e.status(), e.getMessage());
        }
    }

    @Override
    public Connection open(Session session) {
        Handshake.Verdict<Plan> verdict = decide(Handshake.of(session));
        if (!verdict.accepted()) {
            if (verdict.failure() != null) {
                LOG.log(System.Logger.Level.WARNING, "the authorizer threw; closing the WebSocket connection with 1011",
                        verdict.failure());
            }
            Connection connection = new Connection(session, table.hub(), settings, housekeeper, 0, NO_SUBSCRIPTIONS,
                    Connection.Hooks.NONE);
            verdict.refuse(connection);
            return connection;
        }
        Plan plan = verdict.plan();
        Connection connection = new Connection(session, table.hub(), settings, housekeeper, Integer.MAX_VALUE,
                NO_SUBSCRIPTIONS, plan.channel());
        try {
            connection.admitted(settings.connectionLimits().admit(plan.principal(), plan.address()));
        } catch (LimitExceededException e) {
            connection.limited(e.status(), e.getMessage(), e.retryAfterSeconds());
            return connection;
        }
        plan.channel().attach(connection, plan.clientIds());
        connection.expireAt(plan.expiresAt());
        return connection;
    }

    private static java.time.Instant earlier(java.time.Instant a, java.time.Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /**
     * The ids a connecting client names as its own last ones, from {@code lastEventId}: one per
     * topic, {@code topic:id} joined by commas ({@code orders:42,payments:17}; topic names never
     * contain {@code :} or {@code ,}), or a plain id for a channel of exactly one topic. An
     * absent or blank parameter names none. Ids are 0 to {@link Event#MAX_ID}; 0 means "before
     * the oldest retained event".
     *
     * <p>Immutable.
     */
    static final class ClientIds {

        /** No ids named: every topic resumes from the channel's cursor. */
        static final ClientIds NONE = new ClientIds(null, Map.of());

        private static final String FORMAT = "give the last id you received of each topic as topic:id, joined by commas, "
                + "such as lastEventId=orders:42,payments:17 (for a channel of one topic a plain id, lastEventId=42)";

        private final Long plain;
        private final Map<String, Long> byTopic;

        private ClientIds(Long plain, Map<String, Long> byTopic) {
            this.plain = plain;
            this.byTopic = byTopic;
        }

        /**
         * @param value the parameter's value, or null
         * @return the ids it names
         * @throws BadRequestException (400) if it is malformed, saying what a valid value looks like
         */
        static ClientIds parse(String value) {
            if (value == null || value.isBlank()) {
                return NONE;
            }
            String trimmed = value.trim();
            if (trimmed.indexOf(':') < 0) {
                return new ClientIds(id(trimmed, value), Map.of());
            }
            Map<String, Long> ids = new LinkedHashMap<>();
            for (String part : trimmed.split(",", -1)) {
                int colon = part.indexOf(':');
                if (colon < 0) {
                    throw malformed(value);
                }
                String topic = part.substring(0, colon).trim();
                if (!EventNames.isValidTopic(topic)) {
                    throw malformed(value);
                }
                if (ids.put(topic, id(part.substring(colon + 1).trim(), value)) != null) {
                    throw new BadRequestException("lastEventId names topic \"" + topic + "\" twice: give each topic's "
                            + "last id once");
                }
            }
            return new ClientIds(null, Map.copyOf(ids));
        }

        private static long id(String digits, String value) {
            if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw malformed(value);
            }
            long id = Long.parseLong(digits);
            if (id > Event.MAX_ID) {
                throw malformed(value);
            }
            return id;
        }

        private static BadRequestException malformed(String value) {
            return new BadRequestException("lastEventId=" + EventNames.clipped(value) + " is invalid: " + FORMAT);
        }

        /**
         * @param channelName the channel's name, for the message
         * @param topics the channel's topics
         * @return the id the client names for each topic it names; topics the channel does not
         *     read are left out (its topics may have changed while the client was away)
         * @throws BadRequestException (400) for a plain id when the channel does not read exactly one topic
         */
        Map<String, Long> forTopics(String channelName, Collection<String> topics) {
            if (plain == null) {
                Map<String, Long> named = new LinkedHashMap<>(byTopic);
                named.keySet().retainAll(topics);
                return named;
            }
            if (topics.size() != 1) {
                throw new BadRequestException("lastEventId=" + plain + " is a plain id, but channel \"" + channelName
                        + "\" reads " + topics.size() + " topics: " + FORMAT);
            }
            return Map.of(topics.iterator().next(), plain);
        }
    }

    @Override
    public int openConnections() {
        return housekeeper.users();
    }
}
