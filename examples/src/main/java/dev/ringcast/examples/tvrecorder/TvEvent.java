package dev.ringcast.examples.tvrecorder;

/**
 * Every event of the recorder's {@code /events} stream, one record per documented event type.
 * A record's components are the documented properties, with the same names, so Jackson encodes
 * it to exactly the documented JSON; {@link #eventType()} is the SSE {@code event:} name.
 *
 * <p>Records are immutable; share them freely between threads.
 */
public sealed interface TvEvent {

    /** @return the event's type, sent as the SSE {@code event:} field, such as {@code recording.started} */
    String eventType();

    /**
     * {@code epg.programs-updated}: the EPG programs of a service were updated.
     *
     * @param serviceId the service (ServiceId)
     */
    record EpgProgramsUpdated(long serviceId) implements TvEvent {
        @Override
        public String eventType() {
            return "epg.programs-updated";
        }
    }

    /**
     * {@code recording.started}: recording of a program started.
     *
     * @param programId the program (ProgramId)
     */
    record RecordingStarted(long programId) implements TvEvent {
        @Override
        public String eventType() {
            return "recording.started";
        }
    }

    /**
     * {@code recording.stopped}: recording of a program stopped.
     *
     * @param programId the program (ProgramId)
     */
    record RecordingStopped(long programId) implements TvEvent {
        @Override
        public String eventType() {
            return "recording.stopped";
        }
    }

    /**
     * {@code recording.failed}: recording of a program failed.
     *
     * @param programId the program (ProgramId)
     * @param reason why, one of the documented variants
     */
    record RecordingFailed(long programId, RecordingFailureReason reason) implements TvEvent {
        @Override
        public String eventType() {
            return "recording.failed";
        }
    }

    /**
     * {@code recording.rescheduled}: recording of a program was rescheduled.
     *
     * @param programId the program (ProgramId)
     */
    record RecordingRescheduled(long programId) implements TvEvent {
        @Override
        public String eventType() {
            return "recording.rescheduled";
        }
    }

    /**
     * {@code timeshift.timeline}: the timeshift timeline of a service advanced.
     *
     * @param recorder the timeshift recorder's name
     * @param startTime the timeline's start, UNIX time in milliseconds, or null
     * @param endTime the timeline's end, UNIX time in milliseconds, or null
     * @param duration its length in milliseconds
     */
    record TimeshiftTimeline(String recorder, Long startTime, Long endTime, long duration) implements TvEvent {
        @Override
        public String eventType() {
            return "timeshift.timeline";
        }
    }

    /**
     * {@code timeshift.started}: timeshift recording of a service started.
     *
     * @param recorder the timeshift recorder's name
     */
    record TimeshiftStarted(String recorder) implements TvEvent {
        @Override
        public String eventType() {
            return "timeshift.started";
        }
    }

    /**
     * {@code timeshift.stopped}: timeshift recording of a service stopped.
     *
     * @param recorder the timeshift recorder's name
     */
    record TimeshiftStopped(String recorder) implements TvEvent {
        @Override
        public String eventType() {
            return "timeshift.stopped";
        }
    }

    /**
     * {@code timeshift.record-started}: timeshift recording of a program started.
     *
     * @param recorder the timeshift recorder's name
     * @param recordId the record
     */
    record TimeshiftRecordStarted(String recorder, long recordId) implements TvEvent {
        @Override
        public String eventType() {
            return "timeshift.record-started";
        }
    }

    /**
     * {@code timeshift.record-updated}: timeshift recording of a program was updated.
     *
     * @param recorder the timeshift recorder's name
     * @param recordId the record
     */
    record TimeshiftRecordUpdated(String recorder, long recordId) implements TvEvent {
        @Override
        public String eventType() {
            return "timeshift.record-updated";
        }
    }

    /**
     * {@code timeshift.record-ended}: timeshift recording of a program ended.
     *
     * @param recorder the timeshift recorder's name
     * @param recordId the record
     */
    record TimeshiftRecordEnded(String recorder, long recordId) implements TvEvent {
        @Override
        public String eventType() {
            return "timeshift.record-ended";
        }
    }

    /**
     * {@code onair.program-changed}: the on-air program of a service changed.
     *
     * @param serviceId the service (ServiceId)
     */
    record OnairProgramChanged(long serviceId) implements TvEvent {
        @Override
        public String eventType() {
            return "onair.program-changed";
        }
    }
}
