package dev.ringcast.core.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified token allows: who its holder is, which topics it may subscribe to and publish
 * to ({@link TopicPatterns}), and until when. A {@link TokenVerifier} makes it from a token; the
 * {@link TokenAuthorizer} decides each request with it.
 *
 * <p>Immutable.
 *
 * @param principal who holds the token, non-empty: names the owner of durable channels, and appears in messages
 * @param subscribe the topics it may read (SSE, WebSocket, long-poll, channels)
 * @param publish the topics it may publish to
 * @param expiresAt when it stops being valid, or null if it does not expire
 */
public record Grant(String principal, TopicPatterns subscribe, TopicPatterns publish, Instant expiresAt) {

    /**
     * @param principal who holds the token, non-empty
     * @param subscribe the topics it may read
     * @param publish the topics it may publish to
     * @param expiresAt when it stops being valid, or null if it does not expire
     * @throws IllegalArgumentException if the principal is empty
     */
    public Grant {
        if (principal == null || principal.isEmpty()) {
            throw new IllegalArgumentException("a grant needs a principal: name who holds the token");
        }
        Objects.requireNonNull(subscribe, "subscribe patterns");
        Objects.requireNonNull(publish, "publish patterns");
    }

    /**
     * @param topic a topic
     * @return whether the grant lets its holder read it
     */
    public boolean maySubscribe(String topic) {
        return subscribe.matches(topic);
    }

    /**
     * @param topic a topic
     * @return whether the grant lets its holder publish to it
     */
    public boolean mayPublish(String topic) {
        return publish.matches(topic);
    }

    /**
     * @param now the time
     * @return whether the grant has expired at {@code now} (an expiry at exactly {@code now} has)
     */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
