package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** web.xml users configure {@link SseServlet} with init parameters named as the long-poll servlet's. */
class InitParametersTest {

    private static ServletConfig config(Map<String, String> parameters, Map<String, Object> attributes) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(InitParametersTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> "getAttribute".equals(method.getName()) ? attributes.get((String) args[0]) : null);
        return new ServletConfig() {
            @Override
            public String getServletName() {
                return "sse";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    @Test
    void noParametersGiveTheDefaults() throws ServletException {
        SseSettings s = InitParameters.settings(config(Map.of(), Map.of()));
        assertEquals(Duration.ofSeconds(15), s.heartbeat());
        assertEquals(Duration.ofSeconds(3), s.retry());
        assertEquals(32, s.maxTopics());
        assertEquals(Set.of(), s.cors().origins());
        assertSame(Authorizer.permitAll(), s.authorizer());
    }

    @Test
    void everyParameterIsRead() throws ServletException {
        SseSettings s = InitParameters.settings(config(Map.ofEntries(Map.entry("topic-source", "path"),
                Map.entry("types-parameter", "filters, filter"), Map.entry("default-types", "-log"),
                Map.entry("heartbeat-ms", "5000"), Map.entry("retry-ms", "none"), Map.entry("max-topics", "4"),
                Map.entry("allowed-origins", "https://a.example, https://b.example"),
                Map.entry("allowed-hosts", "events.example.com"), Map.entry("max-connections", "100"),
                Map.entry("max-connections-per-principal", "5"), Map.entry("max-connections-per-address", "50")),
                Map.of()));
        assertEquals(SseSettings.TopicSource.PATH, s.topicSource());
        assertEquals(List.of("filters", "filter"), s.typesParameters());
        assertTrue(!s.defaultTypes().accepts("log") && s.defaultTypes().accepts("created"));
        assertEquals(Duration.ofSeconds(5), s.heartbeat());
        assertNull(s.retry());
        assertEquals(4, s.maxTopics());
        assertEquals(Set.of("https://a.example", "https://b.example"), s.cors().origins());
        assertTrue(s.allowedHosts().allows("events.example.com") && !s.allowedHosts().allows("evil.example"));
        assertEquals(100, s.connectionLimits().maxConnections());
        assertEquals(5, s.connectionLimits().maxPerPrincipal());
        assertEquals(50, s.connectionLimits().maxPerAddress());
    }

    @Test
    void aFixedTopicAndTheOldOriginsNameAreRead() throws ServletException {
        SseSettings s = InitParameters.settings(config(Map.of("fixed-topic", "notifications",
                "cors-origins", "https://a.example"), Map.of()));
        assertEquals(SseSettings.TopicSource.FIXED, s.topicSource());
        assertEquals("notifications", s.fixedTopic());
        assertEquals(Set.of("https://a.example"), s.cors().origins());
    }

    @Test
    void theAuthorizerComesFromTheContextAttribute() throws ServletException {
        Authorizer nobody = request -> Decision.deny(403, "no");
        SseSettings s = InitParameters.settings(config(Map.of(), Map.of(SseServlet.AUTHORIZER_ATTRIBUTE, nobody)));
        assertSame(nobody, s.authorizer());
    }

    @Test
    void aBadValueFailsTheServletsStartSayingWhich() {
        ServletException e = assertThrows(ServletException.class,
                () -> InitParameters.settings(config(Map.of("heartbeat-ms", "often"), Map.of())));
        assertTrue(e.getMessage().contains("heartbeat-ms \"often\" is not a whole number"), e.getMessage());
        e = assertThrows(ServletException.class,
                () -> InitParameters.settings(config(Map.of("topic-source", "header"), Map.of())));
        assertTrue(e.getMessage().contains("topic-source \"header\" is invalid"), e.getMessage());
    }

    @Test
    void sharedConnectionLimitsComeFromTheContextUnlessTheParametersSetTheirOwn() throws ServletException {
        dev.ringcast.http.ConnectionLimits shared = dev.ringcast.http.ConnectionLimits.defaults();
        Map<String, Object> attributes = Map.of(SseServlet.CONNECTION_LIMITS_ATTRIBUTE, shared);
        assertSame(shared, InitParameters.settings(config(Map.of(), attributes)).connectionLimits());
        SseSettings own = InitParameters.settings(config(Map.of("max-connections", "7"), attributes));
        assertEquals(7, own.connectionLimits().maxConnections());
    }
}
