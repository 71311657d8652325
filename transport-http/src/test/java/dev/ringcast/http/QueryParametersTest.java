package dev.ringcast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void typesAreACommaSeparatedListOfValidTypes() {
        assertEquals(Set.of(), QueryParameters.types(null));
        assertEquals(List.of("a", "b"), List.copyOf(QueryParameters.types("a, b,,a")));
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
