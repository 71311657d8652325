package dev.ringcast.testkit;

import dev.ringcast.testkit.internal.QuietLoggers;
import dev.ringcast.testkit.internal.TempDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium, Debian's {@code chromium} driven through Debian's {@code chromium-driver}
 * with Selenium, for tests that need a real browser's {@code EventSource} and {@code WebSocket}.
 *
 * <p>Nothing is downloaded: both executables are passed to Selenium explicitly, so Selenium
 * Manager never runs. Install them with {@code scripts/install-test-deps.sh}. Each instance has
 * its own profile in a temp folder, deleted on {@link #close()}.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.launch()) {
 *     browser.open(server.baseUri().resolve("demo.html"));
 *     browser.waitUntil("document.title === 'ready'", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Threads: not thread-safe; use an instance from one thread at a time (as WebDriver requires).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** The browser executable, from Debian's {@code chromium} package. */
    public static final Path BROWSER = Path.of("/usr/bin/chromium");

    /** The WebDriver executable, from Debian's {@code chromium-driver} package. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * The command-line flags every launch passes, besides a fresh {@code --user-data-dir}:
     * headless, without the sandbox (tests may run as root, in containers), and without the
     * background traffic (updates, sync, QUIC) that has no network to reach here.
     */
    public static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,800");

    static {
        // Selenium logs each command and its CDP version matching at INFO and WARNING; a
        // failing test's own AssertionError says what matters.
        QuietLoggers.cap(Level.SEVERE, "org.openqa.selenium");
    }

    private static final int MAX_BODY_TEXT_CHARS = 2000;
    private static final int MAX_CONSOLE_ENTRIES = 50;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final ChromeDriver driver;
    private final Path profileDir;
    // chromedriver and the browser processes it started, collected before quitting: the ones
    // still alive after quit() are killed, so no test leaves a browser behind.
    private final Optional<ProcessHandle> driverProcess;
    private boolean closed;

    private HeadlessChromium(ChromeDriver driver, Path profileDir, Optional<ProcessHandle> driverProcess) {
        this.driver = driver;
        this.profileDir = profileDir;
        this.driverProcess = driverProcess;
    }

    /**
     * Tells whether Debian's {@code chromium} and {@code chromium-driver} are installed.
     *
     * @return whether both {@link #BROWSER} and {@link #DRIVER} are executable
     */
    public static boolean isInstalled() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /**
     * Starts a headless Chromium with {@link #FLAGS} and a fresh profile.
     *
     * @return the browser, on {@code about:blank}
     * @throws IllegalStateException if Chromium or its driver is not installed (the message says
     *     to run {@code scripts/install-test-deps.sh}), or if it failed to start
     */
    public static HeadlessChromium launch() {
        return launch(BROWSER, DRIVER);
    }

    static HeadlessChromium launch(Path browser, Path driverExecutable) {
        List<String> missing = Stream.of(browser, driverExecutable)
                .filter(p -> !Files.isExecutable(p))
                .map(Path::toString)
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("headless Chromium is not installed: " + String.join(" and ", missing)
                    + " not found. Run scripts/install-test-deps.sh (it installs Debian's chromium and"
                    + " chromium-driver), then run the tests again");
        }
        Path profileDir;
        try {
            profileDir = Files.createTempDirectory("ringcast-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder for Chromium's profile", e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverExecutable.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream()) // its banner and per-command log
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toString());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profileDir);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profileDir, findDriverProcess(service));
        } catch (RuntimeException e) {
            service.stop();
            try {
                TempDirectories.deleteRecursively(profileDir);
            } catch (IOException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw new IllegalStateException("Chromium failed to start (" + browser + " driven by " + driverExecutable
                    + "): " + e.getMessage(), e);
        }
    }

    private static Optional<ProcessHandle> findDriverProcess(ChromeDriverService service) {
        String portFlag = "--port=" + service.getUrl().getPort();
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains(portFlag))
                .findFirst();
    }

    /**
     * Gives the underlying WebDriver, for what this class does not wrap (clicks, cookies, ...).
     *
     * @return the driver; do not quit it, close this instead
     */
    public WebDriver driver() {
        return driver;
    }

    /**
     * Navigates to a page and waits for its {@code load} event.
     *
     * @param uri the page, usually resolved against {@link ServletContainer#baseUri()}
     */
    public void open(URI uri) {
        driver.get(uri.toString());
    }

    /**
     * Runs JavaScript in the page, as WebDriver's {@code executeScript}: the script is a function
     * body, so use {@code return} to get a value, and {@code arguments[i]} to read {@code args}.
     *
     * @param script the function body
     * @param args its arguments: numbers, booleans, strings, lists, maps or page elements
     * @return the returned value: a Boolean, Long, Double, String, List, Map, WebElement or null
     */
    public Object eval(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /**
     * Polls a JavaScript expression every 50 ms until it is truthy. While it throws (for
     * example before the page defines what it reads), polling goes on.
     *
     * @param jsBooleanExpression an expression, such as {@code "document.title === 'ready'"}
     * @param timeout how long to poll
     * @throws AssertionError on timeout, naming the expression and giving the page's URL, the
     *     last error the expression threw, {@code document.body.innerText} (truncated) and the
     *     browser console's messages
     */
    public void waitUntil(String jsBooleanExpression, Duration timeout) {
        Objects.requireNonNull(jsBooleanExpression, "jsBooleanExpression");
        String script = "return !!(" + jsBooleanExpression + "\n);";
        long deadline = System.nanoTime() + timeout.toNanos();
        WebDriverException lastError = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(driver.executeScript(script))) {
                    return;
                }
                lastError = null;
            } catch (WebDriverException e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for `" + jsBooleanExpression + "`", e);
            }
        }
        throw new AssertionError(timeoutReport(jsBooleanExpression, timeout, lastError), lastError);
    }

    private String timeoutReport(String expression, Duration timeout, WebDriverException lastError) {
        StringBuilder report = new StringBuilder()
                .append("`").append(expression).append("` was not true within ").append(timeout.toMillis())
                .append(" ms\n  page: ").append(safely(driver::getCurrentUrl));
        if (lastError != null) {
            report.append("\n  the expression threw: ").append(lastError.getMessage().lines().findFirst().orElse(""));
        }
        String bodyText = safely(() -> String.valueOf(driver.executeScript(
                "return document.body ? document.body.innerText : '(no body)';")));
        if (bodyText.length() > MAX_BODY_TEXT_CHARS) {
            bodyText = bodyText.substring(0, MAX_BODY_TEXT_CHARS) + "... (" + bodyText.length() + " chars)";
        }
        report.append("\n  document.body.innerText: ").append(bodyText.replace("\n", "\n    "));
        report.append("\n  browser console:");
        List<String> console = consoleMessages();
        if (console.isEmpty()) {
            report.append(" (empty)");
        }
        console.forEach(line -> report.append("\n    ").append(line));
        return report.toString();
    }

    private List<String> consoleMessages() {
        try {
            List<String> lines = new ArrayList<>();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                if (lines.size() == MAX_CONSOLE_ENTRIES) {
                    lines.add("...");
                    break;
                }
                lines.add(entry.getLevel() + " " + entry.getMessage());
            }
            return lines;
        } catch (WebDriverException e) {
            return List.of("(unavailable: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static String safely(java.util.function.Supplier<String> read) {
        try {
            return read.get();
        } catch (WebDriverException e) {
            return "(unavailable: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /**
     * Saves a PNG screenshot of the viewport, creating the file's folder if needed.
     *
     * @param file where to write it
     * @return {@code file}
     * @throws UncheckedIOException if it could not be written
     */
    public Path screenshot(Path file) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot to " + file, e);
        }
    }

    /**
     * Quits the browser and its driver, kills any of their processes still alive, and deletes
     * the profile folder. Idempotent.
     *
     * @throws UncheckedIOException if the profile folder could not be deleted
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> processes = driverProcess
                .map(p -> Stream.concat(Stream.of(p), p.descendants()).collect(Collectors.toList()))
                .orElse(List.of());
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // The browser may have crashed already: what is left of it is killed below.
        }
        for (ProcessHandle process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle process : processes) {
            process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
        }
        try {
            TempDirectories.deleteRecursively(profileDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Chromium's profile folder " + profileDir, e);
        }
    }

    Path profileDir() {
        return profileDir;
    }

    Optional<ProcessHandle> driverProcess() {
        return driverProcess;
    }

    @Override
    public String toString() {
        return "HeadlessChromium[" + profileDir + "]";
    }
}
