package dev.ringcast.core;

/**
 * Checks that JSON bytes given to the hub are UTF-8, the only encoding every transport's frames
 * assume. Jackson would otherwise detect UTF-16 or UTF-32 on its own, accept the JSON, and the
 * hub would store bytes that no frame can carry. A UTF-8 byte order mark is refused too: it would
 * be stored in front of the data and sent to every client.
 *
 * <p>Stateless; any thread.
 */
final class Utf8Json {

    private static final String FIX = ": encode the JSON as UTF-8 without a byte order mark, "
            + "e.g. json.getBytes(StandardCharsets.UTF_8), or pass it as a String";

    private Utf8Json() {
    }

    /**
     * @param json JSON bytes, not null
     * @throws IllegalArgumentException if they are UTF-16 or UTF-32 (by a byte order mark or by
     *     the zero bytes ASCII characters have in those encodings), start with a UTF-8 byte order
     *     mark, or are not well-formed UTF-8
     */
    static void check(byte[] json) {
        String encoding = otherEncoding(json);
        if (encoding != null) {
            throw new IllegalArgumentException("event data JSON is " + encoding + ", not UTF-8" + FIX);
        }
        if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
            throw new IllegalArgumentException("event data JSON starts with a UTF-8 byte order mark (EF BB BF), "
                    + "which would be stored and sent as part of the data" + FIX);
        }
        int bad = firstMalformed(json);
        if (bad >= 0) {
            throw new IllegalArgumentException("event data JSON is not valid UTF-8 (byte 0x"
                    + Integer.toHexString(json[bad] & 0xFF).toUpperCase(java.util.Locale.ROOT) + " at offset " + bad + ")"
                    + FIX);
        }
    }

    /**
     * Names the encoding of JSON that is UTF-16 or UTF-32, from its byte order mark or from the
     * zero bytes around its first (ASCII) character, as RFC 4627 describes.
     *
     * @return the encoding's name, or null if the bytes may be UTF-8
     */
    private static String otherEncoding(byte[] b) {
        int n = b.length;
        int b0 = n > 0 ? b[0] & 0xFF : -1;
        int b1 = n > 1 ? b[1] & 0xFF : -1;
        int b2 = n > 2 ? b[2] & 0xFF : -1;
        int b3 = n > 3 ? b[3] & 0xFF : -1;
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
            return "UTF-32BE (with a byte order mark)";
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
            return "UTF-32LE (with a byte order mark)";
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16BE (with a byte order mark)";
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return "UTF-16LE (with a byte order mark)";
        }
        if (n >= 4 && b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
            return "UTF-32BE";
        }
        if (n >= 4 && b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return "UTF-32LE";
        }
        if (n >= 2 && b0 == 0 && b1 != 0) {
            return "UTF-16BE";
        }
        if (n >= 2 && b0 != 0 && b1 == 0) {
            return "UTF-16LE";
        }
        return null;
    }

    /** @return the offset of the first byte that is not part of well-formed UTF-8, or -1 */
    private static int firstMalformed(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int length;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else {
                return i; // a continuation byte, an overlong lead (C0, C1) or beyond U+10FFFF (F5-FF)
            }
            if (i + length > n) {
                return i;
            }
            int cp = c & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = b[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (next & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i; // overlong, out of range, or a surrogate
            }
            i += length;
        }
        return -1;
    }
}
