package dev.ringcast.core;

/**
 * The explicit signal that a subscription could not continue from where it was asked to: the
 * events between {@code requestedId} and {@code oldestId} will not be delivered, and the stream
 * continues with events from {@code oldestId} on. Silent loss is never an option; this is what a
 * client is told instead.
 *
 * @param topic the topic concerned
 * @param requestedId the id after which the client asked to read (its last seen id)
 * @param oldestId the id the stream continues from: the oldest event still available to it
 * @param cause why the reset happened
 */
public record Reset(String topic, long requestedId, long oldestId, Cause cause) {

    /** Why a subscription was reset. */
    public enum Cause {
        /** The requested id is older than the retained window: the events after it were overwritten. */
        TOO_OLD,
        /** The requested id cannot belong to this topic's history, for example it is from before a restart. */
        UNKNOWN_ID,
        /** The subscriber fell further behind than its topic's backlog limit allows. */
        BACKLOG
    }
}
