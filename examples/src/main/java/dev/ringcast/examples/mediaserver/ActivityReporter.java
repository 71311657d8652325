package dev.ringcast.examples.mediaserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.examples.mediaserver.Notification.Activity;
import dev.ringcast.examples.mediaserver.Notification.ActivityNotification;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Reports the progress of the server's activities as {@code activity} notifications: an
 * activity is {@linkplain #start started}, {@linkplain Running#update updated} with a
 * percentage as often as the work advances, and {@linkplain Running#end ended}.
 *
 * <p>Progress may be reported far faster than a slow client reads: the notifications topic
 * coalesces {@code updated} notifications by activity ({@link #progressKey(Event)}), so a client
 * that falls behind gets each activity's latest percentage, not the backlog of every step; its
 * {@code started} and {@code ended} are never skipped.
 *
 * <p>Thread-safe: the hub is. A {@link Running} activity is meant to be reported by one thread.
 */
public final class ActivityReporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventHub hub;
    private final String topic;

    /**
     * @param hub where to publish
     * @param topic the notifications topic
     */
    public ActivityReporter(EventHub hub, String topic) {
        this.hub = hub;
        this.topic = topic;
    }

    /**
     * The coalescing key of the notifications topic: an activity's id for its {@code updated}
     * notifications, null (never coalesced) for everything else. Computed once per event.
     *
     * @param event an event of the notifications topic
     * @return the activity's uuid, or null
     */
    public static String progressKey(Event event) {
        if (!event.type().equals("activity")) {
            return null;
        }
        byte[] data = new byte[event.dataLength()];
        event.copyData(data, 0);
        try {
            JsonNode notification = JSON.readTree(data).path("NotificationContainer").path("ActivityNotification").path(0);
            return notification.path("event").asText().equals("updated") ? notification.path("uuid").textValue() : null;
        } catch (IOException e) {
            return null; // not an activity notification this reporter wrote: deliver it as is
        }
    }

    /**
     * Starts an activity and publishes its {@code started} notification.
     *
     * @param type its kind, such as {@code library.update.section}
     * @param title what it is, such as {@code Scanning Movies}
     * @param context what it works on, such as {@code {"librarySectionID": "1"}}
     * @return the running activity
     */
    public Running start(String type, String title, Map<String, String> context) {
        Running running = new Running(UUID.randomUUID().toString(), type, title, Map.copyOf(context));
        running.publish("started", "", 0);
        return running;
    }

    /** An activity that has started: report its progress, then its end. */
    public final class Running {
        private final String uuid;
        private final String type;
        private final String title;
        private final Map<String, String> context;

        private Running(String uuid, String type, String title, Map<String, String> context) {
            this.uuid = uuid;
            this.type = type;
            this.title = title;
            this.context = context;
        }

        /** @return the activity's id */
        public String uuid() {
            return uuid;
        }

        /**
         * Publishes an {@code updated} notification.
         *
         * @param progress the progress in percent, 0 to 100
         * @param subtitle what it does now
         * @return the stored event
         */
        public Event update(int progress, String subtitle) {
            if (progress < 0 || progress > 100) {
                throw new IllegalArgumentException("progress " + progress + " is invalid: use 0 to 100 (percent)");
            }
            return publish("updated", subtitle, progress);
        }

        /**
         * Publishes the {@code ended} notification, at 100 percent.
         *
         * @return the stored event
         */
        public Event end() {
            return publish("ended", "", 100);
        }

        private Event publish(String event, String subtitle, int progress) {
            Activity activity = new Activity(uuid, type, false, 1, title, subtitle, progress, context);
            return hub.publish(topic, "activity", Notification.activity(new ActivityNotification(event, uuid, activity)));
        }
    }
}
