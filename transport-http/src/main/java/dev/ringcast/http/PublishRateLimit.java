package dev.ringcast.http;

import dev.ringcast.core.LimitExceededException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How fast one client may publish: a token bucket per client that holds up to {@link #burst()}
 * publishes and refills at {@link #perSecond()}. A publish finds its bucket empty is refused with
 * {@code 429} and a {@code Retry-After} of the time until the next token. The client is the
 * principal (as {@link ConnectionLimits#principalOf} names it), or for an anonymous client its
 * remote address. One instance is one set of buckets: give the same one to every publish path to
 * make the rate the server's.
 *
 * <p>Defaults: {@value #DEFAULT_PER_SECOND} publishes per second, bursts of {@value #DEFAULT_BURST}.
 *
 * <p>Thread-safe. A bucket is a map entry per client that has published lately: buckets that have
 * refilled (a client idle for {@code burst / perSecond} seconds) are dropped when the map grows
 * past {@value #SWEEP_SIZE} entries, at most once a second, so memory follows the clients that
 * publish now.
 */
public final class PublishRateLimit {

    /** The default sustained publishes per second of one client. */
    public static final double DEFAULT_PER_SECOND = 200;

    /** The default most publishes one client may send at once after a pause. */
    public static final int DEFAULT_BURST = 1_000;

    static final int SWEEP_SIZE = 10_000;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private static final PublishRateLimit UNLIMITED = new PublishRateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE,
            System::nanoTime);

    private final double perSecond;
    private final int burst;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    /** A client's bucket: its tokens as of {@code at} (nanoTime). Immutable; replaced on each publish. */
    private record Bucket(double tokens, long at) {
    }

    private PublishRateLimit(double perSecond, int burst, LongSupplier clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.lastSweep.set(clock.getAsLong());
    }

    /** @return a limit with the defaults, its own buckets */
    public static PublishRateLimit defaults() {
        return of(DEFAULT_PER_SECOND, DEFAULT_BURST);
    }

    /** @return no limit */
    public static PublishRateLimit unlimited() {
        return UNLIMITED;
    }

    /**
     * @param perSecond sustained publishes per second per client, more than 0
     * @param burst the most publishes a client may send at once, at least 1
     * @return the limit, with its own buckets
     */
    public static PublishRateLimit of(double perSecond, int burst) {
        return of(perSecond, burst, System::nanoTime);
    }

    static PublishRateLimit of(double perSecond, int burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("publishes per second " + perSecond + " is invalid: use more than 0, "
                    + "e.g. 200 (or PublishRateLimit.unlimited())");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst " + burst + " is invalid: use at least 1");
        }
        return new PublishRateLimit(perSecond, burst, nanoClock);
    }

    /** @return the sustained publishes per second of one client; infinite when unlimited */
    public double perSecond() {
        return perSecond;
    }

    /** @return the most publishes one client may send at once */
    public int burst() {
        return burst;
    }

    /**
     * Takes one publish from the client's bucket, or refuses it.
     *
     * @param principal who the client is, or null when anonymous
     * @param address its remote address, which names an anonymous client
     * @throws LimitExceededException (429) when the client's bucket is empty, with the time until
     *     its next token as the suggested wait
     */
    public void acquire(String principal, String address) {
        if (this == UNLIMITED) {
            return;
        }
        String client = principal != null ? "principal " + principal : "address " + address;
        long now = clock.getAsLong();
        double[] missing = new double[1];
        buckets.compute(client, (k, b) -> {
            double tokens = b == null ? burst : Math.min(burst, b.tokens() + (now - b.at()) * perSecond / SECOND_NANOS);
            if (tokens >= 1) {
                return new Bucket(tokens - 1, now);
            }
            missing[0] = 1 - tokens;
            return new Bucket(tokens, now);
        });
        if (missing[0] > 0) {
            long waitNanos = (long) Math.ceil(missing[0] * SECOND_NANOS / perSecond);
            throw new LimitExceededException((principal != null ? "you publish" : "your address publishes")
                    + " faster than the " + format(perSecond) + " events per second (bursts of " + burst
                    + ") one client may: wait for Retry-After, then publish more slowly", 429,
                    Duration.ofNanos(waitNanos));
        }
        sweep(now);
    }

    /** @return how many clients have a bucket now */
    int clients() {
        return buckets.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (buckets.size() <= SWEEP_SIZE || now - last < SECOND_NANOS || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        // Per entry, atomically: a bucket a publish just emptied is never dropped as if it were full.
        buckets.forEach((client, seen) -> buckets.computeIfPresent(client,
                (k, b) -> b.tokens() + (now - b.at()) * perSecond / SECOND_NANOS >= burst ? null : b));
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public String toString() {
        return this == UNLIMITED ? "PublishRateLimit{unlimited}"
                : "PublishRateLimit{perSecond=" + format(perSecond) + ", burst=" + burst + "}";
    }
}
