package dev.ringcast.websocket.internal;

import dev.ringcast.core.EventNames;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.internal.QueryParameters;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Opens a topic connection from its query: {@code ?topic=a[&topic=b][&types=x,y][&lastEventId=..]}.
 * No topic is fine (the client subscribes with control messages). With a fixed topic
 * ({@link WebSocketSettings#fixedTopic()}) every connection reads that topic alone and
 * {@code topic} parameters are ignored. The type filter comes from the settings' parameter(s),
 * their values joined, or is the settings' default. {@code lastEventId} is the
 * last id received, for one topic a plain integer, for several the last id of each in the order
 * of the {@code topic} parameters joined by {@code _} ({@code 42_17}), as the SSE stream's id;
 * each id is plain decimal digits.
 * Without it each topic starts with its next event. A malformed parameter or an authorizer's
 * denial refuses the connection (error frame, then close 1008), or the handshake when
 * {@link dev.ringcast.websocket.HandshakeFilter} runs {@link #check} before the upgrade. Each
 * connection takes a place in {@link WebSocketSettings#connectionLimits()} once accepted; a limit's
 * refusal (that one, or the hub's topic limit) is an error frame with 429 or 503 then close 1013,
 * or the filter's 429/503 with {@code Retry-After}.
 *
 * <p>Immutable; any container thread.
 */
public final class TopicOpener implements SessionOpener {

    private static final System.Logger LOG = System.getLogger(TopicOpener.class.getName());

    private final EventHub hub;
    private final WebSocketSettings settings;
    private final Housekeeper housekeeper;

    /** What an accepted handshake reads, who the client is for the connection limits, and until when its credentials are valid (null: no end). */
    private record Plan(List<String> topics, TypeFilter types, long[] afterIds, String principal, String address,
                        java.time.Instant expiresAt) {
    }

    /**
     * @param hub the hub
     * @param settings the settings
     * @param housekeeper the endpoint's threads
     */
    public TopicOpener(EventHub hub, WebSocketSettings settings, Housekeeper housekeeper) {
        this.hub = hub;
        this.settings = settings;
        this.housekeeper = housekeeper;
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
        Map<String, List<String>> query = handshake.parameters();
        List<String> topics;
        TypeFilter types;
        long[] afterIds;
        try {
            if (settings.fixedTopic() != null) {
                topics = List.of(settings.fixedTopic());
            } else {
                List<String> names = query.get("topic");
                topics = names == null || names.isEmpty() ? List.of()
                        : QueryParameters.topics(names.toArray(new String[0]), settings.maxTopics());
            }
            types = typeFilter(query);
            afterIds = lastEventIds(handshake.first("lastEventId"), topics);
        } catch (BadRequestException e) {
            return Handshake.Verdict.refuse(e.status(), e.getMessage());
        }
        AccessRequest access = handshake.access(topics);
        Handshake.Verdict<Decision> decision = Handshake.authorize(settings.authorizer(), access);
        if (!decision.accepted()) {
            return decision.refusal();
        }
        return Handshake.Verdict.accept(new Plan(topics, types, afterIds,
                ConnectionLimits.principalOf(decision.plan(), access), access.remoteAddress(),
                decision.plan().expiresAt().orElse(null)));
    }

    private TypeFilter typeFilter(Map<String, List<String>> query) {
        List<String> values = new ArrayList<>();
        boolean given = false;
        for (String name : settings.typesParameters()) {
            List<String> v = query.get(name);
            if (v != null && !v.isEmpty()) {
                given = true;
                values.addAll(v);
            }
        }
        return QueryParameters.typeFilter(settings.typesParameters().get(0),
                given ? values.toArray(new String[0]) : null, settings.defaultTypes());
    }

    @Override
    public Connection open(Session session) {
        String fixed = settings.fixedTopic();
        Connection connection = new Connection(session, hub, settings, housekeeper, settings.maxTopics(),
                fixed == null ? null : "this endpoint serves the topic \"" + fixed + "\" alone, on every connection: "
                        + "there is nothing to subscribe to or unsubscribe from", Connection.Hooks.NONE);
        Handshake.Verdict<Plan> verdict = decide(Handshake.of(session));
        if (!verdict.accepted()) {
            if (verdict.failure() != null) {
                LOG.log(System.Logger.Level.WARNING, "the authorizer threw; closing the WebSocket connection with 1011",
                        verdict.failure());
            }
            verdict.refuse(connection);
            return connection;
        }
        Plan plan = verdict.plan();
        Map<String, Long> start = new LinkedHashMap<>();
        try {
            // An open connection: admitted before any hub work, released when it ends.
            connection.admitted(settings.connectionLimits().admit(plan.principal(), plan.address()));
            for (int i = 0; i < plan.topics().size(); i++) {
                String topic = plan.topics().get(i);
                start.put(topic, plan.afterIds() != null ? plan.afterIds()[i] : hub.window(topic).headId());
            }
        } catch (LimitExceededException e) {
            connection.limited(e.status(), e.getMessage(), e.retryAfterSeconds());
            return connection;
        } catch (IllegalStateException e) {
            connection.closeAfterQueued(dev.ringcast.websocket.RingcastCloseCodes.GOING_AWAY,
                    "the event hub is closed: reconnect later");
            return connection;
        }
        connection.open(start, plan.types());
        connection.expireAt(plan.expiresAt());
        return connection;
    }

    /**
     * Parses {@code lastEventId} for the request's topics.
     *
     * @param value the parameter, or null
     * @param topics the topics, in request order
     * @return each topic's id, or null when the parameter is absent
     * @throws BadRequestException saying what a valid value looks like
     */
    static long[] lastEventIds(String value, List<String> topics) {
        if (value == null) {
            return null;
        }
        if (topics.isEmpty()) {
            throw new BadRequestException("lastEventId=" + EventNames.clipped(value) + " has no topic to apply to: add ?topic=<name>, "
                    + "or send {\"action\":\"subscribe\",\"topic\":..,\"lastEventId\":..} after connecting");
        }
        if (topics.size() == 1) {
            return new long[] {QueryParameters.eventId("lastEventId", value)};
        }
        String[] parts = value.split("_", -1);
        long[] ids = new long[parts.length];
        boolean valid = parts.length == topics.size();
        for (int i = 0; valid && i < parts.length; i++) {
            OptionalLong id = QueryParameters.parseEventId(parts[i]);
            valid = id.isPresent();
            ids[i] = id.orElse(-1);
        }
        if (!valid) {
            throw new BadRequestException("lastEventId=" + EventNames.clipped(value) + " is invalid for " + topics.size()
                    + " topics: give the last id received of each, in plain digits, in the order of the topic parameters, "
                    + "joined by _, such as lastEventId=42_17");
        }
        return ids;
    }


    @Override
    public int openConnections() {
        return housekeeper.users();
    }
}
