package dev.ringcast.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Caps the java.util.logging level of the libraries the testkit drives, so a test's output shows
 * its own failures, not each container's start-up banner.
 */
public final class QuietLoggers {

    // java.util.logging holds loggers weakly: a level set on a logger nobody references is lost
    // when it is collected, so keep every capped logger reachable.
    private static final List<Logger> PINNED = new ArrayList<>();

    private QuietLoggers() {
    }

    /**
     * Sets each named logger's level to {@code level}, unless it was configured already (for
     * example by a {@code logging.properties} a developer passed to see more).
     *
     * @param level the most verbose level to keep
     * @param loggerNames the loggers to cap, usually package names
     */
    public static void cap(Level level, String... loggerNames) {
        synchronized (PINNED) {
            for (String name : loggerNames) {
                Logger logger = Logger.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(level);
                }
                PINNED.add(logger);
            }
        }
    }
}
