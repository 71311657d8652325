package dev.ringcast.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ServerHost} in a JVM of its own, on this JVM's classpath, so that the heap and RSS it
 * reports are the server's alone. Its stderr goes to a log file named in errors; it is stopped by
 * {@link #close()}, and by the end of its stdin if this JVM dies first.
 *
 * <p>Threads: the generator's main thread.
 */
final class ServerProcess implements ServerUnderTest {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final URI uri;
    private final long pid;
    private final String kind;
    private final Path log;

    private ServerProcess(Process process, BufferedReader out, URI uri, long pid, String kind, Path log) {
        this.process = process;
        this.out = out;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.uri = uri;
        this.pid = pid;
        this.kind = kind;
        this.log = log;
    }

    /**
     * Starts the server process and waits until it serves.
     *
     * @param kind {@code ringcast} or {@code wire}
     * @param ringSize the hub's ring capacity
     * @param jvmArgs options for its JVM, such as {@code -Xmx1g}
     * @return the process, serving
     */
    static ServerProcess start(String kind, int ringSize, List<String> jvmArgs) {
        return start(kind, ringSize, jvmArgs, null);
    }

    /**
     * Starts the server process and waits until it serves.
     *
     * @param kind {@code ringcast} or {@code wire}
     * @param ringSize the hub's ring capacity
     * @param jvmArgs options for its JVM, such as {@code -Xmx1g}
     * @param heartbeat the SSE heartbeat, or null for the default
     * @return the process, serving
     */
    static ServerProcess start(String kind, int ringSize, List<String> jvmArgs, java.time.Duration heartbeat) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServerHost.class.getName(),
                "--kind", kind, "--ring-size", Integer.toString(ringSize)));
        if (heartbeat != null) {
            command.addAll(List.of("--sse-heartbeat-ms", Long.toString(heartbeat.toMillis())));
        }
        Path log;
        Process process;
        try {
            log = Files.createTempFile("ringcast-load-server-", ".log");
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process " + command + ": " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            // JVM options may print first (a flight recording announces itself on stdout): skip to our line.
            line = CompletableFuture.supplyAsync(() -> {
                String l;
                do {
                    l = readLine(out);
                } while (l != null && !l.startsWith("listening "));
                return l;
            }).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the server process did not start (it printed " + line + "); see " + log);
        }
        String[] parts = line.split(" ");
        return new ServerProcess(process, out, URI.create("http://127.0.0.1:" + parts[1] + "/"),
                Long.parseLong(parts[2]), kind, log);
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String description() {
        return kind + " server in its own JVM (pid " + pid + ")";
    }

    @Override
    public MemorySample memory() {
        in.println("mem");
        for (String line; (line = readLine(out)) != null;) {
            if (line.startsWith("mem ")) {
                return MemorySample.parse(line.substring(4));
            }
        }
        throw new IllegalStateException("the server process ended; see " + log);
    }

    @Override
    public double cpuSeconds() {
        return ProcessStat.cpuSeconds(pid);
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            } else if (process.exitValue() == 0) {
                Files.deleteIfExists(log); // kept only when something went wrong
            }
        } catch (IOException e) {
            // the log stays
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
