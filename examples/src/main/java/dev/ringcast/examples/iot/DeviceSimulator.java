package dev.ringcast.examples.iot;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Simulated devices whose resources change: each change is published to the notifications
 * topic as a {@link NotificationMessage}, type {@value #TYPE}, for every channel to deliver.
 *
 * <p>{@link #publishChange} may be called from any thread; {@link #start} reports a random
 * temperature of a random device every interval on one thread of its own, until {@link #close()}.
 */
public final class DeviceSimulator implements AutoCloseable {

    /** The event type of a notification message. */
    public static final String TYPE = "notification";

    /** The devices, by endpoint name. */
    public static final List<String> DEVICES = List.of("device-01", "device-02", "device-03");

    /** The resource the devices report: an IPSO temperature sensor's value. */
    public static final String TEMPERATURE = "/3303/0/5700";

    private final EventHub hub;
    private final String topic;
    private ScheduledExecutorService timer;

    /**
     * @param hub where to publish
     * @param topic the notifications topic
     */
    public DeviceSimulator(EventHub hub, String topic) {
        this.hub = hub;
        this.topic = topic;
    }

    /**
     * Publishes one resource change.
     *
     * @param device the device's endpoint name
     * @param path the resource's path
     * @param value the new value, as text
     * @return the stored event
     */
    public Event publishChange(String device, String path, String value) {
        String payload = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        NotificationMessage message = new NotificationMessage(List.of(
                new NotificationMessage.Notification(device, path, "text/plain", payload, 0)));
        return hub.publish(topic, TYPE, message);
    }

    /**
     * Starts reporting temperatures.
     *
     * @param interval the time between two changes
     */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("the simulator is already running");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iot-device-simulator");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String celsius = String.format(Locale.ROOT, "%.1f", 18 + random.nextDouble() * 8);
            try {
                publishChange(DEVICES.get(random.nextInt(DEVICES.size())), TEMPERATURE, celsius);
            } catch (IllegalStateException e) {
                // the hub closed: the server is stopping
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reporting, if running. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
