package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ringcast.http.internal.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code lastEventId} query parameter: one id per topic, joined by {@code _}. */
class TopicOpenerTest {

    @Test
    void readsOneIdForOneTopicAndOneIdPerTopicForSeveral() {
        assertNull(TopicOpener.lastEventIds(null, List.of("a")));
        assertArrayEquals(new long[] {42}, TopicOpener.lastEventIds("42", List.of("a")));
        assertArrayEquals(new long[] {42, 17}, TopicOpener.lastEventIds("42_17", List.of("a", "b")));
    }

    @Test
    void rejectsAnIdThatDoesNotFitTheTopics() {
        assertEquals("lastEventId=x is invalid: use the integer id of the last event you received, in plain digits "
                + "(0 to 9007199254740991), e.g. lastEventId=42", assertThrows(BadRequestException.class,
                        () -> TopicOpener.lastEventIds("x", List.of("a"))).getMessage());
        assertEquals("lastEventId=42 is invalid for 2 topics: give the last id received of each, in plain digits, in the "
                + "order of the topic parameters, joined by _, such as lastEventId=42_17", assertThrows(
                        BadRequestException.class, () -> TopicOpener.lastEventIds("42", List.of("a", "b"))).getMessage());
        for (String bad : List.of("1_-2", "1_+2", "+1_2", " 1_2", "1_2 ", "1 _2", "1_0x2", "1_2.0", "1_")) {
            assertThrows(BadRequestException.class, () -> TopicOpener.lastEventIds(bad, List.of("a", "b")), bad);
        }
        for (String bad : List.of("+1", " 1", "1 ", "0x1", "1.0", "")) {
            assertThrows(BadRequestException.class, () -> TopicOpener.lastEventIds(bad, List.of("a")), bad);
        }
        assertThrows(BadRequestException.class, () -> TopicOpener.lastEventIds("5", List.of()));
    }
}
