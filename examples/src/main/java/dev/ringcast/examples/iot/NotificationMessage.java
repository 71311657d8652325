package dev.ringcast.examples.iot;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a channel delivers when device resources change: the platform's notification message,
 * {@code {"notifications":[{"ep":"device-01","path":"/3303/0/5700","ct":"text/plain",
 * "payload":"MjEuNQ==","max-age":0}]}}, the payload base64-encoded.
 *
 * <p>Records are immutable; share them freely between threads.
 *
 * @param notifications the resource changes
 */
public record NotificationMessage(List<Notification> notifications) {

    /**
     * One resource's new value.
     *
     * @param ep the device (endpoint name)
     * @param path the resource's path: object, instance, resource ({@code /3303/0/5700} is a temperature)
     * @param ct the payload's content type
     * @param payload the value, base64-encoded
     * @param maxAge how long the value is valid, in seconds (0: no caching)
     */
    public record Notification(String ep, String path, String ct, String payload, @JsonProperty("max-age") int maxAge) {
    }
}
