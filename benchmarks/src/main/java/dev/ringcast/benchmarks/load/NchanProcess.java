package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Nchan, the C fan-out peer, in a private nginx with one worker, started and stopped by
 * {@code benchmarks/run-nchan.sh} (which installs it from Debian's packages when missing). Its
 * memory and CPU are the worker's: the process that holds the connections and does the fan-out.
 *
 * <p>Threads: the generator's main thread.
 */
final class NchanProcess implements ServerUnderTest {

    private final Path script;
    private final URI uri;
    private final long workerPid;
    private final String prefix;

    private NchanProcess(Path script, URI uri, long workerPid, String prefix) {
        this.script = script;
        this.uri = uri;
        this.workerPid = workerPid;
        this.prefix = prefix;
    }

    /**
     * Starts Nchan and waits until it listens.
     *
     * @param script {@code run-nchan.sh}
     * @param connections the clients the run opens, so the worker may hold them
     * @return the server, serving
     */
    static NchanProcess start(Path script, int connections) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "start",
                "--max-connections", Integer.toString(connections + 100)));
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 10 minutes");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        String[] parts = out.split("\\s+");
        if (exit != 0 || parts.length < 5 || !parts[0].equals("listening")) {
            throw new IllegalStateException(command + " exited " + exit + " and printed \"" + out
                    + "\": expected \"listening <port> <worker pid> <master pid> <prefix>\"");
        }
        return new NchanProcess(script, URI.create("http://127.0.0.1:" + parts[1] + "/"), Long.parseLong(parts[2]),
                parts[4]);
    }

    /**
     * Finds {@code run-nchan.sh}: beside the {@code target} folder that holds this jar, or in the
     * working directory's {@code benchmarks} folder, or in the working directory.
     *
     * @param given the path the user named, or null
     * @return the script
     * @throws IllegalArgumentException if there is none
     */
    static Path script(Path given) {
        List<Path> candidates = new ArrayList<>();
        if (given != null) {
            candidates.add(given);
        } else {
            try {
                Path jar = Path.of(NchanProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (jar.getParent() != null && jar.getParent().getParent() != null) {
                    candidates.add(jar.getParent().getParent().resolve("run-nchan.sh"));
                }
            } catch (java.net.URISyntaxException | RuntimeException e) {
                // no code source: look in the working directory
            }
            candidates.add(Path.of("benchmarks", "run-nchan.sh"));
            candidates.add(Path.of("run-nchan.sh"));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("run-nchan.sh not found (looked at " + candidates
                + "): run from the repository's root or give --nchan-script PATH");
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public String description() {
        return "nchan in a private nginx, one worker (pid " + workerPid + ")";
    }

    @Override
    public MemorySample memory() {
        return ProcessStat.memory(workerPid);
    }

    @Override
    public double cpuSeconds() {
        return ProcessStat.cpuSeconds(workerPid);
    }

    @Override
    public void close() {
        try {
            Process p = new ProcessBuilder("bash", script.toString(), "stop", prefix)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("loadgen: could not stop nchan (" + e.getMessage() + "): stop it with "
                    + script + " stop " + prefix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
