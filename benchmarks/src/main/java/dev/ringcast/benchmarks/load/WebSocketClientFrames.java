package dev.ringcast.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a WebSocket client sends (RFC 6455): the handshake's key and the accept value to expect,
 * and masked frames (a client must mask every frame it sends). Free of I/O.
 *
 * <p>Stateless; any thread.
 */
final class WebSocketClientFrames {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketClientFrames() {
    }

    /** @return a fresh {@code Sec-WebSocket-Key}: 16 random bytes, base64 */
    static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * @param key the {@code Sec-WebSocket-Key} sent
     * @return the {@code Sec-WebSocket-Accept} the server must answer with
     */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    /**
     * @param opcode the frame's opcode (see {@link WebSocketFrameDecoder})
     * @param payload the payload, at most 125 bytes for a control frame
     * @return one final frame, masked with a random key
     */
    static byte[] masked(int opcode, byte[] payload) {
        int len = payload.length;
        int lengthBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
        byte[] out = new byte[2 + lengthBytes + 4 + len];
        out[0] = (byte) (0x80 | opcode);
        int at = 2;
        if (lengthBytes == 0) {
            out[1] = (byte) (0x80 | len);
        } else if (lengthBytes == 2) {
            out[1] = (byte) (0x80 | 126);
            out[2] = (byte) (len >>> 8);
            out[3] = (byte) len;
            at = 4;
        } else {
            out[1] = (byte) (0x80 | 127);
            for (int k = 0; k < 8; k++) {
                out[2 + k] = (byte) ((long) len >>> (56 - 8 * k));
            }
            at = 10;
        }
        int key = ThreadLocalRandom.current().nextInt();
        for (int k = 0; k < 4; k++) {
            out[at + k] = (byte) (key >>> (24 - 8 * k));
        }
        for (int k = 0; k < len; k++) {
            out[at + 4 + k] = (byte) (payload[k] ^ out[at + (k & 3)]);
        }
        return out;
    }
}
