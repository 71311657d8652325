package dev.ringcast.examples.mediaserver;

import dev.ringcast.core.EventHub;
import dev.ringcast.examples.mediaserver.Notification.PlaySessionStateNotification;
import dev.ringcast.examples.mediaserver.Notification.TimelineEntry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays a media server's life for {@code main}: a library scan every few seconds whose progress
 * is reported every 20 ms (far faster than a person, or a slow client, needs it), the items it
 * adds as {@code timeline} notifications, and a player's session as {@code playing}
 * notifications.
 *
 * <p>Runs on one thread of its own, from {@link #start} to {@link #close()}.
 */
public final class MediaServerSimulator implements AutoCloseable {

    private final EventHub hub;
    private final String topic;
    private final ActivityReporter activities;
    private ScheduledExecutorService timer;

    /**
     * @param hub where to publish
     * @param topic the notifications topic
     * @param activities reports the scans' progress
     */
    public MediaServerSimulator(EventHub hub, String topic, ActivityReporter activities) {
        this.hub = hub;
        this.topic = topic;
        this.activities = activities;
    }

    /**
     * Starts the loop.
     *
     * @param pause the time between two scans
     */
    public synchronized void start(Duration pause) {
        if (timer != null) {
            throw new IllegalStateException("the simulator is already running");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-server-simulator");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::scanLibrary, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scanLibrary() {
        try {
            ActivityReporter.Running scan = activities.start("library.update.section", "Scanning Movies",
                    Map.of("librarySectionID", "1"));
            for (int percent = 1; percent <= 100; percent++) {
                scan.update(percent, "Processing item " + percent + " of 100");
                if (percent % 25 == 0) {
                    long now = System.currentTimeMillis() / 1000;
                    hub.publish(topic, "timeline", Notification.timeline(new TimelineEntry(
                            "com.plexapp.plugins.library", "1", Integer.toString(1000 + percent), 1,
                            "Movie " + percent, 5, now)));
                }
                Thread.sleep(20);
            }
            scan.end();
            hub.publish(topic, "playing", Notification.playing(new PlaySessionStateNotification(
                    "1", "abc123", "1025", "/library/metadata/1025", System.currentTimeMillis() % 600_000, "playing")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // the hub closed: the server is stopping
        }
    }

    /** Stops the loop, if running. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
