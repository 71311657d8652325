package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.http.internal.BadRequestException;
import org.junit.jupiter.api.Test;

class ControlMessageTest {

    @Test
    void parsesTheThreeActionsAndIgnoresUnknownFields() {
        assertEquals(new ControlMessage(ControlMessage.Action.SUBSCRIBE, "orders", 42L),
                ControlMessage.parse("{\"action\":\"subscribe\",\"topic\":\"orders\",\"lastEventId\":42,\"ref\":\"x\"}"));
        assertEquals(new ControlMessage(ControlMessage.Action.SUBSCRIBE, "orders", null),
                ControlMessage.parse("{\"action\":\"subscribe\",\"topic\":\"orders\"}"));
        assertEquals(new ControlMessage(ControlMessage.Action.SUBSCRIBE, "orders", 7L),
                ControlMessage.parse("{\"action\":\"subscribe\",\"topic\":\"orders\",\"lastEventId\":\"7\"}"),
                "an id kept as a string");
        assertEquals(new ControlMessage(ControlMessage.Action.UNSUBSCRIBE, "orders", null),
                ControlMessage.parse("{\"action\":\"unsubscribe\",\"topic\":\"orders\"}"));
        assertEquals(new ControlMessage(ControlMessage.Action.PING, null, null), ControlMessage.parse("{\"action\":\"ping\"}"));
    }

    @Test
    void rejectsMalformedMessagesSayingWhatAValidOneLooksLike() {
        assertMessage("message is not valid JSON", "{\"action\":");
        assertMessage("message is a JSON array, not a JSON object: send e.g. {\"action\":\"subscribe\"", "[1]");
        assertMessage("message is empty, not a JSON object", "");
        assertMessage("message has no \"action\" string", "{\"topic\":\"orders\"}");
        assertMessage("action \"dance\" is unknown: use subscribe, unsubscribe or ping", "{\"action\":\"dance\"}");
        assertMessage("subscribe needs a \"topic\" string, e.g. {\"action\":\"subscribe\",\"topic\":\"orders\"}",
                "{\"action\":\"subscribe\"}");
        assertMessage("topic \"a b\" is invalid: use 1-128 of [A-Za-z0-9._-]", "{\"action\":\"unsubscribe\",\"topic\":\"a b\"}");
        assertMessage("lastEventId 1.5 is invalid", "{\"action\":\"subscribe\",\"topic\":\"t\",\"lastEventId\":1.5}");
        assertMessage("lastEventId 9007199254740992 is invalid",
                "{\"action\":\"subscribe\",\"topic\":\"t\",\"lastEventId\":9007199254740992}");
        for (String notDigits : new String[] {"\"+42\"", "\" 42\"", "\"42 \"", "\"0x10\"", "\"4.0\"", "\"\"", "4.0", "-1"}) {
            assertMessage("lastEventId " + notDigits + " is invalid: use the integer id of the last event you received "
                    + "from the topic (0 to 9007199254740991), as a number or a string of digits",
                    "{\"action\":\"subscribe\",\"topic\":\"t\",\"lastEventId\":" + notDigits + "}");
        }
    }

    private static void assertMessage(String start, String text) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> ControlMessage.parse(text));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
