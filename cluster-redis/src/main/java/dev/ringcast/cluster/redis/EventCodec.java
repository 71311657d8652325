package dev.ringcast.cluster.redis;

import dev.ringcast.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How events are written in Redis. A stream entry's field {@code e} holds
 * {@code <timestamp>\n<type>\n<data>}; a live message is {@code <id>\n<topic>\n} followed by the
 * same bytes, so the append script publishes what it stores without re-encoding it. Types and
 * topics never contain a line feed (they have no control characters); the data, last, may.
 */
final class EventCodec {

    private EventCodec() {
    }

    static byte[] encode(long timestamp, String type, byte[] data) {
        byte[] ts = Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII);
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[ts.length + 1 + t.length + 1 + data.length];
        System.arraycopy(ts, 0, out, 0, ts.length);
        out[ts.length] = '\n';
        System.arraycopy(t, 0, out, ts.length + 1, t.length);
        out[ts.length + 1 + t.length] = '\n';
        System.arraycopy(data, 0, out, ts.length + t.length + 2, data.length);
        return out;
    }

    /** Decodes an entry written by {@link #encode} starting at {@code from}. */
    static Event decode(String topic, long id, byte[] bytes, int from) {
        int nl1 = indexOf(bytes, from);
        int nl2 = indexOf(bytes, nl1 + 1);
        long timestamp = parseLong(bytes, from, nl1);
        String type = new String(bytes, nl1 + 1, nl2 - nl1 - 1, StandardCharsets.UTF_8);
        return Event.create(topic, id, type, Arrays.copyOfRange(bytes, nl2 + 1, bytes.length), timestamp);
    }

    /** A live message's id, topic and where its entry starts. */
    record Live(long id, String topic, int entryFrom) {
    }

    static Live decodeLiveHeader(byte[] message) {
        int nl1 = indexOf(message, 0);
        int nl2 = indexOf(message, nl1 + 1);
        return new Live(parseLong(message, 0, nl1),
                new String(message, nl1 + 1, nl2 - nl1 - 1, StandardCharsets.US_ASCII), nl2 + 1);
    }

    /** Parses a stream entry id {@code <id>-0}. */
    static long entryId(byte[] streamId) {
        int dash = 0;
        while (dash < streamId.length && streamId[dash] != '-') {
            dash++;
        }
        return parseLong(streamId, 0, dash);
    }

    static long parseLong(byte[] bytes, int from, int to) {
        if (from >= to || to - from > 19) {
            throw new IllegalArgumentException("not a Ringcast number in Redis: "
                    + new String(bytes, from, Math.max(0, to - from), StandardCharsets.US_ASCII));
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = bytes[i] - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("not a Ringcast number in Redis: "
                        + new String(bytes, from, to - from, StandardCharsets.US_ASCII));
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a Ringcast event in Redis: a field is missing");
    }
}
