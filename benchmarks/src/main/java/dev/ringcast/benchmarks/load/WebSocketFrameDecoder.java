package dev.ringcast.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the frames a WebSocket server sends (RFC 6455, section 5) incrementally, whatever the
 * read boundaries: text messages (reassembled from fragments), pings and the close frame. Server
 * frames are unmasked, but a masked one is unmasked all the same. Free of I/O so it is tested on its own.
 *
 * <p>Not thread-safe: one connection's selector thread.
 */
final class WebSocketFrameDecoder implements ChunkedDecoder.Sink {

    /** Receives what the frames carry. */
    interface Listener {
        /** @param message a whole text message */
        void onText(String message);

        /** @param payload a ping's payload, to echo in a pong */
        void onPing(byte[] payload);

        /** @param code the close code, or 1005 when the frame has none */
        void onClose(int code);
    }

    static final int OP_CONTINUATION = 0;
    static final int OP_TEXT = 1;
    static final int OP_BINARY = 2;
    static final int OP_CLOSE = 8;
    static final int OP_PING = 9;
    static final int OP_PONG = 10;

    private static final int MAX_MESSAGE = 16 << 20;

    private final Listener listener;
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;

    private boolean fin;
    private int opcode;
    private long remaining;
    private byte[] mask;
    private long maskOffset;

    private byte[] frame = new byte[512];
    private int frameLength;
    private byte[] message = new byte[512];
    private int messageLength;
    private int messageOpcode = -1;

    WebSocketFrameDecoder(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void body(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (headerLength < headerNeeded) {
                header[headerLength++] = b[i++];
                if (headerLength == headerNeeded) {
                    headerProgress();
                }
                continue;
            }
            int n = (int) Math.min(remaining, end - i);
            append(b, i, n);
            i += n;
            remaining -= n;
            if (remaining == 0) {
                frameDone();
            }
        }
    }

    private void headerProgress() {
        int len7 = header[1] & 0x7f;
        boolean masked = (header[1] & 0x80) != 0;
        int needed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (headerNeeded < needed) {
            headerNeeded = needed;
            return;
        }
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0f;
        int at = 2;
        if (len7 == 126) {
            remaining = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            at = 4;
        } else if (len7 == 127) {
            remaining = 0;
            for (int k = 2; k < 10; k++) {
                remaining = (remaining << 8) | (header[k] & 0xff);
            }
            at = 10;
        } else {
            remaining = len7;
        }
        if (remaining < 0 || remaining > MAX_MESSAGE) {
            throw new IllegalStateException("WebSocket frame of " + remaining + " bytes is too large");
        }
        mask = masked ? Arrays.copyOfRange(header, at, at + 4) : null;
        maskOffset = 0;
        frameLength = 0;
        if (remaining == 0) {
            frameDone();
        }
    }

    private void append(byte[] b, int off, int n) {
        if (frameLength + n > frame.length) {
            frame = Arrays.copyOf(frame, Math.max(frame.length * 2, frameLength + n));
        }
        System.arraycopy(b, off, frame, frameLength, n);
        if (mask != null) {
            for (int k = 0; k < n; k++) {
                frame[frameLength + k] ^= mask[(int) (maskOffset++ & 3)];
            }
        }
        frameLength += n;
    }

    private void frameDone() {
        headerLength = 0;
        headerNeeded = 2;
        switch (opcode) {
            case OP_PING -> listener.onPing(Arrays.copyOf(frame, frameLength));
            case OP_PONG -> {
                // we send no pings
            }
            case OP_CLOSE -> listener.onClose(frameLength >= 2 ? ((frame[0] & 0xff) << 8) | (frame[1] & 0xff) : 1005);
            case OP_TEXT, OP_BINARY, OP_CONTINUATION -> data();
            default -> throw new IllegalStateException("unknown WebSocket opcode " + opcode);
        }
    }

    private void data() {
        if (opcode != OP_CONTINUATION) {
            messageOpcode = opcode;
            messageLength = 0;
        } else if (messageOpcode < 0) {
            throw new IllegalStateException("continuation frame without a first fragment");
        }
        if (messageLength + frameLength > MAX_MESSAGE) {
            throw new IllegalStateException("WebSocket message larger than " + MAX_MESSAGE + " bytes");
        }
        if (messageLength + frameLength > message.length) {
            message = Arrays.copyOf(message, Math.max(message.length * 2, messageLength + frameLength));
        }
        System.arraycopy(frame, 0, message, messageLength, frameLength);
        messageLength += frameLength;
        if (fin) {
            if (messageOpcode == OP_TEXT) {
                listener.onText(new String(message, 0, messageLength, StandardCharsets.UTF_8));
            }
            messageOpcode = -1;
            messageLength = 0;
        }
    }
}
