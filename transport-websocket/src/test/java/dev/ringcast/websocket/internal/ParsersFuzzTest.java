package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.http.internal.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a WebSocket client sends as text: any control message and any channel {@code lastEventId}
 * gives a value or a 400 that says what is wrong, never another exception. Seeds:
 * {@code ParsersFuzzTestInputs}.
 */
class ParsersFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyControlMessageIsAnActionOrA400(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            ControlMessage m = ControlMessage.parse(text);
            assertTrue(m.action() != null);
            if (m.action() != ControlMessage.Action.PING) {
                assertTrue(EventNames.isValidTopic(m.topic()), m.topic());
            }
            if (m.lastEventId() != null) {
                assertTrue(m.lastEventId() >= 0 && m.lastEventId() <= Event.MAX_ID);
            }
        } catch (BadRequestException e) {
            assertRefusal(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyChannelLastEventIdIsIdsOrA400(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        ChannelOpener.ClientIds ids;
        try {
            ids = ChannelOpener.ClientIds.parse(value);
        } catch (BadRequestException e) {
            assertRefusal(e);
            return;
        }
        for (List<String> topics : List.of(List.of("orders"), List.of("orders", "payments"))) {
            try {
                Map<String, Long> named = ids.forTopics("c", topics);
                named.forEach((topic, id) -> {
                    assertTrue(topics.contains(topic), topic);
                    assertTrue(id >= 0 && id <= Event.MAX_ID, value);
                });
            } catch (BadRequestException e) {
                assertRefusal(e);
            }
        }
    }

    private static void assertRefusal(BadRequestException e) {
        assertEquals(400, e.status());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message");
        assertTrue(e.getMessage().length() < 2000, "a clipped message: " + e.getMessage().length());
    }
}
