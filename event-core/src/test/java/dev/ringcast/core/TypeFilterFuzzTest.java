package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any type list gives a filter or an {@link IllegalArgumentException} with a message, never
 * another exception; a filter's text form reads back as the same filter. Under {@code mvn verify}
 * the seeds in {@code TypeFilterFuzzTestInputs} run as ordinary tests (SECURITY.md (Limits) says how to fuzz).
 */
class TypeFilterFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyTypeListIsAFilterOrAnIllegalArgumentWithAMessage(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        TypeFilter filter;
        try {
            filter = TypeFilter.parse(text);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message");
            assertTrue(e.getMessage().length() < 1000, "a clipped message: " + e.getMessage().length());
            return;
        }
        // Every named type is kept by a list of types to keep, and left out by a list starting with -.
        for (String item : text.split(",")) {
            String name = item.strip();
            String type = name.startsWith("-") ? name.substring(1).strip() : name;
            if (!type.isEmpty() && !filter.acceptsAll()) {
                assertEquals(!filter.excludes(), filter.accepts(type), type + " in " + text);
            }
        }
    }
}
