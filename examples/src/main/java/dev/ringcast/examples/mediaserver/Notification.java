package dev.ringcast.examples.mediaserver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One notification as the media server sends it, over SSE and WebSocket alike:
 * {@code {"NotificationContainer":{"type":"activity","size":1,"ActivityNotification":[...]}}}.
 * The container's {@code type} is also the event's type, which {@code filters} selects.
 *
 * <p>Records are immutable; share them freely between threads.
 *
 * @param container the container
 */
public record Notification(@JsonProperty("NotificationContainer") Container container) {

    /**
     * An activity notification.
     *
     * @param notification the activity's change
     * @return the notification, type {@code activity}
     */
    public static Notification activity(ActivityNotification notification) {
        return new Notification(new Container("activity", 1, List.of(notification), null, null));
    }

    /**
     * A play-session state notification.
     *
     * @param notification the session's state
     * @return the notification, type {@code playing}
     */
    public static Notification playing(PlaySessionStateNotification notification) {
        return new Notification(new Container("playing", 1, null, List.of(notification), null));
    }

    /**
     * A library timeline notification.
     *
     * @param entry the library change
     * @return the notification, type {@code timeline}
     */
    public static Notification timeline(TimelineEntry entry) {
        return new Notification(new Container("timeline", 1, null, null, List.of(entry)));
    }

    /** @return the container's type: the event's type */
    public String type() {
        return container.type();
    }

    /**
     * The {@code NotificationContainer}: its type, its size and the list of its type; the lists
     * of other types are left out.
     *
     * @param type {@code activity}, {@code playing} or {@code timeline}
     * @param size how many entries the list holds
     * @param activity the activity notifications, for type {@code activity}
     * @param playing the play-session states, for type {@code playing}
     * @param timeline the timeline entries, for type {@code timeline}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Container(
            String type,
            int size,
            @JsonProperty("ActivityNotification") List<ActivityNotification> activity,
            @JsonProperty("PlaySessionStateNotification") List<PlaySessionStateNotification> playing,
            @JsonProperty("TimelineEntry") List<TimelineEntry> timeline) {
    }

    /**
     * An activity's change: {@code started}, {@code updated} (progress) or {@code ended}.
     *
     * @param event {@code started}, {@code updated} or {@code ended}
     * @param uuid the activity's id
     * @param activity the activity as it is now
     */
    public record ActivityNotification(String event, String uuid, @JsonProperty("Activity") Activity activity) {
    }

    /**
     * A long-running task of the server, such as a library scan.
     *
     * @param uuid its id
     * @param type its kind, such as {@code library.update.section}
     * @param cancellable whether a client may cancel it
     * @param userID the user it runs for
     * @param title what it is, such as {@code Scanning Movies}
     * @param subtitle what it does now
     * @param progress its progress in percent, 0 to 100
     * @param context what it works on, such as {@code {"librarySectionID": "1"}}
     */
    public record Activity(String uuid, String type, boolean cancellable, int userID, String title, String subtitle,
                           int progress, @JsonProperty("Context") Map<String, String> context) {
    }

    /**
     * A play session's state.
     *
     * @param sessionKey the session
     * @param clientIdentifier the player
     * @param ratingKey the item played
     * @param key the item's path
     * @param viewOffset the position in milliseconds
     * @param state {@code playing}, {@code paused}, {@code buffering} or {@code stopped}
     */
    public record PlaySessionStateNotification(String sessionKey, String clientIdentifier, String ratingKey, String key,
                                               long viewOffset, String state) {
    }

    /**
     * A library item's change.
     *
     * @param identifier the library's identifier
     * @param sectionID the library section
     * @param itemID the item
     * @param type the item's kind (1 movie, 2 show, ...)
     * @param title its title
     * @param state its processing state (0 created ... 5 done, 9 deleted)
     * @param updatedAt when, in seconds since the epoch
     */
    public record TimelineEntry(String identifier, String sectionID, String itemID, int type, String title, int state,
                                long updatedAt) {
    }
}
