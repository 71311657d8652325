package dev.ringcast.core;

import java.util.Set;

/**
 * Validation of topic names and event types, shared by the hub and the transports so that every
 * entry point rejects the same input with the same message.
 *
 * <p>Stateless; any thread may call it.
 */
public final class EventNames {

    /** The longest accepted event type, in chars. */
    public static final int MAX_TYPE_LENGTH = 256;

    /** The longest accepted topic name, in chars. */
    public static final int MAX_TOPIC_LENGTH = 128;

    /**
     * The event types Ringcast uses for its own signals on the wire, which applications may not
     * publish: {@code reset} (every transport's reset signal), the WebSocket replies
     * {@code subscribed}, {@code unsubscribed}, {@code error} and {@code pong}, and
     * {@code credentials-expired} (the last event of an SSE stream whose credentials expired).
     * Refusing them is what keeps these signals unforgeable.
     */
    public static final Set<String> RESERVED_TYPES = Set.of("reset", "subscribed", "unsubscribed", "error", "pong",
            "credentials-expired");

    private EventNames() {
    }

    /**
     * Tells whether {@code topic} is a valid topic name: 1 to 128 of {@code [A-Za-z0-9._-]}.
     *
     * @param topic the name to test, may be null
     * @return true when the name is valid
     */
    public static boolean isValidTopic(String topic) {
        // A loop, not a regex: this runs on every publish.
        if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a topic name.
     *
     * @param topic the name to check
     * @return the name, for chaining
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static String checkTopic(String topic) {
        if (!isValidTopic(topic)) {
            throw new IllegalArgumentException(
                    invalidName("topic", topic));
        }
        return topic;
    }

    /**
     * Checks an event type: 1 to {@value #MAX_TYPE_LENGTH} chars with no control character (so no
     * CR or LF, which would let a type break out of an SSE {@code event:} line).
     *
     * @param type the type to check
     * @return the type, for chaining
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static String checkType(String type) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("event type is empty: give a non-empty type such as \"message\"");
        }
        if (type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("event type is " + type.length() + " chars long: use at most "
                    + MAX_TYPE_LENGTH);
        }
        for (int i = 0; i < type.length(); i++) {
            if (Character.isISOControl(type.charAt(i))) {
                throw new IllegalArgumentException("event type " + quoted(type) + " has a control character (U+"
                        + String.format("%04X", (int) type.charAt(i)) + ") at index " + i
                        + ": use printable characters, without CR or LF");
            }
        }
        return type;
    }

    /**
     * Checks the type of an event to publish: {@link #checkType(String)}, and not one of the
     * {@link #RESERVED_TYPES}.
     *
     * @param type the type to check
     * @return the type, for chaining
     * @throws IllegalArgumentException saying what is wrong and how to fix it
     */
    public static String checkPublishedType(String type) {
        checkType(type);
        if (RESERVED_TYPES.contains(type)) {
            throw new IllegalArgumentException("event type " + quoted(type) + " is reserved: Ringcast sends "
                    + RESERVED_TYPES.stream().sorted().toList() + " as its own signals, so clients could not tell "
                    + "this event from them; publish it under another type, such as \"app." + type + "\"");
        }
        return type;
    }

    /** How many characters of a client's value an error message shows. */
    public static final int SHOWN_CHARS = 64;

    /**
     * A client's value as every Ringcast error message shows it: in double quotes, cut at
     * {@value #SHOWN_CHARS} characters with {@code ...}, with CR, LF, quotes and other control
     * characters escaped, so a huge or multi-line value can neither bloat a message nor split a
     * log line; {@code null} shows as {@code null}.
     *
     * @param value what the client sent
     * @return the value to put in a message
     */
    public static String quoted(String value) {
        return value == null ? "null" : '"' + escaped(value, true) + '"';
    }

    /**
     * A client's value shown bare, as in {@code last_event=abc is invalid}: cut and escaped as in
     * {@link #quoted(String)}, without the quotes.
     *
     * @param value what the client sent
     * @return the value to put in a message
     */
    public static String clipped(String value) {
        return value == null ? "null" : escaped(value, false);
    }

    /**
     * The one message for a name (a topic, a channel) that breaks the naming rule.
     *
     * @param what what the name names, such as {@code "topic"} or {@code "channel name"}
     * @param name the name the client gave
     * @return {@code <what> "<name>" is invalid: use 1-128 of [A-Za-z0-9._-]}
     */
    public static String invalidName(String what, String name) {
        return what + " " + quoted(name) + " is invalid: use 1-" + MAX_TOPIC_LENGTH + " of [A-Za-z0-9._-]";
    }

    private static String escaped(String s, boolean quotes) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), SHOWN_CHARS) + 8);
        int shown = Math.min(s.length(), SHOWN_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '"' -> b.append(quotes ? "\\\"" : "\"");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (shown < s.length()) {
            b.append("...");
        }
        return b.toString();
    }
}
