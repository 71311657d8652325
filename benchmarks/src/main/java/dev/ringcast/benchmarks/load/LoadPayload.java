package dev.ringcast.benchmarks.load;

/**
 * The data the publisher sends, {@code {"seq":k,"sentNanos":t}}, read back without a JSON
 * library on the clients' hot path: the generator wrote it, so it only has to find two numbers.
 * {@code sentNanos} is the publisher's {@link System#nanoTime()}, so latency is only meaningful
 * where publisher and clients share the JVM, as they do in the load generator.
 *
 * <p>Stateless; any thread.
 */
final class LoadPayload {

    /** The event type the publisher uses. */
    static final String TYPE = "load";

    private LoadPayload() {
    }

    /**
     * @param seq the publisher's sequence number
     * @param sentNanos the publisher's {@link System#nanoTime()} when it sent the event
     * @return the publish request body
     */
    static String body(long seq, long sentNanos) {
        return body(seq, sentNanos, "");
    }

    /**
     * @param seq the publisher's sequence number
     * @param sentNanos the publisher's {@link System#nanoTime()} when it sent the event
     * @param padding padding to carry, as a JSON string's content (no quote or backslash), or empty
     * @return the publish request body
     */
    static String body(long seq, long sentNanos, String padding) {
        return "{\"type\":\"" + TYPE + "\",\"data\":" + data(seq, sentNanos, padding) + "}";
    }

    /**
     * @param seq the publisher's sequence number
     * @param sentNanos the publisher's {@link System#nanoTime()} when it sent the event
     * @param padding padding to carry, as a JSON string's content (no quote or backslash), or empty
     * @return the event's data alone, {@code {"seq":k,"sentNanos":t}}: Nchan's publish body
     */
    static String data(long seq, long sentNanos, String padding) {
        return "{\"seq\":" + seq + ",\"sentNanos\":" + sentNanos
                + (padding.isEmpty() ? "" : ",\"pad\":\"" + padding + "\"") + "}";
    }

    /**
     * @param json a JSON text holding {@code "sentNanos":<integer>} somewhere
     * @return the send time, or {@link Long#MIN_VALUE} if there is none
     */
    static long sentNanos(CharSequence json) {
        return number(json, "\"sentNanos\":");
    }

    /**
     * @param json a JSON text
     * @param key the key, quoted, with its colon
     * @return the integer after the key's first occurrence, or {@link Long#MIN_VALUE}
     */
    static long number(CharSequence json, String key) {
        int at = indexOf(json, key);
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        int i = at + key.length();
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        boolean negative = i < json.length() && json.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int digits = 0;
        for (; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        if (digits == 0) {
            return Long.MIN_VALUE;
        }
        return negative ? -v : v;
    }

    private static int indexOf(CharSequence s, String key) {
        if (s instanceof String str) {
            return str.indexOf(key);
        }
        return s.toString().indexOf(key);
    }
}
