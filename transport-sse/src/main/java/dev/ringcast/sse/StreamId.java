package dev.ringcast.sse;

import dev.ringcast.core.Event;
import java.util.List;
import java.util.Optional;

/**
 * The resume id of an event stream. A single-topic stream uses the event's own id, a plain
 * integer. A stream over several topics must resume every one of them, so its id lists the last
 * id of each topic, in the order the request named the topics, joined by {@code _}:
 * {@code 1795433823910721_1795433823911004}. A client that reconnects to the same URL sends it
 * back as {@code Last-Event-ID}, and each topic resumes exactly after its own last id. The ids are
 * plain JSON-safe integers, so the id needs no escaping and never contains CR or LF.
 *
 * <p>Stateless; any thread.
 */
public final class StreamId {

    private StreamId() {
    }

    /**
     * @param lastIds the last id of each topic, in request order
     * @return the stream id
     */
    public static String format(long[] lastIds) {
        if (lastIds.length == 1) {
            return Long.toString(lastIds[0]);
        }
        StringBuilder b = new StringBuilder(lastIds.length * 17);
        for (int i = 0; i < lastIds.length; i++) {
            if (i > 0) {
                b.append('_');
            }
            b.append(lastIds[i]);
        }
        return b.toString();
    }

    /**
     * Parses a stream id for a request's topics.
     *
     * @param value the id as the client sent it
     * @param topics the request's topics, in order
     * @return each topic's last id, in order; empty if the value does not fit these topics (not
     *     integers, out of range, or another number of topics)
     */
    public static Optional<long[]> parse(String value, List<String> topics) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.trim().split("_", -1);
        if (parts.length != topics.size()) {
            return Optional.empty();
        }
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (ids[i] < 0 || ids[i] > Event.MAX_ID) {
                return Optional.empty();
            }
        }
        return Optional.of(ids);
    }
}
