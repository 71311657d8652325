package dev.ringcast.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.TypeFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * Any query parameter gives a value or a 400 that says what is wrong, never another exception:
 * event ids, type filters and topic lists. The input's bytes, read as UTF-8, are split at line
 * feeds into parameter values. Under {@code mvn verify} the seeds in
 * {@code QueryParametersFuzzTestInputs} run as ordinary tests; SECURITY.md (Limits) says how to fuzz it
 * for longer.
 */
class QueryParametersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyParameterIsAValueOrA400(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String[] values = text.split("\n", -1);
        for (String value : values) {
            eventId(value);
            typeFilter(value);
        }
        topics(values);
    }

    private static void eventId(String value) {
        OptionalLong parsed = QueryParameters.parseEventId(value);
        try {
            long id = QueryParameters.eventId("last_event", value);
            assertTrue(parsed.isPresent() && parsed.getAsLong() == id, value);
            assertTrue(id >= 0 && id <= Event.MAX_ID, value);
            assertTrue(value.chars().allMatch(c -> c >= '0' && c <= '9'), "plain digits only: " + value);
        } catch (BadRequestException e) {
            assertTrue(parsed.isEmpty(), value);
            assertRefusal(e);
        }
    }

    private static void typeFilter(String value) {
        try {
            TypeFilter filter = QueryParameters.types(value);
            filter.accepts("any");
        } catch (BadRequestException e) {
            assertRefusal(e);
        }
    }

    private static void topics(String[] values) {
        try {
            List<String> topics = QueryParameters.topics(values, 4);
            assertTrue(topics.size() >= 1 && topics.size() <= 4);
            topics.forEach(t -> assertTrue(EventNames.isValidTopic(t), t));
        } catch (BadRequestException e) {
            assertRefusal(e);
        }
    }

    static void assertRefusal(BadRequestException e) {
        assertEquals(400, e.status());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message for the client");
        assertTrue(e.getMessage().length() < 1000, "a clipped message, not the whole input: " + e.getMessage().length());
    }
}
