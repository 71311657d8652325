package dev.ringcast.http;

import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many long-lived connections (SSE streams, WebSocket connections, held long-polls) the
 * server keeps open: in total, per principal and per remote address. One instance is one set of
 * counters: give the same instance to every transport (the standalone server does) and the limits
 * are the server's; give each servlet or endpoint its own and they are that endpoint's.
 *
 * <p>A transport asks for an {@link Admission} once it knows who the client is (after the
 * authorizer, before any hub work) and releases it when the connection ends. Who the client is:
 * the principal name the authorizer's decision gives ({@code Decision.allowAs}), else the
 * container's authenticated principal, else, for an anonymous client, its remote address; every
 * client also counts under its remote address. A refusal is a {@link LimitExceededException}:
 * {@code 429} for a client's own limit, {@code 503} when the server holds its most connections,
 * with {@link #retryAfter()} as the suggested wait (transports send it as {@code Retry-After}).
 *
 * <p>Defaults (see {@link #defaults()}): {@value #DEFAULT_MAX_CONNECTIONS} connections in all,
 * {@value #DEFAULT_MAX_PER_PRINCIPAL} per principal, {@value #DEFAULT_MAX_PER_ADDRESS} per
 * address (generous, for clients behind one NAT), retry after 5 s. An address the transport cannot
 * see ({@code "unknown"}, as JSR-356 gives on Tomcat and Undertow without the handshake filter) is
 * not counted per address.
 *
 * <p>Thread-safe; the counters are exact (compare-and-set, and per-key atomic map updates). Memory
 * is one map entry per principal and per address with a connection open.
 */
public final class ConnectionLimits {

    /** The default most connections in all. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** The default most connections of one principal (for an anonymous client: of its address). */
    public static final int DEFAULT_MAX_PER_PRINCIPAL = 200;

    /** The default most connections from one remote address. */
    public static final int DEFAULT_MAX_PER_ADDRESS = 1_000;

    /** The default wait a refusal suggests. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private static final String UNKNOWN_ADDRESS = "unknown";

    private final int maxConnections;
    private final int maxPerPrincipal;
    private final int maxPerAddress;
    private final Duration retryAfter;

    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perPrincipal = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    private ConnectionLimits(Builder b) {
        this.maxConnections = b.maxConnections;
        this.maxPerPrincipal = b.maxPerPrincipal;
        this.maxPerAddress = b.maxPerAddress;
        this.retryAfter = b.retryAfter;
    }

    /** @return new counters with the default limits */
    public static ConnectionLimits defaults() {
        return builder().build();
    }

    /** @return new counters with no limit (for benchmarks, or a server that limits connections in front) */
    public static ConnectionLimits unlimited() {
        return builder().maxConnections(Integer.MAX_VALUE).maxPerPrincipal(Integer.MAX_VALUE)
                .maxPerAddress(Integer.MAX_VALUE).build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Who a client is, for the limits that count per client.
     *
     * @param decision the authorizer's allowing decision, or null
     * @param access the request it decided on
     * @return the principal name the decision gives, else the container's principal's name, else null (anonymous)
     */
    public static String principalOf(Decision decision, AccessRequest access) {
        if (decision != null && decision.principalName().isPresent()) {
            return decision.principalName().get();
        }
        return access.principal().map(Principal::getName).filter(n -> !n.isEmpty()).orElse(null);
    }

    /**
     * Admits a connection, or refuses it.
     *
     * @param principal who the client is, null when anonymous (it then counts under its address)
     * @param address the client's remote address; null or {@code "unknown"} when the transport cannot see it
     * @return the admission, to {@link Admission#release() release} when the connection ends
     * @throws LimitExceededException 503 when the server holds its most connections, 429 when the
     *     client or its address does
     */
    public Admission admit(String principal, String address) {
        String client = clientKey(principal, address);
        String at = known(address) ? address : null;
        if (!increment(open, maxConnections)) {
            throw serverFull();
        }
        if (client != null && !increment(perPrincipal, client, maxPerPrincipal)) {
            open.decrementAndGet();
            throw clientFull(principal);
        }
        if (at != null && !increment(perAddress, at, maxPerAddress)) {
            if (client != null) {
                decrement(perPrincipal, client);
            }
            open.decrementAndGet();
            throw addressFull();
        }
        return new Admission(client, at);
    }

    /**
     * Tells whether {@link #admit} would admit the client now, without admitting it: for a
     * refusal before a WebSocket upgrade, whose connection is admitted when it opens.
     *
     * @param principal who the client is, null when anonymous
     * @param address the client's remote address, or null
     * @throws LimitExceededException as {@link #admit} would
     */
    public void check(String principal, String address) {
        String client = clientKey(principal, address);
        if (open.get() >= maxConnections) {
            throw serverFull();
        }
        if (client != null && perPrincipal.getOrDefault(client, 0) >= maxPerPrincipal) {
            throw clientFull(principal);
        }
        if (known(address) && perAddress.getOrDefault(address, 0) >= maxPerAddress) {
            throw addressFull();
        }
    }

    /** @return how many connections are admitted now */
    public int open() {
        return open.get();
    }

    /**
     * @param principal a principal name, or null for an anonymous client
     * @param address its address
     * @return how many connections that client holds now
     */
    public int openFor(String principal, String address) {
        String client = clientKey(principal, address);
        return client == null ? 0 : perPrincipal.getOrDefault(client, 0);
    }

    /** @return the most connections in all */
    public int maxConnections() {
        return maxConnections;
    }

    /** @return the most connections of one principal, or of one anonymous client's address */
    public int maxPerPrincipal() {
        return maxPerPrincipal;
    }

    /** @return the most connections from one remote address */
    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** @return the wait a refusal suggests */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String toString() {
        return "ConnectionLimits{open=" + open.get() + ", maxConnections=" + maxConnections + ", maxPerPrincipal="
                + maxPerPrincipal + ", maxPerAddress=" + maxPerAddress + "}";
    }

    private LimitExceededException serverFull() {
        return new LimitExceededException("the server holds its most connections (" + maxConnections
                + "): try again later; its operator can raise ConnectionLimits.maxConnections", 503, retryAfter);
    }

    private LimitExceededException clientFull(String principal) {
        return new LimitExceededException((principal != null ? "you have " : "your address has ") + maxPerPrincipal
                + " connections open, the most one client may: close one (or share one stream for several topics) "
                + "before opening another", 429, retryAfter);
    }

    private LimitExceededException addressFull() {
        return new LimitExceededException("your address has " + maxPerAddress + " connections open, the most one "
                + "address may: close one before opening another", 429, retryAfter);
    }

    private static boolean known(String address) {
        return address != null && !address.isEmpty() && !address.equals(UNKNOWN_ADDRESS);
    }

    private static String clientKey(String principal, String address) {
        if (principal != null) {
            return "principal " + principal;
        }
        return known(address) ? "address " + address : null;
    }

    private static boolean increment(AtomicInteger counter, int max) {
        for (;;) {
            int n = counter.get();
            if (n >= max) {
                return false;
            }
            if (counter.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private static boolean increment(ConcurrentHashMap<String, Integer> counts, String key, int max) {
        boolean[] admitted = new boolean[1];
        counts.compute(key, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private static void decrement(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * One admitted connection's place. {@link #release()} gives it back; releasing twice is harmless.
     * Thread-safe.
     */
    public final class Admission {
        private final String client;
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(String client, String address) {
            this.client = client;
            this.address = address;
        }

        /** Gives the place back: the connection has ended. Idempotent. */
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (address != null) {
                decrement(perAddress, address);
            }
            if (client != null) {
                decrement(perPrincipal, client);
            }
            open.decrementAndGet();
        }
    }

    /** Builds {@link ConnectionLimits}. Not thread-safe. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxPerPrincipal = DEFAULT_MAX_PER_PRINCIPAL;
        private int maxPerAddress = DEFAULT_MAX_PER_ADDRESS;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;

        private Builder() {
        }

        /**
         * @param max the most connections in all, at least 1; default {@value #DEFAULT_MAX_CONNECTIONS}
         * @return this builder
         */
        public Builder maxConnections(int max) {
            this.maxConnections = atLeastOne("max connections", max);
            return this;
        }

        /**
         * @param max the most connections of one principal (an anonymous client: of its address),
         *     at least 1; default {@value #DEFAULT_MAX_PER_PRINCIPAL}
         * @return this builder
         */
        public Builder maxPerPrincipal(int max) {
            this.maxPerPrincipal = atLeastOne("max connections per principal", max);
            return this;
        }

        /**
         * @param max the most connections from one remote address, at least 1; default {@value #DEFAULT_MAX_PER_ADDRESS}
         * @return this builder
         */
        public Builder maxPerAddress(int max) {
            this.maxPerAddress = atLeastOne("max connections per address", max);
            return this;
        }

        /**
         * @param wait the wait a refusal suggests ({@code Retry-After}), 1 s to 1 hour; default 5 s
         * @return this builder
         */
        public Builder retryAfter(Duration wait) {
            Objects.requireNonNull(wait, "retry after");
            if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("retry after " + wait + " is invalid: use 1 s to 1 hour, e.g. 5 s");
            }
            this.retryAfter = wait;
            return this;
        }

        private static int atLeastOne(String what, int max) {
            if (max < 1) {
                throw new IllegalArgumentException(what + " " + max + " is invalid: use at least 1");
            }
            return max;
        }

        /** @return new counters with these limits */
        public ConnectionLimits build() {
            return new ConnectionLimits(this);
        }
    }
}
