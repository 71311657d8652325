package dev.ringcast.core;

/**
 * Why a subscription ended; passed once to {@link EventSink#onClosed(Subscription, CloseReason)}.
 *
 * @param kind the kind of ending
 * @param message a sentence for logs and for the client
 * @param error the sink's exception for {@link Kind#SINK_ERROR}, otherwise null
 */
public record CloseReason(Kind kind, String message, Throwable error) {

    /** The kinds of ending. */
    public enum Kind {
        /** {@link Subscription#cancel()} was called, for example because the client went away. */
        CANCELLED,
        /** The hub was closed. */
        HUB_CLOSED,
        /** The subscriber fell behind its topic's backlog limit under {@link BacklogPolicy#CLOSE}. */
        BACKLOG_LIMIT,
        /** The sink threw; the exception is in {@link CloseReason#error()}. */
        SINK_ERROR
    }
}
