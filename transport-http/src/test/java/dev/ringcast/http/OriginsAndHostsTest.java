package dev.ringcast.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsAndHostsTest {

    @Test
    void sameOriginComparesSchemeHostAndPortWithDefaultPortsAndCaseNormalized() {
        assertTrue(Origins.isSameOrigin("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertTrue(Origins.isSameOrigin("HTTP://Example.COM", "http", "example.com:80"));
        assertTrue(Origins.isSameOrigin("https://example.com:443", "https", "EXAMPLE.com"));
        assertTrue(Origins.isSameOrigin("http://[::1]:8080", "ws", "[::1]:8080"), "a WebSocket's scheme is its page's");
        assertFalse(Origins.isSameOrigin("http://127.0.0.1:8081", "http", "127.0.0.1:8080"), "another port");
        assertFalse(Origins.isSameOrigin("https://127.0.0.1:8080", "http", "127.0.0.1:8080"), "another scheme");
        assertFalse(Origins.isSameOrigin("http://127.0.0.1", "http", "127.0.0.1:8080"), "no port is 80");
        assertFalse(Origins.isSameOrigin("http://evil.example:8080", "http", "127.0.0.1:8080"));
        assertFalse(Origins.isSameOrigin("null", "http", "127.0.0.1:8080"), "the opaque origin");
        assertFalse(Origins.isSameOrigin("http://127.0.0.1:8080/path", "http", "127.0.0.1:8080"));
        assertFalse(Origins.isSameOrigin("http://user@127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertFalse(Origins.isSameOrigin("http://127.0.0.1:8080", "http", null));
        assertFalse(Origins.isSameOrigin("http://127.0.0.1.evil.example:8080", "http", "127.0.0.1:8080"));
    }

    @Test
    void allowListOriginsAreNormalized() {
        assertEquals("https://app.example.com", Origins.normalize("HTTPS://App.Example.com:443"));
        assertEquals("http://localhost:8080", Origins.normalize("http://localhost:8080"));
        assertThrows(IllegalArgumentException.class, () -> Origins.normalize("app.example.com"));
        assertThrows(IllegalArgumentException.class, () -> Origins.normalize("ftp://app.example.com"));
        assertThrows(IllegalArgumentException.class, () -> Origins.normalize("https://a.example/x"));
    }

    @Test
    void allowedHostsAnswerOnlyTheirNames() {
        AllowedHosts loopback = AllowedHosts.loopback(8080);
        for (String ok : List.of("127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080")) {
            assertTrue(loopback.allows(ok), ok);
        }
        for (String bad : List.of("evil.example:8080", "127.0.0.1:9090", "localhost", "localhost.evil.example:8080",
                "127.0.0.1:8080@evil", "", "[::1]")) {
            assertFalse(loopback.allows(bad), bad);
        }
        assertFalse(loopback.allows(null), "no Host at all");
        assertTrue(AllowedHosts.loopback(0).allows("localhost:54321"), "port 0: any port");

        AllowedHosts listed = AllowedHosts.of(List.of("events.example.com", "*.example.org", "api.example.net:8443"));
        assertTrue(listed.allows("events.example.com:9000"), "no port listed: any port");
        assertTrue(listed.allows("a.example.org") && listed.allows("a.b.example.org:1"));
        assertFalse(listed.allows("example.org"), "*. is for subdomains");
        assertFalse(listed.allows("evilexample.org"));
        assertTrue(listed.allows("api.example.net:8443"));
        assertFalse(listed.allows("api.example.net"));
        assertTrue(AllowedHosts.any().allows("anything:1") && AllowedHosts.of(List.of()).isAny());
        assertTrue(listed.refusal("evil.example").contains("evil.example"));
    }

    @Test
    void malformedAllowedHostsAreRefused() {
        for (String bad : List.of("http://x", "a/b", "a*b.com", "*", "x:99999", "user@host")) {
            assertThrows(IllegalArgumentException.class, () -> AllowedHosts.of(List.of(bad)), bad);
        }
    }
}
