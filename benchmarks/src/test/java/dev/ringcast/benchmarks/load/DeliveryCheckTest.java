package dev.ringcast.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeliveryCheckTest {

    @Test
    void everyEventOnceInOrderPasses() {
        DeliveryCheck c = new DeliveryCheck(100);
        for (long id = 101; id <= 110; id++) {
            c.onEvent(id);
        }
        assertEquals(0, c.gaps(110));
        assertEquals(0, c.duplicates());
        assertEquals(0, c.reorders());
        assertEquals(10, c.delivered());
    }

    @Test
    void skippedEventsAreGapsUntilTheyArriveLateAsReorders() {
        DeliveryCheck c = new DeliveryCheck(0);
        c.onEvent(1);
        c.onEvent(4); // 2 and 3 skipped
        assertEquals(2 + 1, c.gaps(5), "2, 3 and the never-received 5");
        c.onEvent(2);
        assertEquals(1, c.reorders());
        assertEquals(2, c.gaps(5));
    }

    @Test
    void repeatsAndEventsBeforeTheStartAreDuplicates() {
        DeliveryCheck c = new DeliveryCheck(10);
        c.onEvent(11);
        c.onEvent(11);
        c.onEvent(9);
        assertEquals(2, c.duplicates());
        assertEquals(0, c.gaps(11));
    }

    @Test
    void aResetCountsAsAGapBesidesTheEventsItSkipped() {
        DeliveryCheck c = new DeliveryCheck(0);
        c.onEvent(1);
        c.onReset();
        c.onEvent(5);
        assertEquals(1, c.resets());
        assertEquals(3 + 1, c.gaps(5));
    }

    @Test
    void seqNumbersOutOfPublishOrderAreNotReordersButRepeatsAndHolesStillCount() {
        DeliveryCheck c = new DeliveryCheck(-1); // Nchan: seq 0 up
        c.onEventUnordered(0);
        c.onEventUnordered(2);
        c.onEventUnordered(1); // stored by the server after 2: its order, checked on its ids
        c.onEventUnordered(2);
        assertEquals(0, c.reorders());
        assertEquals(1, c.duplicates());
        assertEquals(1, c.gaps(3), "3 never arrived");
        c.onServerReorder();
        assertEquals(1, c.reorders());
    }
}
