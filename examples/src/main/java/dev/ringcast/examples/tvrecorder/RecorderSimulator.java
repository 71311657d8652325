package dev.ringcast.examples.tvrecorder;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.examples.tvrecorder.RecordingFailureReason.IoError;
import dev.ringcast.examples.tvrecorder.RecordingFailureReason.NeedRescheduling;
import dev.ringcast.examples.tvrecorder.RecordingFailureReason.PipelineError;
import dev.ringcast.examples.tvrecorder.RecordingFailureReason.RemovedFromEpg;
import dev.ringcast.examples.tvrecorder.RecordingFailureReason.ScheduleExpired;
import dev.ringcast.examples.tvrecorder.RecordingFailureReason.StartRecordingFailed;
import dev.ringcast.examples.tvrecorder.TvEvent.EpgProgramsUpdated;
import dev.ringcast.examples.tvrecorder.TvEvent.OnairProgramChanged;
import dev.ringcast.examples.tvrecorder.TvEvent.RecordingFailed;
import dev.ringcast.examples.tvrecorder.TvEvent.RecordingRescheduled;
import dev.ringcast.examples.tvrecorder.TvEvent.RecordingStarted;
import dev.ringcast.examples.tvrecorder.TvEvent.RecordingStopped;
import dev.ringcast.examples.tvrecorder.TvEvent.TimeshiftRecordEnded;
import dev.ringcast.examples.tvrecorder.TvEvent.TimeshiftRecordStarted;
import dev.ringcast.examples.tvrecorder.TvEvent.TimeshiftRecordUpdated;
import dev.ringcast.examples.tvrecorder.TvEvent.TimeshiftStarted;
import dev.ringcast.examples.tvrecorder.TvEvent.TimeshiftStopped;
import dev.ringcast.examples.tvrecorder.TvEvent.TimeshiftTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays a TV recorder's day: EPG updates, on-air changes, recordings that start, stop, are
 * rescheduled or fail (once with every documented reason), and a timeshift recorder's life. Each
 * event is published to the hub's {@value #TOPIC} topic with its type, and Jackson encodes the
 * record once, at publish.
 *
 * <p>{@link #publish} and {@link #publishScript()} may be called from any thread; {@link #start}
 * runs the script on one thread of its own, which {@link #close()} stops.
 */
public final class RecorderSimulator implements AutoCloseable {

    /** The topic {@code GET /events} reads. */
    public static final String TOPIC = "events";

    private static final long SERVICE_ID = 3_273_701_032L;
    private static final long PROGRAM_ID = 327_370_103_212_345L;
    private static final String RECORDER = "tokyo-mx";

    private final EventHub hub;
    private ScheduledExecutorService timer;

    /**
     * @param hub where to publish
     */
    public RecorderSimulator(EventHub hub) {
        this.hub = hub;
    }

    /**
     * The script: every documented event type, and {@code recording.failed} with every documented
     * reason (an {@code io-error} both with and without an OS error number), in a plausible order.
     *
     * @param now the current time in milliseconds, for the timeshift timeline
     * @return the events, in order
     */
    public static List<TvEvent> script(long now) {
        List<TvEvent> events = new ArrayList<>();
        events.add(new EpgProgramsUpdated(SERVICE_ID));
        events.add(new OnairProgramChanged(SERVICE_ID));
        events.add(new TimeshiftStarted(RECORDER));
        events.add(new TimeshiftTimeline(RECORDER, null, null, 0));
        events.add(new TimeshiftRecordStarted(RECORDER, 1));
        events.add(new TimeshiftTimeline(RECORDER, now - 60_000, now, 60_000));
        events.add(new TimeshiftRecordUpdated(RECORDER, 1));
        events.add(new RecordingStarted(PROGRAM_ID));
        events.add(new RecordingStopped(PROGRAM_ID));
        events.add(new RecordingRescheduled(PROGRAM_ID + 1));
        events.add(new RecordingFailed(PROGRAM_ID + 2, new StartRecordingFailed("tuner unavailable")));
        events.add(new RecordingFailed(PROGRAM_ID + 3, new IoError("No space left on device", 28)));
        events.add(new RecordingFailed(PROGRAM_ID + 4, new IoError("stream closed", null)));
        events.add(new RecordingFailed(PROGRAM_ID + 5, new PipelineError(1)));
        events.add(new RecordingFailed(PROGRAM_ID + 6, new NeedRescheduling()));
        events.add(new RecordingFailed(PROGRAM_ID + 7, new ScheduleExpired()));
        events.add(new RecordingFailed(PROGRAM_ID + 8, new RemovedFromEpg()));
        events.add(new TimeshiftRecordEnded(RECORDER, 1));
        events.add(new TimeshiftStopped(RECORDER));
        return events;
    }

    /**
     * Publishes one event.
     *
     * @param event the event
     * @return the stored event, with its id
     */
    public Event publish(TvEvent event) {
        return hub.publish(TOPIC, event.eventType(), event);
    }

    /**
     * Publishes the whole {@linkplain #script(long) script} at once.
     *
     * @return the stored events, in order
     */
    public List<Event> publishScript() {
        return script(System.currentTimeMillis()).stream().map(this::publish).toList();
    }

    /**
     * Publishes the script in a loop, one event per {@code interval}, until {@link #close()}.
     *
     * @param interval the time between two events
     */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("the simulator is already running");
        }
        AtomicInteger next = new AtomicInteger();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tv-recorder-simulator");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            List<TvEvent> script = script(System.currentTimeMillis());
            publish(script.get(next.getAndIncrement() % script.size()));
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the loop, if running. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
