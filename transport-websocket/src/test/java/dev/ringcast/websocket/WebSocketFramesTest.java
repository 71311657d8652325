package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.Event;
import dev.ringcast.core.Reset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEventFrameCarriesItsIdTopicTypeAndTheDataJsonAsIs() {
        Event e = Event.create("orders", 42, "created", "{\"n\": [1, 2.50]}".getBytes(StandardCharsets.UTF_8), 0);
        assertEquals("{\"id\":42,\"topic\":\"orders\",\"type\":\"created\",\"data\":{\"n\": [1, 2.50]}}",
                WebSocketFrames.EVENT.encode(e));
    }

    @Test
    void escapesTheTypeSoThatAnyTypeMakesValidJson() throws Exception {
        String type = "say \"hi\" \\ é \u2028 </script>";
        Event e = Event.create("t", 1, type, "null".getBytes(StandardCharsets.UTF_8), 0);
        JsonNode frame = JSON.readTree(WebSocketFrames.EVENT.encode(e));
        assertEquals(type, frame.get("type").asText());
    }

    @Test
    void theResetFrameHasTheShapeOfAnEventWithTheIdToResumeAfter() {
        assertEquals("{\"id\":99,\"topic\":\"orders\",\"type\":\"reset\",\"data\":{\"requested\":7,\"oldest\":100,"
                + "\"cause\":\"TOO_OLD\"}}", WebSocketFrames.reset(new Reset("orders", 7, 100, Reset.Cause.TOO_OLD)));
    }

    @Test
    void repliesAreSmallJsonObjectsWithoutAnId() throws Exception {
        assertEquals("{\"type\":\"pong\"}", WebSocketFrames.pong());
        assertEquals("{\"type\":\"subscribed\",\"topic\":\"t\",\"lastEventId\":5}", WebSocketFrames.subscribed("t", 5));
        assertEquals("{\"type\":\"unsubscribed\",\"topic\":\"t\"}", WebSocketFrames.unsubscribed("t"));
        JsonNode error = JSON.readTree(WebSocketFrames.error(400, "bad \"x\"\n"));
        assertEquals("bad \"x\"\n", error.get("error").asText());
        assertEquals(400, error.get("status").asInt());
    }
}
