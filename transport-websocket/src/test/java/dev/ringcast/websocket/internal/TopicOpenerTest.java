package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ringcast.http.BadRequestException;
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
        assertEquals("lastEventId=x is invalid: use the integer id of the last event you received (0 to 9007199254740991), "
                + "e.g. lastEventId=42", assertThrows(BadRequestException.class,
                        () -> TopicOpener.lastEventIds("x", List.of("a"))).getMessage());
        assertEquals("lastEventId=42 is invalid for 2 topics: give the last id received of each, in the order of the topic "
                + "parameters, joined by _, such as lastEventId=42_17", assertThrows(BadRequestException.class,
                        () -> TopicOpener.lastEventIds("42", List.of("a", "b"))).getMessage());
        assertThrows(BadRequestException.class, () -> TopicOpener.lastEventIds("1_-2", List.of("a", "b")));
        assertThrows(BadRequestException.class, () -> TopicOpener.lastEventIds("5", List.of()));
    }
}
