package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Another process's CPU time and memory, read from Linux's {@code /proc/<pid>}: what the
 * generator knows of a server it did not build (Nchan's nginx worker) and of its own server
 * processes. Stateless; any thread.
 */
final class ProcessStat {

    /**
     * Clock ticks per second of {@code utime} and {@code stime}: the kernel's {@code USER_HZ},
     * which is 100 on every architecture Linux exports it on (x86, arm64).
     */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStat() {
    }

    /**
     * @param pid a process
     * @return its user plus system CPU time so far, in seconds (all its threads, including those
     *     that have ended), or -1 if unknown
     */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, in parentheses, may hold spaces: count the fields after its end.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "(comm) " the fields start at state (field 3): utime is field 14, stime field 15.
            return (Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * @param pid a process
     * @return its memory (heap unknown: -1), threads and open files where readable
     */
    static MemorySample memory(long pid) {
        long rss = -1;
        int threads = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        long files;
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            files = fds.count();
        } catch (IOException | RuntimeException e) {
            files = -1;
        }
        return new MemorySample(-1, rss, threads, files);
    }
}
