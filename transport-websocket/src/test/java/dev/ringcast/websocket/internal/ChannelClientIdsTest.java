package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.http.internal.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The channel endpoint's {@code lastEventId}: the client's own last ids, per topic or plain. */
class ChannelClientIdsTest {

    private static final List<String> TWO = List.of("orders", "payments");

    @Test
    void readsOneIdPerTopicAndLeavesOutTopicsTheChannelDoesNotRead() {
        ChannelOpener.ClientIds ids = ChannelOpener.ClientIds.parse("orders:42, payments:17,gone:5");
        assertEquals(Map.of("orders", 42L, "payments", 17L, "gone", 5L), ids.forTopics("c", List.of("orders", "payments", "gone")));
        assertEquals(Map.of("orders", 42L, "payments", 17L), ids.forTopics("c", TWO), "a topic dropped while away is ignored");
        assertEquals(Map.of("orders", 0L), ChannelOpener.ClientIds.parse("orders:0").forTopics("c", TWO));
        assertEquals(Map.of("orders", 9007199254740991L),
                ChannelOpener.ClientIds.parse("orders:9007199254740991").forTopics("c", TWO));
    }

    @Test
    void readsAPlainIdForAChannelOfOneTopicOnly() {
        assertEquals(Map.of("orders", 42L), ChannelOpener.ClientIds.parse(" 42 ").forTopics("c", List.of("orders")));
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> ChannelOpener.ClientIds.parse("42").forTopics("alerts", TWO));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("lastEventId=42 is a plain id, but channel \"alerts\" reads 2 topics: "
                + "give the last id you received of each topic as topic:id"), e.getMessage());
    }

    @Test
    void namesNothingWhenAbsentOrBlank() {
        assertEquals(Map.of(), ChannelOpener.ClientIds.parse(null).forTopics("c", TWO));
        assertEquals(Map.of(), ChannelOpener.ClientIds.parse("  ").forTopics("c", TWO));
    }

    @Test
    void refusesAMalformedValueSayingWhatAValidOneLooksLike() {
        for (String bad : List.of("orders:", "orders:x", ":42", "orders:42,", "orders:42,,payments:1", "orders:-1",
                "orders:9007199254740992", "orders:99999999999999999999", "bad name:1", "orders:1:2", "x", "-3",
                "orders=42", "42_17")) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> ChannelOpener.ClientIds.parse(bad),
                    bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains(" is invalid: give the last id you received of each topic as topic:id, "
                    + "joined by commas, such as lastEventId=orders:42,payments:17"), e.getMessage());
        }
        BadRequestException twice = assertThrows(BadRequestException.class,
                () -> ChannelOpener.ClientIds.parse("orders:1,orders:2"));
        assertEquals("lastEventId names topic \"orders\" twice: give each topic's last id once", twice.getMessage());
    }
}
