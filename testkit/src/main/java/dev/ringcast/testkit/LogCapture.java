package dev.ringcast.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a logger logs while it is open, for tests that check a failure is logged (once,
 * with its exception). Ringcast logs through {@link System.Logger}, which the JDK backs with
 * {@code java.util.logging} when no other logging backend is installed, as in these tests.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("dev.ringcast.http.internal.ServletAuthorization")) {
 *     ... // make the server fail
 *     assertEquals(1, log.warnings().size());
 * }
 * }</pre>
 *
 * <p>Thread-safe: servers log from their own threads.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /**
     * Starts recording.
     *
     * @param loggerName the logger's name, as passed to {@link System#getLogger(String)}
     * @return the capture; close it to stop recording
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** @return the records at {@code WARNING} or above so far, in order */
    public List<LogRecord> warnings() {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
