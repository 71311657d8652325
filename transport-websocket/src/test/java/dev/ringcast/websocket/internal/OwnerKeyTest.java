package dev.ringcast.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.core.EventHub;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnerKeyTest {

    private static final String KEY = "sk_live_7f3a9c1e55d04b2a";

    @Test
    void theTableKeepsDigestsOfOwnersNeverTheirKeys() throws Exception {
        try (EventHub hub = EventHub.builder().build();
             ChannelTable table = new ChannelTable(hub, Duration.ofHours(1), Duration.ofMinutes(1), 8, 100, 8,
                     InstantSource.system())) {
            table.register(KEY, "alerts", List.of("orders"));
            Field field = ChannelTable.class.getDeclaredField("channels");
            field.setAccessible(true);
            Map<?, ?> channels = (Map<?, ?>) field.get(table);
            assertEquals(1, channels.size());
            for (Map.Entry<?, ?> e : channels.entrySet()) {
                assertFalse(e.getKey().toString().contains(KEY), e.getKey().toString());
                assertFalse(((Channel) e.getValue()).owner().toString().contains(KEY));
            }
            assertTrue(table.get(KEY, "alerts").isPresent());
            assertTrue(table.get(KEY + "x", "alerts").isEmpty(), "another key sees no channel");
            assertEquals(1, table.list(KEY).size());
            assertTrue(table.list("sk_live_other").isEmpty());
        }
    }

    @Test
    void ownersMatchByTheirDigestOnly() {
        assertTrue(OwnerKey.of(KEY).matches(OwnerKey.of(KEY)));
        assertFalse(OwnerKey.of(KEY).matches(OwnerKey.of(KEY.substring(1))));
        assertFalse(OwnerKey.of(KEY).toString().contains(KEY));
    }
}
