package dev.ringcast.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clients' I/O-free parsers, fed every way a socket may split their input. */
class WireParsersTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventStreamParserDispatchesWhateverTheReadBoundaries() {
        String stream = "retry: 3000\r\n\r\n:\n\nid: 7\nevent: load\ndata: {\"seq\":1}\n\n"
                + "id:8\r\nevent: reset\r\ndata: a\r\ndata: b\r\n\r\n: comment\n\ndata: no id or type\r\r";
        byte[] bytes = ascii(stream);
        for (int split = 0; split <= bytes.length; split++) {
            List<String> got = new ArrayList<>();
            EventStreamParser p = new EventStreamParser((id, type, data) -> got.add(id + "|" + type + "|" + data));
            p.body(bytes, 0, split);
            p.body(bytes, split, bytes.length - split);
            assertEquals(List.of("7|load|{\"seq\":1}", "8|reset|a\nb", "8|message|no id or type"), got, "split at " + split);
        }
    }

    @Test
    void chunkedDecoderYieldsTheBodyAndStopsAfterTheLastChunk() {
        byte[] bytes = ascii("5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT");
        for (int split = 0; split <= bytes.length; split++) {
            ChunkedDecoder d = new ChunkedDecoder();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int used = d.feed(bytes, 0, split, body::write);
            used += d.feed(bytes, used, bytes.length - used, body::write);
            assertTrue(d.done(), "split at " + split);
            assertEquals("helloabcdefghijklmnopqrstuvwxyz", body.toString(StandardCharsets.UTF_8));
            assertEquals(bytes.length - 4, used, "the next response's bytes are left alone");
        }
    }

    @Test
    void responseHeadParsesStatusAndHeadersSplitAnywhere() {
        byte[] bytes = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\nBODY");
        for (int split = 0; split <= bytes.length; split++) {
            HttpResponseHead h = new HttpResponseHead();
            int used = h.feed(bytes, 0, split);
            used += h.feed(bytes, used, bytes.length - used);
            assertTrue(h.complete());
            assertEquals(200, h.status());
            assertTrue(h.chunked());
            assertFalse(h.closes());
            assertEquals("text/event-stream", h.header("content-type"));
            assertEquals(bytes.length - 4, used);
        }
    }

    @Test
    void webSocketDecoderReadsMaskedFramesOfEveryLengthAndReassemblesFragments() {
        String small = "{\"id\":1}";
        String medium = "m".repeat(300);
        String large = "L".repeat(70_000);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(WebSocketClientFrames.masked(WebSocketFrameDecoder.OP_TEXT, ascii(small)));
        wire.writeBytes(WebSocketClientFrames.masked(WebSocketFrameDecoder.OP_PING, ascii("p")));
        wire.writeBytes(WebSocketClientFrames.masked(WebSocketFrameDecoder.OP_TEXT, ascii(medium)));
        wire.writeBytes(WebSocketClientFrames.masked(WebSocketFrameDecoder.OP_TEXT, ascii(large)));
        // An unmasked message in two fragments, as a server sends it: "ab" + "cd".
        wire.writeBytes(new byte[] {0x01, 2, 'a', 'b', (byte) 0x80, 2, 'c', 'd'});
        wire.writeBytes(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xe8});
        byte[] bytes = wire.toByteArray();
        for (int split : new int[] {0, 1, 3, 7, 20, 400, 5000, bytes.length - 5, bytes.length}) {
            List<String> got = new ArrayList<>();
            WebSocketFrameDecoder d = new WebSocketFrameDecoder(new WebSocketFrameDecoder.Listener() {
                @Override
                public void onText(String message) {
                    got.add(message.length() > 20 ? message.charAt(0) + "x" + message.length() : message);
                }

                @Override
                public void onPing(byte[] payload) {
                    got.add("ping " + new String(payload, StandardCharsets.UTF_8));
                }

                @Override
                public void onClose(int code) {
                    got.add("close " + code);
                }
            });
            d.body(bytes, 0, split);
            d.body(bytes, split, bytes.length - split);
            assertEquals(List.of(small, "ping p", "mx300", "Lx70000", "abcd", "close 1000"), got, "split at " + split);
        }
    }

    @Test
    void webSocketAcceptMatchesTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketClientFrames.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void loadPayloadFindsItsNumbers() {
        String body = LoadPayload.body(42, 123_456_789_012L);
        assertEquals(42, LoadPayload.number(body, "\"seq\":"));
        assertEquals(123_456_789_012L, LoadPayload.sentNanos(body));
        assertEquals(Long.MIN_VALUE, LoadPayload.sentNanos("{\"other\":1}"));
        assertArrayEquals(ascii("{\"type\":\"load\",\"data\":{\"seq\":42,\"sentNanos\":123456789012}}"), ascii(body));
    }
}
