package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ringcast.core.Event;
import dev.ringcast.core.Reset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollFramesTest {

    private static Event event(long id, String type, String json) {
        return Event.create("t", id, type, json.getBytes(StandardCharsets.UTF_8), 0);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void elementCarriesTypeDataAsPublishedAndNumber() {
        Event e = event(1732350000000001L, "status", "{\"state\": \"paused\", \"n\": 1.50}");
        assertEquals("{\"type\":\"status\",\"data\":{\"state\": \"paused\", \"n\": 1.50},\"number\":1732350000000001}",
                text(e.frame(PollFrames.ELEMENT)));
    }

    @Test
    void elementEscapesQuotesBackslashesAndNonAsciiOfTheType() {
        Event e = event(7, "say \"hi\" \\ é", "null");
        assertEquals("{\"type\":\"say \\\"hi\\\" \\\\ é\",\"data\":null,\"number\":7}", text(e.frame(PollFrames.ELEMENT)));
    }

    @Test
    void elementIsEncodedOnceAndSharedByEveryPoller() {
        Event e = event(3, "a", "1");
        assertSame(e.frame(PollFrames.ELEMENT), e.frame(PollFrames.ELEMENT));
    }

    @Test
    void resetElementNamesRequestedAndOldestAndNumbersItOldestMinusOne() {
        assertEquals("{\"type\":\"reset\",\"data\":{\"topic\":\"t\",\"requested\":5,\"oldest\":100,\"cause\":\"TOO_OLD\"},"
                + "\"number\":99}", text(PollFrames.resetElement("t", 5, 100, Reset.Cause.TOO_OLD)));
    }

    @Test
    void emptyAnswerIsAnEmptyArray() {
        assertEquals("[]", text(PollFrames.array(null, List.of(), 10)));
        assertEquals("[]", text(PollFrames.EMPTY));
    }

    @Test
    void arrayJoinsResetThenEventsWithCommas() {
        byte[] reset = PollFrames.resetElement("t", 1, 2, Reset.Cause.UNKNOWN_ID);
        String json = text(PollFrames.array(reset, List.of(event(2, "a", "\"x\""), event(3, "b", "[1]")), 10));
        assertEquals("[" + text(reset) + ",{\"type\":\"a\",\"data\":\"x\",\"number\":2},"
                + "{\"type\":\"b\",\"data\":[1],\"number\":3}]", json);
        assertEquals("[" + text(reset) + "]", text(PollFrames.array(reset, List.of(), 0)));
    }

    @Test
    void arrayTakesAtMostTheLimitFromTheStart() {
        String json = text(PollFrames.array(null, List.of(event(1, "a", "1"), event(2, "a", "2"), event(3, "a", "3")), 2));
        assertEquals("[{\"type\":\"a\",\"data\":1,\"number\":1},{\"type\":\"a\",\"data\":2,\"number\":2}]", json);
    }

    @Test
    void publishedAnswerNamesTheId() {
        assertEquals("{\"id\":1732350000000001}", text(PollFrames.published(1732350000000001L)));
    }
}
