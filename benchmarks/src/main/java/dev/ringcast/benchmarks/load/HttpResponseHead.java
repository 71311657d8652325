package dev.ringcast.benchmarks.load;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 response's status line and headers, parsed incrementally from whatever bytes the
 * socket gave (a head may arrive split anywhere), free of I/O so it is tested on its own.
 *
 * <p>Not thread-safe: one connection's selector thread.
 */
final class HttpResponseHead {

    /** A head longer than this is not a server we understand. */
    private static final int MAX_BYTES = 16 * 1024;

    private final StringBuilder raw = new StringBuilder(256);
    private final Map<String, String> headers = new HashMap<>();
    private int status = -1;
    private boolean complete;

    /**
     * Feeds bytes until the blank line that ends the head.
     *
     * @param b the bytes
     * @param off where they start
     * @param len how many
     * @return how many were consumed: the rest is body
     * @throws IllegalStateException if the head is malformed or too long
     */
    int feed(byte[] b, int off, int len) {
        int i = 0;
        while (i < len && !complete) {
            char c = (char) (b[off + i++] & 0xff);
            raw.append(c);
            int n = raw.length();
            if (c == '\n' && n >= 2 && (raw.charAt(n - 2) == '\n'
                    || (n >= 4 && raw.charAt(n - 2) == '\r' && raw.charAt(n - 3) == '\n'))) {
                parse();
                complete = true;
            } else if (n > MAX_BYTES) {
                throw new IllegalStateException("response head longer than " + MAX_BYTES + " bytes");
            }
        }
        return i;
    }

    private void parse() {
        String[] lines = raw.toString().split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IllegalStateException("not an HTTP/1.x status line: " + lines[0]);
        }
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("bad status code in: " + lines[0], e);
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, v) -> a + ", " + v);
            }
        }
    }

    /** @return whether the blank line that ends the head was seen */
    boolean complete() {
        return complete;
    }

    /** @return the status code; -1 before the head is complete */
    int status() {
        return status;
    }

    /**
     * @param name the header's name, any case
     * @return its value (repeated headers joined with ", "), or null
     */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** @return whether the body is sent in chunks */
    boolean chunked() {
        String te = header("transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** @return the Content-Length, or -1 when there is none */
    long contentLength() {
        String v = header("content-length");
        return v == null ? -1 : Long.parseLong(v.trim());
    }

    /** @return whether the server will close the connection after this response */
    boolean closes() {
        String v = header("connection");
        return v != null && v.toLowerCase(Locale.ROOT).contains("close");
    }

    /** Forgets everything, for the next response on a keep-alive connection. */
    void reset() {
        raw.setLength(0);
        headers.clear();
        status = -1;
        complete = false;
    }
}
