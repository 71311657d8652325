package dev.ringcast.benchmarks.load;

/**
 * Decodes {@code Transfer-Encoding: chunked} (RFC 9112, section 7.1) incrementally: the chunks'
 * data go to a {@link Sink} as they arrive, whatever the read boundaries. Jetty sends an SSE
 * stream as one endless chunked body, and a long-poll answer as a chunked or sized body. Free of
 * I/O so it is tested on its own.
 *
 * <p>Not thread-safe: one connection's selector thread.
 */
final class ChunkedDecoder {

    /** Receives a body's bytes. The array is only valid during the call. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param b the bytes
         * @param off where they start
         * @param len how many
         */
        void body(byte[] b, int off, int len);
    }

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

    private State state = State.SIZE;
    private long remaining;
    private int sizeDigits;
    private int trailerLineLength;

    /**
     * Feeds bytes; stops after the last chunk's trailer, so whatever follows belongs to the next response.
     *
     * @param b the bytes
     * @param off where they start
     * @param len how many
     * @param sink where the chunks' data go
     * @return how many bytes were consumed
     * @throws IllegalStateException if the framing is broken
     */
    int feed(byte[] b, int off, int len, Sink sink) {
        int i = off;
        int end = off + len;
        while (i < end && state != State.DONE) {
            switch (state) {
                case DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    sink.body(b, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_CR;
                    }
                }
                case SIZE -> {
                    byte c = b[i++];
                    int digit = Character.digit(c, 16);
                    if (digit >= 0) {
                        if (++sizeDigits > 15) {
                            throw new IllegalStateException("chunk size too long");
                        }
                        remaining = remaining * 16 + digit;
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        state = State.EXTENSION;
                    } else if (c == '\r') {
                        state = State.SIZE_LF;
                    } else if (c == '\n') {
                        sizeDone();
                    } else {
                        throw new IllegalStateException("bad chunk size byte 0x" + Integer.toHexString(c & 0xff));
                    }
                }
                case EXTENSION -> {
                    if (b[i++] == '\n') {
                        sizeDone();
                    }
                }
                case SIZE_LF -> {
                    if (b[i++] != '\n') {
                        throw new IllegalStateException("chunk size line not ended by CRLF");
                    }
                    sizeDone();
                }
                case DATA_CR -> {
                    byte c = b[i++];
                    if (c == '\n') {
                        state = State.SIZE;
                    } else if (c == '\r') {
                        state = State.DATA_LF;
                    } else {
                        throw new IllegalStateException("chunk data not followed by CRLF");
                    }
                }
                case DATA_LF -> {
                    if (b[i++] != '\n') {
                        throw new IllegalStateException("chunk data not followed by CRLF");
                    }
                    state = State.SIZE;
                }
                case TRAILER -> {
                    byte c = b[i++];
                    if (c == '\n') {
                        if (trailerLineLength == 0) {
                            state = State.DONE;
                        }
                        trailerLineLength = 0;
                    } else if (c != '\r') {
                        trailerLineLength++;
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
        return i - off;
    }

    private void sizeDone() {
        if (sizeDigits == 0) {
            throw new IllegalStateException("empty chunk size line");
        }
        sizeDigits = 0;
        state = remaining == 0 ? State.TRAILER : State.DATA;
        trailerLineLength = 0;
    }

    /** @return whether the last (empty) chunk and its trailer were read */
    boolean done() {
        return state == State.DONE;
    }

    /** Starts over, for the next response on a keep-alive connection. */
    void reset() {
        state = State.SIZE;
        remaining = 0;
        sizeDigits = 0;
        trailerLineLength = 0;
    }
}
