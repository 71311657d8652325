package dev.ringcast.core;

/**
 * Builds one wire frame of an event (an SSE block, a WebSocket text, a long-poll JSON element).
 *
 * <p>{@link Event#frame(FrameFormat)} calls it at most about once per event and format and shares
 * the result with every subscriber, so a fan-out to N connections encodes once, not N times.
 * Formats are compared by identity: keep one instance per format (a {@code static final} field).
 * Implementations must be stateless and thread-safe and must return a value that nobody mutates.
 *
 * @param <T> the frame's type, for example {@code byte[]} or {@code String}
 */
@FunctionalInterface
public interface FrameFormat<T> {

    /**
     * Encodes one event.
     *
     * @param event the event
     * @return its frame; never mutated afterwards
     */
    T encode(Event event);
}
