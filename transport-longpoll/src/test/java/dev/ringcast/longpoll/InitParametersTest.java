package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitParametersTest {

    private static ServletConfig config(Map<String, String> parameters) {
        return new ServletConfig() {
            @Override
            public String getServletName() {
                return "events";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
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
        LongPollSettings s = InitParameters.settings(config(Map.of()));
        assertEquals(LongPollSettings.TopicSource.QUERY, s.topicSource());
        assertEquals(LongPollSettings.DEFAULT_MAX_BATCH, s.maxBatch());
        assertEquals(LongPollSettings.DEFAULT_TIMEOUT, s.defaultTimeout());
    }

    @Test
    void everyParameterIsRead() throws ServletException {
        LongPollSettings s = InitParameters.settings(config(Map.of("topic-source", "PATH", "batch-limit", "50",
                "default-timeout-ms", "1000", "max-timeout-ms", "2000", "max-body-bytes", "4096",
                "cors-origins", "https://a.example, https://b.example")));
        assertEquals(LongPollSettings.TopicSource.PATH, s.topicSource());
        assertEquals(50, s.maxBatch());
        assertEquals(Duration.ofSeconds(1), s.defaultTimeout());
        assertEquals(Duration.ofSeconds(2), s.maxTimeout());
        assertEquals(4096, s.maxBodyBytes());
        assertEquals(Set.of("https://a.example", "https://b.example"), s.cors().origins());
    }

    @Test
    void theLimitsAreReadToo() throws ServletException {
        LongPollSettings s = InitParameters.settings(config(Map.of("max-held-polls", "10", "body-timeout-ms", "5000",
                "max-connections", "100", "max-connections-per-principal", "5", "max-connections-per-address", "50",
                "publishes-per-second", "7", "publish-burst", "9")));
        assertEquals(10, s.maxHeldPolls());
        assertEquals(Duration.ofSeconds(5), s.bodyTimeout());
        assertEquals(100, s.connectionLimits().maxConnections());
        assertEquals(5, s.connectionLimits().maxPerPrincipal());
        assertEquals(50, s.connectionLimits().maxPerAddress());
        assertEquals(7, s.publishRateLimit().perSecond());
        assertEquals(9, s.publishRateLimit().burst());
        LongPollSettings defaults = InitParameters.settings(config(Map.of()));
        assertEquals(LongPollSettings.DEFAULT_MAX_HELD_POLLS, defaults.maxHeldPolls());
        assertEquals(dev.ringcast.http.ConnectionLimits.DEFAULT_MAX_CONNECTIONS, defaults.connectionLimits().maxConnections());
        assertEquals(dev.ringcast.http.PublishRateLimit.DEFAULT_BURST, defaults.publishRateLimit().burst());
    }

    @Test
    void invalidParameterFailsTheServletWithWhatIsWrong() {
        ServletException e = assertThrows(ServletException.class,
                () -> InitParameters.settings(config(Map.of("topic-source", "header"))));
        assertTrue(e.getMessage().contains("servlet events: topic-source \"header\" is invalid: use query or path"),
                e.getMessage());
        e = assertThrows(ServletException.class, () -> InitParameters.settings(config(Map.of("batch-limit", "many"))));
        assertTrue(e.getMessage().contains("batch-limit \"many\" is not a whole number"), e.getMessage());
        e = assertThrows(ServletException.class, () -> InitParameters.settings(config(Map.of("default-timeout-ms", "200000"))));
        assertTrue(e.getMessage().contains("above the max timeout"), e.getMessage());
    }
}
