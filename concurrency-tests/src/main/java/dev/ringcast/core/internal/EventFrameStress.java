package dev.ringcast.core.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ringcast.core.Event;
import dev.ringcast.core.FrameFormat;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** The per-event frame cache shared by every subscriber. */
public final class EventFrameStress {

    private EventFrameStress() {
    }

    static final FrameFormat<String> SSE = e -> new String("data: " + e.dataJson() + "\n\n");
    static final FrameFormat<String> WS = e -> new String("{\"data\":" + e.dataJson() + "}");

    /**
     * Two dispatch threads ask for the same event's frames at once, in opposite orders. Both may
     * encode, but the CAS on the cache lets one result win per format, and both threads must
     * return that one instance (r1: SSE, r2: WebSocket); caching one format concurrently must not
     * push the other out. {@code false} in either is forbidden: subscribers would hold different
     * copies, or the cache would lose an entry.
     */
    @JCStressTest
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "one shared frame per format")
    @Outcome(expect = FORBIDDEN, desc = "two instances for one format, or a cached frame lost")
    @State
    public static class ConcurrentFirstUse {
        final Event event = Event.create("t", 1, "typ", RingLogStress.data(), 42);
        String sse1;
        String ws1;
        String sse2;
        String ws2;

        @Actor
        public void subscriber1() {
            sse1 = event.frame(SSE);
            ws1 = event.frame(WS);
        }

        @Actor
        public void subscriber2() {
            ws2 = event.frame(WS);
            sse2 = event.frame(SSE);
        }

        @Arbiter
        public void arbiter(ZZ_Result r) {
            r.r1 = sse1 == sse2 && sse1 == event.frame(SSE);
            r.r2 = ws1 == ws2 && ws1 == event.frame(WS);
        }
    }
}
