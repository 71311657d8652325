package dev.ringcast.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses a {@code text/event-stream} body incrementally (WHATWG HTML, "Server-sent events":
 * lines ended by CR, LF or CRLF; {@code id:}, {@code event:}, {@code data:} fields; an optional
 * space after the colon; comments starting with {@code :} ignored; a blank line dispatches the
 * event). Free of I/O so it is tested on its own.
 *
 * <p>Not thread-safe: one connection's selector thread.
 */
final class EventStreamParser implements ChunkedDecoder.Sink {

    /** Receives each dispatched event. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param id the last event id seen in the stream (ids persist across events, as in a browser), or ""
         * @param type the {@code event:} field, or {@code "message"}
         * @param data the {@code data:} lines joined with LF
         */
        void onEvent(String id, String type, String data);
    }

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;

    private String lastId = "";
    private String type;
    private final StringBuilder data = new StringBuilder(128);
    private boolean hasData;

    EventStreamParser(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void body(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            byte c = b[i];
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the LF of a CRLF: the line already ended at the CR
                }
            }
            if (c == '\n' || c == '\r') {
                afterCr = c == '\r';
                line();
                lineLength = 0;
            } else {
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = c;
            }
        }
    }

    private void line() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            return; // a comment, such as a heartbeat
        }
        int colon = 0;
        while (colon < lineLength && line[colon] != ':') {
            colon++;
        }
        String field = new String(line, 0, colon, StandardCharsets.UTF_8);
        int valueStart = Math.min(lineLength, colon + 1);
        if (valueStart < lineLength && line[valueStart] == ' ') {
            valueStart++;
        }
        String value = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            default -> {
                // retry: and unknown fields are ignored, as a browser does
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(lastId, type == null ? "message" : type, data.toString());
        }
        data.setLength(0);
        hasData = false;
        type = null;
    }
}
