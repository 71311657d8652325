package dev.ringcast.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Node.js clients of the example APIs, run by the tests: the scripts and the npm packages they
 * use are in {@code src/test/node} ({@code package.json} and {@code package-lock.json} pin them),
 * installed with {@code npm ci} into {@code target/node-clients} once per test run. Node and npm
 * must be installed ({@code scripts/install-test-deps.sh}); a test that needs them fails, saying
 * so, when they are not: nothing is skipped.
 *
 * <p>Thread-safe.
 */
public final class NodeClients {

    private static final Path SOURCES = Path.of("src", "test", "node");
    private static final Path INSTALLED = Path.of("target", "node-clients");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "plex-events.mjs");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path installed;

    private NodeClients() {
    }

    /**
     * Installs the clients' packages with {@code npm ci}, the first time.
     *
     * @return the folder the scripts run in
     * @throws AssertionError if node or npm is missing, or {@code npm ci} fails (with its output)
     */
    public static synchronized Path install() throws IOException, InterruptedException {
        if (installed != null) {
            return installed;
        }
        requireCommand("node");
        requireCommand("npm");
        Files.createDirectories(INSTALLED);
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(INSTALLED.toFile()).redirectErrorStream(true).start();
        String output = readAll(npm.getInputStream());
        if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci in " + INSTALLED + " did not finish within " + INSTALL_TIMEOUT);
        }
        if (npm.exitValue() != 0) {
            throw new AssertionError("npm ci in " + INSTALLED + " failed (exit " + npm.exitValue() + "): " + output);
        }
        installed = INSTALLED;
        return installed;
    }

    private static void requireCommand(String command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            readAll(p.getInputStream());
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // not on the PATH: said below
        }
        throw new AssertionError(command + " is not installed, and this test runs the APIs' own Node.js SDK: "
                + "run scripts/install-test-deps.sh (it installs Debian's nodejs and npm)");
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * Runs a script of {@code src/test/node} with node.
     *
     * @param script the script's file name, such as {@code plex-events.mjs}
     * @param args its arguments
     * @return the running script, whose stdout is read as JSON lines
     */
    public static Script run(String script, String... args) throws IOException, InterruptedException {
        Path dir = install();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return new Script(new ProcessBuilder(command).directory(dir.toFile()).start());
    }

    /** A running node script; its stdout lines are JSON values. Close it to end the process. */
    public static final class Script implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer stderr = new StringBuffer();

        private Script(Process process) {
            this.process = process;
            Thread out = new Thread(() -> pump(process.getInputStream(), lines::add), "node-stdout");
            Thread err = new Thread(() -> pump(process.getErrorStream(), l -> stderr.append(l).append('\n')), "node-stderr");
            out.setDaemon(true);
            err.setDaemon(true);
            out.start();
            err.start();
        }

        private static void pump(InputStream in, java.util.function.Consumer<String> sink) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        /**
         * @param wait how long to wait
         * @return the next line, parsed
         * @throws AssertionError if none comes in time (with what the script wrote to stderr)
         */
        public JsonNode next(Duration wait) throws InterruptedException, IOException {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("the node script printed nothing within " + wait
                        + (process.isAlive() ? "" : " and exited with " + process.exitValue()) + "; stderr: " + stderr);
            }
            return JSON.readTree(line);
        }

        /**
         * @param wait how long to wait
         * @return the exit code
         * @throws AssertionError if it does not exit in time
         */
        public int awaitExit(Duration wait) throws InterruptedException {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the node script did not exit within " + wait + "; stderr: " + stderr);
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
