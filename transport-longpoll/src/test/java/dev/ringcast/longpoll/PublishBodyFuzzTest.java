package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.internal.RequestBodies;

/**
 * Any publish body, bytes as a client sends them, gives a type and data or a 400 that says what
 * is wrong, never another exception: the UTF-8 check, then the parser. Seeds, forged resets,
 * deep nesting and non-UTF-8 bodies among them: {@code PublishBodyFuzzTestInputs}.
 */
class PublishBodyFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsATypeAndDataOrA400(byte[] body) {
        try {
            PublishBody parsed = PublishBody.parse(RequestBodies.utf8Json(body));
            assertTrue(parsed.type() != null, "a type");
            assertTrue(parsed.data() != null && parsed.data().length > 0, "data, null included, as JSON text");
        } catch (BadRequestException e) {
            assertEquals(400, e.status());
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message");
            assertTrue(e.getMessage().length() < 2000, "a clipped message: " + e.getMessage().length());
        }
    }
}
