package dev.ringcast.websocket.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.internal.QueryParameters;

/**
 * A message from the client, parsed free of I/O:
 * {@code {"action":"subscribe","topic":"t"[,"lastEventId":42]}}, {@code {"action":"unsubscribe","topic":"t"}}
 * or {@code {"action":"ping"}}. Unknown fields are ignored, so clients may add their own (a
 * correlation id, say) without breaking.
 *
 * @param action what the client asks for
 * @param topic the topic, for subscribe and unsubscribe; null for ping
 * @param lastEventId the id to resume after, for subscribe; null to start with the next event
 */
public record ControlMessage(Action action, String topic, Long lastEventId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a control message asks for. */
    public enum Action {
        /** Start receiving a topic's events. */
        SUBSCRIBE,
        /** Stop receiving a topic's events. */
        UNSUBSCRIBE,
        /** Ask for a {@code {"type":"pong"}} reply: an application-level liveness check. */
        PING
    }

    private static final String EXAMPLES = "{\"action\":\"subscribe\",\"topic\":\"orders\",\"lastEventId\":42}, "
            + "{\"action\":\"unsubscribe\",\"topic\":\"orders\"} or {\"action\":\"ping\"}";

    /**
     * Parses a text message.
     *
     * @param text the message
     * @return the control message
     * @throws BadRequestException (400) saying what is wrong and what a valid message looks like
     */
    public static ControlMessage parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("message is not valid JSON (" + e.getOriginalMessage()
                    + "): send one JSON object such as " + EXAMPLES);
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("message is " + (root == null || root.isMissingNode() ? "empty" : "a JSON "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    + ", not a JSON object: send e.g. " + EXAMPLES);
        }
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw new BadRequestException("message has no \"action\" string: send e.g. " + EXAMPLES);
        }
        return switch (action.asText()) {
            case "ping" -> new ControlMessage(Action.PING, null, null);
            case "subscribe" -> new ControlMessage(Action.SUBSCRIBE, topic(root, "subscribe"), lastEventId(root));
            case "unsubscribe" -> new ControlMessage(Action.UNSUBSCRIBE, topic(root, "unsubscribe"), null);
            default -> throw new BadRequestException("action " + EventNames.quoted(action.asText())
                    + " is unknown: use subscribe, unsubscribe or ping, e.g. " + EXAMPLES);
        };
    }

    private static String topic(JsonNode root, String action) {
        JsonNode topic = root.get("topic");
        if (topic == null || !topic.isTextual()) {
            throw new BadRequestException(action + " needs a \"topic\" string, e.g. {\"action\":\"" + action
                    + "\",\"topic\":\"orders\"}");
        }
        if (!EventNames.isValidTopic(topic.asText())) {
            throw new BadRequestException(EventNames.invalidName("topic", topic.asText()));
        }
        return topic.asText();
    }

    private static Long lastEventId(JsonNode root) {
        JsonNode id = root.get("lastEventId");
        if (id == null || id.isNull()) {
            return null;
        }
        long value = -1;
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            value = id.asLong();
        } else if (id.isTextual()) {
            value = QueryParameters.parseEventId(id.asText()).orElse(-1); // ids kept as strings by the client
        }
        if (value < 0 || value > Event.MAX_ID) {
            throw new BadRequestException("lastEventId " + EventNames.clipped(id.toString()) + " is invalid: use the integer id of "
                    + "the last event you received from the topic (0 to 9007199254740991), as a number or a string of "
                    + "digits, or leave it out to start with the next event");
        }
        return value;
    }

}
