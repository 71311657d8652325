package dev.ringcast.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ringcast.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Any {@code Last-Event-ID} or {@code lastEventId} value, for one to three topics, is read as ids
 * in range or not at all (the servlet then answers a reset or a 400), never with an exception; an
 * id read exactly is one the server would write. Seeds: {@code StreamIdFuzzTestInputs}.
 */
class StreamIdFuzzTest {

    private static final List<List<String>> TOPICS = List.of(List.of("a"), List.of("a", "b"), List.of("a", "b", "c"));

    @FuzzTest(maxDuration = "60s")
    void anyStreamIdIsReadAsIdsInRangeOrNotAtAll(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        for (List<String> topics : TOPICS) {
            Optional<long[]> ids = StreamId.parse(value, topics);
            ids.ifPresent(parsed -> {
                assertEquals(topics.size(), parsed.length);
                for (long id : parsed) {
                    assertTrue(id >= 0 && id <= Event.MAX_ID, value);
                }
                assertArrayEquals(parsed, StreamId.parse(StreamId.format(parsed), topics).orElseThrow());
            });
            Optional<long[]> exact = StreamId.parseExact(value, topics);
            exact.ifPresent(parsed -> assertEquals(value, StreamId.format(parsed), "exactly as the server writes it"));
            assertTrue(exact.isEmpty() || ids.isPresent(), "an exact id is an id");
        }
    }
}
