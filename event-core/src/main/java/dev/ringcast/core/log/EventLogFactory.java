package dev.ringcast.core.log;

import dev.ringcast.core.TopicConfig;

/**
 * Opens the {@link EventLog} of a topic when the hub first needs it. Set one with
 * {@link dev.ringcast.core.EventHubBuilder#eventLog(EventLogFactory)}; the default is the
 * in-memory ring.
 *
 * <p>Called at most once per topic name per hub, from whichever thread first uses the topic.
 */
@FunctionalInterface
public interface EventLogFactory {

    /**
     * Opens a topic's log.
     *
     * @param topic the topic's name, valid
     * @param config the topic's settings
     * @param onAppend to call after new events become readable (see {@link EventLog})
     * @return the log
     */
    EventLog open(String topic, TopicConfig config, Runnable onAppend);
}
