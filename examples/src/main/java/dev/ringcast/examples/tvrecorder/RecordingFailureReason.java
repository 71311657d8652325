package dev.ringcast.examples.tvrecorder;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Why a recording failed: the {@code reason} of {@code recording.failed}, one record per
 * documented variant. Jackson writes the variant's name first, as the documented {@code type}
 * property ({@code {"type":"io-error","message":"...","osError":28}}), and reads it back to the
 * right record.
 *
 * <p>Records are immutable; share them freely between threads.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(RecordingFailureReason.StartRecordingFailed.class),
    @JsonSubTypes.Type(RecordingFailureReason.IoError.class),
    @JsonSubTypes.Type(RecordingFailureReason.PipelineError.class),
    @JsonSubTypes.Type(RecordingFailureReason.NeedRescheduling.class),
    @JsonSubTypes.Type(RecordingFailureReason.ScheduleExpired.class),
    @JsonSubTypes.Type(RecordingFailureReason.RemovedFromEpg.class)
})
public sealed interface RecordingFailureReason {

    /**
     * {@code start-recording-failed}: the recorder could not start.
     *
     * @param message what went wrong
     */
    @JsonTypeName("start-recording-failed")
    record StartRecordingFailed(String message) implements RecordingFailureReason {
    }

    /**
     * {@code io-error}: reading or writing the stream failed.
     *
     * @param message what went wrong
     * @param osError the OS error number, or null (sent as {@code null}) when there is none
     */
    @JsonTypeName("io-error")
    record IoError(String message, Integer osError) implements RecordingFailureReason {
    }

    /**
     * {@code pipeline-error}: a process of the recording pipeline exited with an error.
     *
     * @param exitCode its exit code
     */
    @JsonTypeName("pipeline-error")
    record PipelineError(int exitCode) implements RecordingFailureReason {
    }

    /** {@code need-rescheduling}: the program moved; the recording is to be scheduled again. */
    @JsonTypeName("need-rescheduling")
    record NeedRescheduling() implements RecordingFailureReason {
    }

    /** {@code schedule-expired}: the program ended before the recording could start. */
    @JsonTypeName("schedule-expired")
    record ScheduleExpired() implements RecordingFailureReason {
    }

    /** {@code removed-from-epg}: the program disappeared from the EPG. */
    @JsonTypeName("removed-from-epg")
    record RemovedFromEpg() implements RecordingFailureReason {
    }
}
