package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.Event;
import dev.ringcast.core.Reset;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    private static Event event(String type, String json) {
        return Event.create("orders", 42, type, json.getBytes(StandardCharsets.UTF_8), 0);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void frameCarriesIdEventAndDataLinesEndedByABlankLine() {
        assertEquals("id: 42\nevent: created\ndata: {\"n\":1}\n\n", text(SseFrames.WITH_ID.encode(event("created", "{\"n\":1}"))));
        assertEquals("event: created\ndata: {\"n\":1}\n\n", text(SseFrames.WITHOUT_ID.encode(event("created", "{\"n\":1}"))));
    }

    @Test
    void envelopeFrameIsAnUnnamedMessageCarryingTypeTopicIdAndData() {
        assertEquals("id: 42\ndata: {\"id\":42,\"topic\":\"orders\",\"type\":\"say \\\"hi\\\"\",\"data\":{\"n\":1}}\n\n",
                text(SseFrames.ENVELOPE_WITH_ID.encode(event("say \"hi\"", "{\"n\":1}"))));
        assertEquals("data: {\"id\":42,\"topic\":\"orders\",\"type\":\"created\",\"data\":[\ndata: 1]}\n\n",
                text(SseFrames.ENVELOPE_WITHOUT_ID.encode(event("created", "[\n1]"))));
    }

    @Test
    void dataWithLineBreaksIsSplitIntoOneDataLinePerLineSoItCannotInjectFrames() {
        String json = "{\n  \"a\": 1,\r\n  \"b\": 2\r}";
        String frame = text(SseFrames.WITH_ID.encode(event("e", json)));
        assertEquals("id: 42\nevent: e\ndata: {\ndata:   \"a\": 1,\ndata:   \"b\": 2\ndata: }\n\n", frame);
        assertTrue(!frame.contains("\r"), "no CR survives");
    }

    @Test
    void dataIsWrittenAsUtf8() {
        byte[] frame = SseFrames.WITH_ID.encode(event("e", "\"grüße ✓\""));
        assertEquals("id: 42\nevent: e\ndata: \"grüße ✓\"\n\n", text(frame));
    }

    @Test
    void emptyLinesInDataStayDataLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseFrames.writeData(out, "a\n\nb".getBytes(StandardCharsets.UTF_8));
        assertEquals("data: a\ndata: \ndata: b\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resetFrameNamesTheTopicTheRequestedAndTheOldestId() {
        byte[] frame = SseFrames.reset("99", new Reset("orders", 5, 100, Reset.Cause.TOO_OLD));
        assertEquals("id: 99\nevent: reset\ndata: {\"topic\":\"orders\",\"requested\":5,\"oldest\":100,\"cause\":\"TOO_OLD\"}\n\n",
                text(frame));
    }

    @Test
    void singleTopicStreamIdIsThePlainEventId() {
        assertEquals("1795433823910721", StreamId.format(new long[] {1795433823910721L}));
        assertArrayEquals(new long[] {7}, StreamId.parse("7", List.of("a")).orElseThrow());
    }

    @Test
    void multiTopicStreamIdListsEachTopicsLastIdInRequestOrder() {
        String id = StreamId.format(new long[] {10, 20, 30});
        assertEquals("10_20_30", id);
        assertArrayEquals(new long[] {10, 20, 30}, StreamId.parse(id, List.of("a", "b", "c")).orElseThrow());
    }

    @Test
    void streamIdThatDoesNotFitTheTopicsIsNotParsed() {
        assertEquals(Optional.empty(), StreamId.parse("10_20", List.of("a")));
        assertEquals(Optional.empty(), StreamId.parse("10", List.of("a", "b")));
        assertEquals(Optional.empty(), StreamId.parse("abc", List.of("a")));
        assertEquals(Optional.empty(), StreamId.parse("-1", List.of("a")));
        assertEquals(Optional.empty(), StreamId.parse("9007199254740992", List.of("a")), "above 2^53-1");
        assertEquals(Optional.empty(), StreamId.parse("1_", List.of("a", "b")));
    }
}
