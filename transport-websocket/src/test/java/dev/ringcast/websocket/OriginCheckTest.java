package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    @Test
    void allowsListedOriginsAndClientsWithoutAnOrigin() {
        OriginCheck check = OriginCheck.allowing(List.of("https://App.example.com", "http://localhost:8080"));
        assertTrue(check.allows("https://app.example.com"));
        assertTrue(check.allows("http://localhost:8080"));
        assertTrue(check.allows(null), "non-browser clients send no Origin");
        assertFalse(check.allows("https://app.example.com.evil.example"));
        assertFalse(check.allows("http://localhost:8081"));
        assertFalse(check.allows("null"));
    }

    @Test
    void rejectsAnOriginWithAPath() {
        assertEquals("origin \"https://a.example/x\" is invalid: use scheme://host[:port] without a path, such as "
                + "https://app.example.com", assertThrows(IllegalArgumentException.class,
                        () -> OriginCheck.allowing(List.of("https://a.example/x"))).getMessage());
    }

    @Test
    void theDefaultAllowsOnlyTheHandshakesOwnOriginAndClientsWithoutOne() {
        OriginCheck check = WebSocketSettings.defaults().originCheck();
        assertTrue(check.allowsSameOrigin());
        assertTrue(check.allows(null, "http", "127.0.0.1:8080"));
        assertTrue(check.allows("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertTrue(check.allows("https://events.example.com", "https", "events.example.com:443"));
        assertFalse(check.allows("http://evil.example", "http", "127.0.0.1:8080"));
        assertFalse(check.allows("http://127.0.0.1:8081", "http", "127.0.0.1:8080"));
        assertFalse(check.allows("null", "http", "127.0.0.1:8080"));
        assertFalse(check.allows("http://127.0.0.1:8080", "http", null), "no Host, no same origin");
    }

    @Test
    void sameOriginOrAddsListedOrigins() {
        OriginCheck check = OriginCheck.sameOriginOr(List.of("https://app.example.com"));
        assertTrue(check.allows("https://app.example.com:443", "http", "api.example.com"));
        assertTrue(check.allows("http://api.example.com", "http", "api.example.com"));
        assertFalse(check.allows("https://other.example.com", "http", "api.example.com"));
        assertFalse(OriginCheck.allowing(List.of("https://app.example.com"))
                .allows("http://api.example.com", "http", "api.example.com"), "allowing is exactly its list");
    }

    @Test
    void allowedOriginsMeansTheHandshakesOwnOriginPlusTheListedOnesAsSseAndLongPollDo() {
        OriginCheck check = WebSocketSettings.builder().allowedOrigins(List.of("https://app.example.com")).build()
                .originCheck();
        assertTrue(check.allows("https://app.example.com", "https", "events.example.com"));
        assertTrue(check.allows("https://events.example.com", "https", "events.example.com"), "its own origin");
        assertTrue(check.allows(null, "https", "events.example.com"));
        assertFalse(check.allows("https://evil.example", "https", "events.example.com"));
        OriginCheck any = WebSocketSettings.builder().allowedOrigins(List.of("*")).build().originCheck();
        assertTrue(any.allows("https://evil.example", "https", "events.example.com"));
    }
}
