package dev.ringcast.examples.testrunner;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions that exist, by token. A token is a random (version 4) UUID from
 * {@link UUID#randomUUID()}, which draws its 122 random bits from the JDK's
 * cryptographically strong {@link java.security.SecureRandom}: a token cannot be guessed from
 * another one, so knowing a token is what grants access to its session's events. The token is
 * also the session's topic in the hub (36 characters of {@code [0-9a-f-]}, a valid topic name).
 *
 * <p>Thread-safe: sessions are created by request threads and looked up by the authorizer on
 * others; a created token is visible to every thread once {@link #create()} returns.
 */
public final class SessionRegistry {

    /** The most sessions the registry holds, so that a client creating sessions in a loop cannot exhaust memory. */
    public static final int DEFAULT_MAX_SESSIONS = 10_000;

    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final int maxSessions;

    /** A registry of at most {@link #DEFAULT_MAX_SESSIONS} sessions. */
    public SessionRegistry() {
        this(DEFAULT_MAX_SESSIONS);
    }

    /**
     * @param maxSessions the most sessions it holds, at least 1
     */
    public SessionRegistry(int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions " + maxSessions + " is invalid: use at least 1");
        }
        this.maxSessions = maxSessions;
    }

    /**
     * Creates a session.
     *
     * @return its token, such as {@code 6fdbd1a0-c339-41e9-b775-6d49dd567772}
     * @throws IllegalStateException if the registry is full
     */
    public String create() {
        if (tokens.size() >= maxSessions) {
            throw new IllegalStateException("the server holds " + maxSessions
                    + " sessions, its limit: reuse a session you created, or restart the server");
        }
        String token = UUID.randomUUID().toString();
        tokens.add(token);
        return token;
    }

    /**
     * @param token a token, possibly null
     * @return whether a session with that token exists
     */
    public boolean exists(String token) {
        return token != null && tokens.contains(token);
    }

    /** @return how many sessions exist */
    public int size() {
        return tokens.size();
    }
}
