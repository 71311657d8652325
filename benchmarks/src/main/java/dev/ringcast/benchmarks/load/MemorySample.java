package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM's memory: the heap in use right after a full collection (live data, what connections
 * cost to keep) and the process's resident set size ({@code VmRSS} of {@code /proc/self/status};
 * -1 where there is no {@code /proc}).
 *
 * @param heapUsedBytes heap in use after {@link System#gc()}
 * @param rssBytes resident set size, or -1
 * @param threads live threads
 * @param openFiles open file descriptors ({@code /proc/self/fd}), or -1
 */
record MemorySample(long heapUsedBytes, long rssBytes, int threads, long openFiles) {

    /**
     * Collects garbage (twice, as finalizable and weakly reachable objects need a second pass)
     * and measures this JVM. Any thread.
     *
     * @return the sample
     */
    static MemorySample ofThisJvmAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new MemorySample(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), rss(),
                ManagementFactory.getThreadMXBean().getThreadCount(), countOpenFiles());
    }

    /** @return this process's VmRSS in bytes, or -1 */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not Linux
        }
        return -1;
    }

    /** @return this process's open file descriptors, or -1 */
    static long countOpenFiles() {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return {@code "<heap> <rss> <threads> <open files>"}, as {@link ServerHost} prints it */
    String line() {
        return heapUsedBytes + " " + rssBytes + " " + threads + " " + openFiles;
    }

    /**
     * @param line what {@link #line()} printed
     * @return the sample
     */
    static MemorySample parse(String line) {
        String[] parts = line.trim().split("\\s+");
        return new MemorySample(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                parts.length > 2 ? Integer.parseInt(parts[2]) : -1, parts.length > 3 ? Long.parseLong(parts[3]) : -1);
    }
}
