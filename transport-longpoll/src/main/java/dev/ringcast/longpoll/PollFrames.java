package dev.ringcast.longpoll;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ringcast.core.Event;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.Reset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-poll wire encoding, free of I/O so it is tested on its own: a poll's answer is a JSON
 * array of elements {@code {"type":<string>,"data":<data JSON as published>,"number":<id>}}.
 *
 * <p>Stateless; any thread.
 */
final class PollFrames {

    /**
     * One event's element. Built once per event (cached on the event by the core) and shared by
     * every poller that receives it: a publish to N waiting polls encodes once, not N times.
     */
    static final FrameFormat<byte[]> ELEMENT = PollFrames::element;

    /** The answer of a poll that timed out with nothing new. */
    static final byte[] EMPTY = {'[', ']'};

    private static final byte[] TYPE = ascii("{\"type\":\"");
    private static final byte[] DATA = ascii("\",\"data\":");
    private static final byte[] NUMBER = ascii(",\"number\":");

    private PollFrames() {
    }

    private static byte[] element(Event e) {
        // The type is validated by the core (no control characters) but may hold " or \: escape it.
        byte[] type = JsonStringEncoder.getInstance().quoteAsUTF8(e.type());
        byte[] number = ascii(Long.toString(e.id()));
        byte[] out = new byte[TYPE.length + type.length + DATA.length + e.dataLength() + NUMBER.length
                + number.length + 1];
        int at = put(out, 0, TYPE);
        at = put(out, at, type);
        at = put(out, at, DATA);
        e.copyData(out, at);
        at += e.dataLength();
        at = put(out, at, NUMBER);
        at = put(out, at, number);
        out[at] = '}';
        return out;
    }

    /**
     * The reset signal's element. Its {@code number} is {@code oldest - 1}, so that a client that
     * continues from the last number of its answer, as it always does, next receives the events
     * from {@code oldest} on.
     *
     * @param topic the topic
     * @param requestedId the {@code last_event} the client asked after
     * @param oldestId the oldest id available: the stream continues from it
     * @param cause why
     * @return {@code {"type":"reset","data":{"topic":..,"requested":N,"oldest":M,"cause":..},"number":M-1}}
     */
    static byte[] resetElement(String topic, long requestedId, long oldestId, Reset.Cause cause) {
        // Topic names are [A-Za-z0-9._-] and causes are enum names: nothing to escape.
        return ascii("{\"type\":\"reset\",\"data\":{\"topic\":\"" + topic + "\",\"requested\":" + requestedId
                + ",\"oldest\":" + oldestId + ",\"cause\":\"" + cause + "\"},\"number\":" + (oldestId - 1) + "}");
    }

    /**
     * Joins elements into one JSON array, ready for a single write.
     *
     * @param first an element to put first (the reset signal), or null
     * @param events the events, of which the first {@code max} are taken
     * @param max the most events to take
     * @return the array's bytes
     */
    static byte[] array(byte[] first, List<Event> events, int max) {
        int count = Math.min(events.size(), max);
        byte[][] parts = new byte[count + (first == null ? 0 : 1)][];
        int n = 0;
        if (first != null) {
            parts[n++] = first;
        }
        for (int i = 0; i < count; i++) {
            parts[n++] = events.get(i).frame(ELEMENT);
        }
        int size = 2 + Math.max(n - 1, 0); // brackets and commas
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        out[0] = '[';
        int at = 1;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = put(out, at, parts[i]);
        }
        out[at] = ']';
        return out;
    }

    /**
     * A poll's answer as the pieces to write, in order: the same bytes as {@link #array}. An answer
     * of at most {@link #COPY_LIMIT} bytes is one array; a larger one is written piece by piece from
     * the events' shared elements, so a poll never holds a private copy of large events.
     *
     * @param first an element to put first (the reset signal), or null
     * @param events the events, of which the first {@code max} are taken
     * @param max the most events to take
     * @return the pieces
     */
    static List<byte[]> pieces(byte[] first, List<Event> events, int max) {
        int count = Math.min(events.size(), max);
        long size = 2 + (first == null ? 0 : first.length + 1);
        for (int i = 0; i < count; i++) {
            size += events.get(i).frame(ELEMENT).length + 1;
        }
        if (size <= COPY_LIMIT) {
            return List.of(array(first, events, max));
        }
        List<byte[]> pieces = new ArrayList<>(2 * count + 3);
        pieces.add(OPEN);
        boolean comma = false;
        if (first != null) {
            pieces.add(first);
            comma = true;
        }
        for (int i = 0; i < count; i++) {
            if (comma) {
                pieces.add(COMMA);
            }
            pieces.add(events.get(i).frame(ELEMENT));
            comma = true;
        }
        pieces.add(CLOSE);
        return pieces;
    }

    /** An answer of at most this many bytes is copied into one array and written at once. */
    static final int COPY_LIMIT = 16 * 1024;

    private static final byte[] OPEN = {'['};
    private static final byte[] COMMA = {','};
    private static final byte[] CLOSE = {']'};

    /**
     * The body of a successful publish.
     *
     * @param id the new event's id
     * @return {@code {"id":<id>}}
     */
    static byte[] published(long id) {
        return ascii("{\"id\":" + id + "}");
    }

    private static int put(byte[] dst, int at, byte[] src) {
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
