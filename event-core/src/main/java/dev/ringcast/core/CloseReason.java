package dev.ringcast.core;

/**
 * Why a subscription ended; passed once to {@link EventSink#onClosed(Subscription, CloseReason)}.
 *
 * @param kind the kind of ending
 * @param message a sentence for logs and for the client
 * @param error the exception for {@link Kind#SINK_ERROR} and {@link Kind#FAILED}, otherwise null
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
        SINK_ERROR,
        /**
         * The subscription failed on the server, outside the sink (for example its event log
         * threw); the exception is in {@link CloseReason#error()}. The client may reconnect with
         * its last ids.
         */
        FAILED
    }
}
