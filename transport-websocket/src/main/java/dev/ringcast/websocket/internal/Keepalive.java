package dev.ringcast.websocket.internal;

/**
 * The dead-peer rule of one connection, free of timers and I/O so it is tested with a fake clock.
 * Times are {@link System#nanoTime()} values.
 *
 * <p>Each tick (every ping interval, and once more a dead-peer timeout after each ping) asks
 * {@link #tick}: the peer is dead if a ping went unanswered (no pong, no message) for the
 * timeout, or if a send has been in flight for the timeout (a peer that stopped reading fills
 * the TCP window and the send never completes). No ping is sent while a send is in flight: that
 * send is itself the probe, and a ping queued behind a stuck send would block the timer thread.
 *
 * <p>Thread-safe: {@link #heard} runs on container threads, the rest on the timer thread.
 */
public final class Keepalive {

    /** What a tick decides. */
    public enum Verdict {
        /** Send a ping now. */
        PING,
        /** Nothing to do: a ping is awaiting its answer, or a send is in flight, within the timeout. */
        WAIT,
        /** A ping went unanswered for the timeout: close. */
        DEAD_NO_PONG,
        /** A send made no progress for the timeout: close. */
        DEAD_STALLED
    }

    private final long timeoutNanos;
    private volatile long lastHeard;
    private volatile long pingSentAt;
    private volatile boolean awaitingPong;

    /**
     * @param timeoutNanos the dead-peer timeout
     * @param now the time the connection opened
     */
    public Keepalive(long timeoutNanos, long now) {
        this.timeoutNanos = timeoutNanos;
        this.lastHeard = now;
    }

    /**
     * The peer said something: a pong, or any message.
     *
     * @param now the time
     */
    public void heard(long now) {
        lastHeard = now;
        awaitingPong = false;
    }

    /**
     * A ping was sent.
     *
     * @param now the time
     */
    public void pinged(long now) {
        pingSentAt = now;
        awaitingPong = true;
    }

    /**
     * @param now the time
     * @param sendInFlight whether a send is in flight
     * @param sendInFlightSince when it started, if one is
     * @return what to do
     */
    public Verdict tick(long now, boolean sendInFlight, long sendInFlightSince) {
        if (sendInFlight && now - sendInFlightSince >= timeoutNanos) {
            return Verdict.DEAD_STALLED;
        }
        if (awaitingPong) {
            if (lastHeard - pingSentAt >= 0) {
                awaitingPong = false; // heard something since the ping
            } else {
                return now - pingSentAt >= timeoutNanos ? Verdict.DEAD_NO_PONG : Verdict.WAIT;
            }
        }
        return sendInFlight ? Verdict.WAIT : Verdict.PING;
    }

    /** @return the dead-peer timeout in nanoseconds */
    public long timeoutNanos() {
        return timeoutNanos;
    }
}
