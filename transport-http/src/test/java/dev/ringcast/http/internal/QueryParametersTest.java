package dev.ringcast.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.http.Cors;
import dev.ringcast.http.HttpErrors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void eventIdsAreIntegersInTheJsonSafeRange() {
        assertEquals(42, QueryParameters.eventId("last_event", "42"));
        assertEquals(9007199254740991L, QueryParameters.eventId("last_event", "9007199254740991"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> QueryParameters.eventId("last_event", "x1"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("last_event=x1 is invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("e.g. last_event=42"), e.getMessage());
        assertThrows(BadRequestException.class, () -> QueryParameters.eventId("last_event", "-1"));
        assertThrows(BadRequestException.class, () -> QueryParameters.eventId("last_event", "9007199254740992"));
    }

    @Test
    void eventIdsArePlainDigitsWithoutSignSpaceOrOtherNotation() {
        assertEquals(0, QueryParameters.eventId("last_event", "0"));
        assertEquals(42, QueryParameters.eventId("last_event", "0042"));
        for (String bad : List.of("+42", " 42", "42 ", "\t42", "-1", "-0", "0x10", "4.0", "4e2", "", "4_2", "\uFF14\uFF12",
                "9007199254740992", "99999999999999999999")) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> QueryParameters.eventId("last_event", bad),
                    "\"" + bad + "\"");
            // Control characters are shown escaped, so a value cannot split a message or a log line.
            assertEquals("last_event=" + bad.replace("\t", "\\u0009") + " is invalid: use the integer id of the last event you received, in plain "
                    + "digits (0 to 9007199254740991), e.g. last_event=42", e.getMessage());
            assertTrue(QueryParameters.parseEventId(bad).isEmpty(), bad);
        }
        assertTrue(QueryParameters.parseEventId(null).isEmpty());
    }

    @Test
    void jsonBodiesMustBeUtf8AndLoseALeadingUtf8ByteOrderMark() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertSame(json, RequestBodies.utf8Json(json));
        byte[] bom = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(json, RequestBodies.utf8Json(bom));
        for (String charset : List.of("UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> RequestBodies.utf8Json("{\"a\":1}".getBytes(java.nio.charset.Charset.forName(charset))));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("the body is UTF-"), e.getMessage());
            assertTrue(e.getMessage().contains(", not UTF-8: send the JSON encoded as UTF-8"), e.getMessage());
        }
    }

    @Test
    void aRefusedBodyIsDrainedUpToFourTimesItsLimitAndAtLeastOneMebibyte() {
        assertEquals(1024 * 1024, RequestBodies.drainLimit(1024));
        assertEquals(4 * 1024 * 1024, RequestBodies.drainLimit(1024 * 1024));
    }

    @Test
    void typesAreACommaSeparatedListOfValidTypes() {
        assertTrue(QueryParameters.types(null).acceptsAll());
        assertEquals(List.of("a", "b"), List.copyOf(QueryParameters.types("a, b,,a").types()));
        assertEquals(dev.ringcast.core.TypeFilter.parse("-log,activity"), QueryParameters.typeFilter("filter",
                new String[] {"-log", "activity"}, dev.ringcast.core.TypeFilter.all()), "repeated values are one list");
        assertEquals(dev.ringcast.core.TypeFilter.parse("-log"), QueryParameters.typeFilter("filters", null,
                dev.ringcast.core.TypeFilter.parse("-log")), "absent: the default");
        BadRequestException mixed = assertThrows(BadRequestException.class,
                () -> QueryParameters.typeFilter("filters", new String[] {"a,-b"}, dev.ringcast.core.TypeFilter.all()));
        assertTrue(mixed.getMessage().startsWith("filters: "), mixed.getMessage());
        BadRequestException e = assertThrows(BadRequestException.class, () -> QueryParameters.types("ok,ba\u0007d"));
        assertTrue(e.getMessage().startsWith("types: "), e.getMessage());
    }

    @Test
    void topicsAreValidatedDeduplicatedAndLimited() {
        assertEquals(List.of("a", "b"), QueryParameters.topics(new String[] {"a", "b", "a"}, 5));
        assertTrue(assertThrows(BadRequestException.class, () -> QueryParameters.topics(null, 5)).getMessage()
                .contains("?topic=<name>"));
        assertTrue(assertThrows(BadRequestException.class, () -> QueryParameters.topics(new String[] {"a b"}, 5))
                .getMessage().contains("[A-Za-z0-9._-]"));
        assertTrue(assertThrows(BadRequestException.class, () -> QueryParameters.topics(new String[] {"a", "b"}, 1))
                .getMessage().contains("over the limit of 1"));
    }

    @Test
    void errorBodiesAreJsonWithTheMessageEscaped() {
        assertEquals("{\"error\":\"say \\\"hi\\\"\\nthen go\"}",
                new String(HttpErrors.body("say \"hi\"\nthen go"), StandardCharsets.UTF_8));
    }

    @Test
    void corsOriginsMustBeOriginsOrAStar() {
        assertEquals(Set.of("*"), Cors.allowing(List.of("*")).origins());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cors.allowing(List.of("example.com")))
                .getMessage().contains("scheme://host"));
        assertThrows(IllegalArgumentException.class, () -> Cors.allowing(List.of("https://a.example/")));
    }
}
