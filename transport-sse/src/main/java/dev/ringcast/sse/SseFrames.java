package dev.ringcast.sse;

import dev.ringcast.core.Event;
import dev.ringcast.core.FrameFormat;
import dev.ringcast.core.Reset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The event-stream encoding (WHATWG HTML, "Server-sent events"), free of I/O so it is tested on
 * its own. UTF-8 throughout; {@code id:} and {@code event:} values never contain CR or LF (ids are
 * digits and {@code _}, types are validated by the core), and data with line breaks is split into
 * one {@code data:} line per line, so no value can inject a frame.
 *
 * <p>Stateless; any thread.
 */
public final class SseFrames {

    /** A whole frame with the event's own id: what a single-topic stream sends, shared by all its clients. */
    public static final FrameFormat<byte[]> WITH_ID = e -> encode("id: " + e.id() + "\n", e);

    /** A frame without its {@code id:} line: a multi-topic stream prefixes each client's composite id. */
    public static final FrameFormat<byte[]> WITHOUT_ID = e -> encode("", e);

    /**
     * An event as an unnamed {@code message} (no {@code event:} line) whose data is the envelope
     * {@code {"id":..,"topic":..,"type":..,"data":..}}, the same as a WebSocket frame's: for a
     * browser that wants every type through {@code onmessage} ({@code envelope=true}), as an
     * {@code EventSource} dispatches a named event only to a listener for that name. With its
     * {@code id:} line, for a single-topic stream.
     */
    public static final FrameFormat<byte[]> ENVELOPE_WITH_ID = e -> envelope("id: " + e.id() + "\n", e);

    /** {@link #ENVELOPE_WITH_ID} without its {@code id:} line, for a multi-topic stream. */
    public static final FrameFormat<byte[]> ENVELOPE_WITHOUT_ID = e -> envelope("", e);

    /** A heartbeat: a comment line, ignored by clients, that keeps proxies open and finds dead peers. */
    static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    private static byte[] encode(String idLine, Event e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(e.dataLength() + e.type().length() + 48);
        out.writeBytes(idLine.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(("event: " + e.type() + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] data = new byte[e.dataLength()];
        e.copyData(data, 0);
        writeData(out, data);
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] envelope(String idLine, Event e) {
        // Types have no control characters but may hold quotes or backslashes: escaped as JSON.
        String head = "{\"id\":" + e.id() + ",\"topic\":\"" + e.topic() + "\",\"type\":\""
                + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(e.type()))
                + "\",\"data\":";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[headBytes.length + e.dataLength() + 1];
        System.arraycopy(headBytes, 0, json, 0, headBytes.length);
        e.copyData(json, headBytes.length);
        json[json.length - 1] = '}';
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 32);
        out.writeBytes(idLine.getBytes(StandardCharsets.US_ASCII));
        writeData(out, json);
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Writes {@code data} as {@code data:} lines, one per line of it; CR LF, CR and LF all end a line.
     *
     * @param out where to write
     * @param data UTF-8 bytes
     */
    static void writeData(ByteArrayOutputStream out, byte[] data) {
        byte[] prefix = {'d', 'a', 't', 'a', ':', ' '};
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            boolean end = i == data.length;
            if (end || data[i] == '\n' || data[i] == '\r') {
                out.write(prefix, 0, prefix.length);
                out.write(data, start, i - start);
                out.write('\n');
                if (!end && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
    }

    /**
     * The reset signal's frame.
     *
     * @param id the stream's id after the reset (so a reconnect resumes from the oldest available)
     * @param reset the reset
     * @return {@code id: ..., event: reset, data: {"topic":..,"requested":..,"oldest":..,"cause":..}}
     */
    public static byte[] reset(String id, Reset reset) {
        String data = "{\"topic\":\"" + reset.topic() + "\",\"requested\":" + reset.requestedId()
                + ",\"oldest\":" + reset.oldestId() + ",\"cause\":\"" + reset.cause() + "\"}";
        return ("id: " + id + "\nevent: reset\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The event type of the last event of a stream whose credentials expired. */
    public static final String CREDENTIALS_EXPIRED = "credentials-expired";

    /**
     * The last event of a stream whose credentials expired: its {@code id:} is the stream's
     * position (unchanged, so the {@code EventSource}'s last event id stays, and the event's
     * {@code lastEventId} tells a client that saw no event where it stands), its type
     * {@value #CREDENTIALS_EXPIRED} (reserved: no application event has it), its data
     * {@code {"error":..,"expiredAt":"<ISO-8601>","lastEventId":"<id>"}}.
     *
     * @param id the stream's position
     * @param message what happened and what to do
     * @param expiredAt when the credentials expired
     * @return the frame
     */
    public static byte[] credentialsExpired(String id, String message, java.time.Instant expiredAt) {
        String data = "{\"error\":\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                .quoteAsString(message)) + "\",\"expiredAt\":\"" + expiredAt + "\",\"lastEventId\":\"" + id + "\"}";
        return ("id: " + id + "\nevent: " + CREDENTIALS_EXPIRED + "\ndata: " + data + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The stream's position as an id-only block: per the HTML standard it sets the
     * {@code EventSource}'s last event id and dispatches nothing (its data is empty).
     *
     * @param id the stream id to resume from
     * @return {@code id: <id>} and a blank line
     */
    static byte[] position(String id) {
        return ("id: " + id + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param millis the reconnection time hint
     * @return a {@code retry:} frame
     */
    static byte[] retry(long millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
