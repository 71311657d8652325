package dev.ringcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeFilterTest {

    @Test
    void aListKeepsOnlyItsTypes() {
        TypeFilter f = TypeFilter.parse("playing, timeline");
        assertTrue(f.accepts("playing"));
        assertTrue(f.accepts("timeline"));
        assertFalse(f.accepts("log"));
        assertEquals("playing,timeline", f.toString());
    }

    @Test
    void aListThatStartsWithMinusLeavesItsTypesOut() {
        for (String text : List.of("-log,activity", "-log,-activity", " -log , activity ")) {
            TypeFilter f = TypeFilter.parse(text);
            assertFalse(f.accepts("log"), text);
            assertFalse(f.accepts("activity"), text);
            assertTrue(f.accepts("playing"), text);
            assertTrue(f.excludes());
        }
        assertEquals(TypeFilter.allExcept(List.of("log")), TypeFilter.parse("-log"));
    }

    @Test
    void anEmptyListKeepsEveryType() {
        for (String text : new String[] {null, "", " ", ",", "-"}) {
            assertTrue(TypeFilter.parse(text).acceptsAll(), String.valueOf(text));
        }
    }

    @Test
    void aListThatMixesKeepingAndLeavingOutIsRefusedSayingHow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("a,-b"));
        assertTrue(e.getMessage().contains("start the list with -"), e.getMessage());
    }

    @Test
    void anInvalidTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TypeFilter.parse("a\u0001b"));
    }

    @Test
    void aSubscriptionDeliversOnlyWhatItsFilterAccepts() {
        try (EventHub hub = EventHub.builder().build()) {
            RecordingSink sink = new RecordingSink();
            hub.subscribe(SubscriptionRequest.builder().topic("t", Position.live())
                    .typeFilter(TypeFilter.parse("-log")).build(), sink);
            hub.publish("t", "log", Map.of("line", 1));
            long kept = hub.publish("t", "playing", 1).id();
            hub.publish("t", "log", Map.of("line", 2));
            long last = hub.publish("t", "activity", 2).id();
            assertEquals(kept, sink.nextEvent().id());
            assertEquals(last, sink.nextEvent().id());
            sink.assertQuiet();
        }
    }
}
