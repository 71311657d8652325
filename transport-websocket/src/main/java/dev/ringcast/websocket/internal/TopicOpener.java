package dev.ringcast.websocket.internal;

import dev.ringcast.core.EventHub;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.BadRequestException;
import dev.ringcast.http.QueryParameters;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Opens a topic connection from its query: {@code ?topic=a[&topic=b][&types=x,y][&lastEventId=..]}.
 * No topic is fine (the client subscribes with control messages). {@code lastEventId} is the
 * last id received, for one topic a plain integer, for several the last id of each in the order
 * of the {@code topic} parameters joined by {@code _} ({@code 42_17}), as the SSE stream's id;
 * each id is plain decimal digits.
 * Without it each topic starts with its next event. A malformed parameter or an authorizer's
 * denial refuses the connection (error frame, then close 1008).
 *
 * <p>Immutable; any container thread.
 */
public final class TopicOpener implements SessionOpener {

    private static final System.Logger LOG = System.getLogger(TopicOpener.class.getName());

    private final EventHub hub;
    private final WebSocketSettings settings;
    private final Housekeeper housekeeper;

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
    public Connection open(Session session) {
        Connection connection = new Connection(session, hub, settings, housekeeper, settings.maxTopics(), true,
                Connection.Hooks.NONE);
        Map<String, List<String>> query = session.getRequestParameterMap();
        List<String> topics;
        TypeFilter types;
        long[] afterIds;
        try {
            List<String> names = query.get("topic");
            topics = names == null || names.isEmpty() ? List.of()
                    : QueryParameters.topics(names.toArray(new String[0]), settings.maxTopics());
            types = QueryParameters.typeFilter("types", query.get("types") == null ? null
                    : query.get("types").toArray(new String[0]), TypeFilter.all());
            afterIds = lastEventIds(first(query, "lastEventId"), topics);
        } catch (BadRequestException e) {
            connection.refuse(e.status(), e.getMessage());
            return connection;
        }
        Decision decision;
        try {
            decision = settings.authorizer().authorize(
                    new SessionAccessRequest(session, AccessRequest.Action.SUBSCRIBE, topics, "websocket"));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the authorizer threw; closing the WebSocket connection with 1011", e);
            connection.failed(e);
            return connection;
        }
        if (!decision.allowed()) {
            connection.refuse(decision.status(), decision.message());
            return connection;
        }
        Map<String, Long> start = new LinkedHashMap<>();
        try {
            for (int i = 0; i < topics.size(); i++) {
                start.put(topics.get(i), afterIds != null ? afterIds[i] : hub.window(topics.get(i)).headId());
            }
        } catch (IllegalStateException e) {
            connection.closeAfterQueued(dev.ringcast.websocket.RingcastCloseCodes.GOING_AWAY,
                    "the event hub is closed: reconnect later");
            return connection;
        }
        connection.open(start, types);
        return connection;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
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
            throw new BadRequestException("lastEventId=" + clip(value) + " has no topic to apply to: add ?topic=<name>, "
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
            throw new BadRequestException("lastEventId=" + clip(value) + " is invalid for " + topics.size()
                    + " topics: give the last id received of each, in plain digits, in the order of the topic parameters, "
                    + "joined by _, such as lastEventId=42_17");
        }
        return ids;
    }

    private static String clip(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
