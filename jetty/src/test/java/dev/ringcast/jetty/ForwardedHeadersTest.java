package dev.ringcast.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringcast.testkit.RawHttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy that terminates TLS, the page is {@code https://events.example.com} while Jetty
 * sees plain HTTP: same-origin requests are refused unless the server honors the proxy's headers.
 */
class ForwardedHeadersTest {

    private static final Map<String, String> THROUGH_TLS_PROXY = Map.of("Host", "events.example.com",
            "Origin", "https://events.example.com", "X-Forwarded-Proto", "https");

    private static RingcastServer server(boolean forwarded) {
        return RingcastServer.builder().port(0).demoPage(false).allowedHosts(List.of("events.example.com"))
                .forwardedHeaders(forwarded).build().start();
    }

    @Test
    void aPageOnHttpsThroughATlsTerminatingProxyIsSameOriginWhenForwardedHeadersAreHonored() throws Exception {
        try (RingcastServer server = server(true)) {
            RawHttpClient raw = new RawHttpClient(server.port());
            assertEquals(200, raw.send("GET", "/topics/orders/events?timeout=0", THROUGH_TLS_PROXY, new byte[0]).status());
            assertEquals(101, raw.webSocketHandshake("/ws?topic=orders", THROUGH_TLS_PROXY).status());
            // The RFC 7239 header works the same way.
            Map<String, String> rfc7239 = Map.of("Host", "events.example.com", "Origin", "https://events.example.com",
                    "Forwarded", "proto=https;host=events.example.com");
            assertEquals(200, raw.send("GET", "/topics/orders/events?timeout=0", rfc7239, new byte[0]).status());
            // Another site's page is still refused.
            Map<String, String> otherSite = Map.of("Host", "events.example.com", "Origin", "https://evil.example",
                    "X-Forwarded-Proto", "https");
            assertEquals(403, raw.send("GET", "/topics/orders/events?timeout=0", otherSite, new byte[0]).status());
        }
    }

    @Test
    void withoutTheFlagTheForwardedSchemeIsIgnoredAndTheHttpsPageIsRefused() throws Exception {
        try (RingcastServer server = server(false)) {
            RawHttpClient raw = new RawHttpClient(server.port());
            assertEquals(403, raw.send("GET", "/topics/orders/events?timeout=0", THROUGH_TLS_PROXY, new byte[0]).status());
            assertEquals(403, raw.webSocketHandshake("/ws?topic=orders", THROUGH_TLS_PROXY).status());
        }
    }

    @Test
    void theStandaloneFlagTurnsItOn() {
        assertEquals(true, StandaloneServer.Options.parse(new String[] {"--forwarded-headers"}).forwardedHeaders());
        assertEquals(false, StandaloneServer.Options.parse(new String[0]).forwardedHeaders());
    }
}
