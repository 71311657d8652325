package dev.ringcast.sse;

import dev.ringcast.http.internal.QueryParameters;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
     * Parses a stream id for a request's topics, as a {@code lastEventId} parameter: each part
     * plain decimal digits (no sign, space, decimal point or other notation), at most 2^53-1.
     *
     * @param value the id as the client sent it
     * @param topics the request's topics, in order
     * @return each topic's last id, in order; empty if the value does not fit these topics (not
     *     plain digits, out of range, or another number of topics)
     */
    public static Optional<long[]> parse(String value, List<String> topics) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("_", -1);
        if (parts.length != topics.size()) {
            return Optional.empty();
        }
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            OptionalLong id = QueryParameters.parseEventId(parts[i]);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            ids[i] = id.getAsLong();
        }
        return Optional.of(ids);
    }

    /**
     * Parses a stream id exactly as {@link #format} writes it, as a {@code Last-Event-ID} header:
     * a browser sends back the very id it received, so anything else (a sign, spaces, leading
     * zeros) did not come from this server and is not read.
     *
     * @param value the header's value
     * @param topics the request's topics, in order
     * @return each topic's last id, in order; empty if the value is not an id this server wrote
     *     for these topics
     */
    public static Optional<long[]> parseExact(String value, List<String> topics) {
        return parse(value, topics).filter(ids -> format(ids).equals(value));
    }
}
