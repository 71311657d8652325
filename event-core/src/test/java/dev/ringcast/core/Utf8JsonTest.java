package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link EventHub#publishJson(String, String, byte[])} takes UTF-8 only, and stores nothing else. */
class Utf8JsonTest {

    private final EventHub hub = EventHub.builder().build();

    @AfterEach
    void close() {
        hub.close();
    }

    private String refusal(byte[] json) {
        String m = assertThrows(IllegalArgumentException.class, () -> hub.publishJson("t", "e", json)).getMessage();
        assertTrue(m.contains("encode the JSON as UTF-8 without a byte order mark"), m);
        EventHub.TopicWindow window = hub.window("t");
        assertEquals(window.headId() + 1, window.oldestId(), "nothing was stored");
        return m;
    }

    @ParameterizedTest
    @CsvSource({
        "UTF-16BE, UTF-16BE", "UTF-16LE, UTF-16LE", "UTF-32BE, UTF-32BE", "UTF-32LE, UTF-32LE",
        // Java's "UTF-16" writes a big-endian byte order mark.
        "UTF-16, UTF-16BE (with a byte order mark)"})
    void utf16AndUtf32AreRefusedNamingTheEncoding(String charset, String named) {
        for (String json : new String[] {"{\"a\":1}", "[1]", " \"x\"", "7"}) {
            String m = refusal(json.getBytes(Charset.forName(charset)));
            assertTrue(m.startsWith("event data JSON is " + named + ", not UTF-8"), m);
        }
    }

    @Test
    void byteOrderMarksOfEveryEncodingAreRefused() {
        byte[] le16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "{}".getBytes(StandardCharsets.UTF_16LE));
        assertTrue(refusal(le16).contains("UTF-16LE (with a byte order mark)"));
        byte[] be32 = concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, "{}".getBytes(Charset.forName("UTF-32BE")));
        assertTrue(refusal(be32).contains("UTF-32BE (with a byte order mark)"));
        byte[] le32 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, "{}".getBytes(Charset.forName("UTF-32LE")));
        assertTrue(refusal(le32).contains("UTF-32LE (with a byte order mark)"));
    }

    @Test
    void aUtf8ByteOrderMarkIsRefusedRatherThanStoredInTheData() {
        String m = refusal("\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertTrue(m.startsWith("event data JSON starts with a UTF-8 byte order mark (EF BB BF)"), m);
        String viaString = assertThrows(IllegalArgumentException.class,
                () -> hub.publishJson("t", "e", "\uFEFF{}")).getMessage();
        assertTrue(viaString.contains("byte order mark"), viaString);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirOffset() {
        // "é" in ISO-8859-1 is the lone byte E9.
        String m = refusal("\"caf\u00e9\"".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(m.startsWith("event data JSON is not valid UTF-8 (byte 0xE9 at offset 4)"), m);
        refusal(new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'});                  // overlong "/"
        refusal(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'});     // a UTF-16 surrogate
        refusal(new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}); // above U+10FFFF
        refusal(new byte[] {'"', (byte) 0xE2, (byte) 0x82, '"'});                  // cut short
        refusal(new byte[] {'"', (byte) 0x80, '"'});                               // a lone continuation byte
    }

    @Test
    void wellFormedUtf8OfEveryLengthIsStoredByteForByte() {
        byte[] json = "{\"s\":\"a\u00e9\u20ac\uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(json, hub.publishJson("t", "e", json.clone()).dataJson().getBytes(StandardCharsets.UTF_8));
        assertEquals("1", hub.publishJson("t", "e", "1".getBytes(StandardCharsets.UTF_8)).dataJson());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
