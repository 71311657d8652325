package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    private final EventHub hub = EventHub.builder().maxDataBytes(64).build();

    @AfterEach
    void close() {
        hub.close();
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "ü", "x\n"})
    void shouldRejectAnInvalidTopicNameSayingWhatIsAllowed(String topic) {
        String m = message(() -> hub.publish(topic, "e", 1));
        assertTrue(m.contains("use 1-128 of [A-Za-z0-9._-]"), m);
    }

    @Test
    void shouldRejectATopicNameOver128Chars() {
        assertDoesNotThrow(() -> hub.publish("a".repeat(128), "e", 1));
        message(() -> hub.publish("a".repeat(129), "e", 1));
    }

    @Test
    void shouldRejectANullTopicLikeAnyInvalidName() {
        assertEquals("topic null is invalid: use 1-128 of [A-Za-z0-9._-]", message(() -> hub.publish(null, "e", 1)));
        assertEquals("topic null is invalid: use 1-128 of [A-Za-z0-9._-]", message(() -> hub.window(null)));
    }

    @Test
    void shouldQuoteTheBadTopicInTheMessage() {
        assertEquals("topic \"a b\" is invalid: use 1-128 of [A-Za-z0-9._-]", message(() -> hub.publish("a b", "e", 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "tab\there", "nul\0"})
    void shouldRejectATypeWithAControlCharacter(String type) {
        String m = message(() -> hub.publish("t", type, 1));
        assertTrue(m.contains("control character"), m);
        assertTrue(m.contains("without CR or LF"), m);
    }

    @Test
    void shouldRejectAnEmptyOrOverlongType() {
        assertTrue(message(() -> hub.publish("t", "", 1)).contains("empty"));
        assertTrue(message(() -> hub.publish("t", "x".repeat(257), 1)).contains("at most 256"));
    }

    @Test
    void shouldRejectDataOverTheLimitSayingHowToRaiseIt() {
        String m = message(() -> hub.publish("t", "e", "x".repeat(100)));
        assertTrue(m.contains("over the limit of 64") && m.contains("maxDataBytes"), m);
        assertEquals(0, hub.metrics().published(), "nothing was stored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "1 2", "nul", "[1,]"})
    void shouldRejectRawDataThatIsNotExactlyOneJsonValue(String json) {
        String m = message(() -> hub.publishJson("t", "e", json));
        assertTrue(m.contains("JSON"), m);
    }

    @Test
    void shouldStoreRawJsonAsIs() {
        assertEquals("{\"a\": [1, 2]}", hub.publishJson("t", "e", "{\"a\": [1, 2]}").dataJson());
    }

    @Test
    void shouldRejectDataTheCodecCannotEncode() {
        Object selfReferencing = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertTrue(message(() -> hub.publish("t", "e", selfReferencing)).contains("cannot be encoded as JSON"));
    }

    @Test
    void shouldRejectARingCapacityThatIsNotAPowerOfTwoSuggestingOne() {
        String m = message(() -> EventHub.builder().ringCapacity(1000));
        assertTrue(m.contains("ring capacity 1000") && m.contains("1024"), m);
    }

    @Test
    void shouldRejectABacklogLimitLargerThanTheRing() {
        String m = message(() -> new TopicConfig(16, 17, BacklogPolicy.RESET));
        assertTrue(m.contains("backlog limit 17"), m);
    }

    @Test
    void shouldRejectAnIdOutsideTheJsonSafeRange() {
        message(() -> Position.after(-1));
        message(() -> Position.after(1L << 53));
        assertDoesNotThrow(() -> Position.after(Event.MAX_ID));
    }

    @Test
    void shouldRejectTheSameTopicTwiceInOneRequest() {
        String m = message(() -> SubscriptionRequest.builder().topic("a").topic("a").build());
        assertTrue(m.contains("twice"), m);
        message(() -> SubscriptionRequest.builder().build());
    }

    @Test
    void shouldEncodeRecordsAndMapsWithJackson() {
        record Order(int id, String item) {
        }
        assertEquals("{\"id\":1,\"item\":\"tea\"}", hub.publish("t", "e", new Order(1, "tea")).dataJson());
        assertEquals("{\"k\":null}", hub.publish("t", "e", java.util.Collections.singletonMap("k", null)).dataJson());
        assertEquals("null", hub.publish("t", "e", null).dataJson());
        assertEquals("{\"k\":1}", hub.publish("t", "e", Map.of("k", 1)).dataJson());
    }

    @Test
    void shouldRefuseTheTypesRingcastReservesSoNoEventCanForgeItsSignals() {
        for (String type : List.of("reset", "subscribed", "unsubscribed", "error", "pong", "credentials-expired")) {
            String m = message(() -> hub.publish("t", type, 1));
            assertTrue(m.contains("\"" + type + "\" is reserved") && m.contains("app." + type), m);
            assertTrue(message(() -> hub.publishJson("t", type, "{}")).contains("reserved"));
        }
        assertDoesNotThrow(() -> hub.publish("t", "Reset", 1), "only the exact reserved names are refused");
        assertDoesNotThrow(() -> hub.publish("t", "app.reset", 1));
        assertEquals(2, hub.window("t").headId() - hub.window("t").oldestId() + 1, "nothing refused was stored");
    }
}
