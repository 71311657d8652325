package dev.ringcast.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs without a skip when Chromium is missing: {@link HeadlessChromium#launch()} then fails
 * every test with the message to run {@code scripts/install-test-deps.sh}.
 */
@Timeout(60)
class HeadlessChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>waiting</title></head>
            <body>
              <h1>SSE in Chromium</h1>
              <p id="received">nothing yet</p>
              <script>
                console.log('page script started');
                const source = new EventSource('/sse');
                source.onmessage = event => {
                  document.getElementById('received').textContent = event.data;
                  document.title = 'ready';
                  source.close();
                };
              </script>
            </body></html>
            """;

    private static ServletContainer server;
    private static HeadlessChromium browser;

    @BeforeAll
    static void serveThePageAndLaunchTheBrowser() {
        server = ContainerKind.JETTY.create()
                .servlet("page", new PageServlet(), "/page.html")
                .servlet("sse", new OneEventSseServlet(), "/sse")
                .start();
        browser = HeadlessChromium.launch();
    }

    @AfterAll
    static void closeAll() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void showsAnEventReceivedOverServerSentEventsAndTakesAScreenshot(@TempDir Path dir) throws IOException {
        browser.open(server.baseUri().resolve("page.html"));

        browser.waitUntil("document.getElementById('received').textContent === 'hello from sse'", TIMEOUT);

        assertEquals("ready", browser.eval("return document.title;"));
        assertEquals(5L, browser.eval("return arguments[0] + arguments[1];", 2, 3));
        Path png = browser.screenshot(dir.resolve("shots/sse.png"));
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "screenshot of " + bytes.length + " bytes");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), "PNG signature");
    }

    @Test
    void waitUntilFailsNamingTheExpressionThePageTextAndTheConsole() {
        browser.open(server.baseUri().resolve("page.html"));
        browser.waitUntil("document.title === 'ready'", TIMEOUT);

        AssertionError failure = assertThrows(AssertionError.class,
                () -> browser.waitUntil("notDefinedAnywhere === 1", Duration.ofMillis(300)));

        String message = failure.getMessage();
        assertTrue(message.contains("`notDefinedAnywhere === 1` was not true within 300 ms"), message);
        assertTrue(message.contains("page: " + server.baseUri().resolve("page.html")), message);
        assertTrue(message.contains("the expression threw: javascript error: notDefinedAnywhere is not defined"), message);
        assertTrue(message.contains("SSE in Chromium") && message.contains("hello from sse"), message);
        assertTrue(message.contains("page script started"), message);
    }

    @Test
    void launchTellsHowToInstallChromiumWhenItIsMissing() {
        Path missing = Path.of("/nonexistent/chromium");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HeadlessChromium.launch(missing, HeadlessChromium.DRIVER));

        assertTrue(e.getMessage().contains(missing + " not found"), e.getMessage());
        assertTrue(e.getMessage().contains("run scripts/install-test-deps.sh".substring(4)), e.getMessage());
    }

    @Test
    void closeEndsTheBrowserProcessesAndDeletesTheProfile() {
        HeadlessChromium own = HeadlessChromium.launch();
        Path profile = own.profileDir();
        ProcessHandle driver = own.driverProcess().orElseThrow(() -> new AssertionError("chromedriver process not found"));
        List<ProcessHandle> processes = Stream.concat(Stream.of(driver), driver.descendants()).collect(Collectors.toList());
        assertTrue(processes.size() > 1, "chromedriver and its browser: " + processes);
        assertTrue(Files.isDirectory(profile));

        own.close();

        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
        assertEquals(List.of(), alive, "processes alive after close()");
        assertFalse(Files.exists(profile), profile + " after close()");
        own.close(); // idempotent
    }

    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=utf-8");
            resp.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends one event and ends the stream; the page closes its EventSource on receipt. */
    static final class OneEventSseServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/event-stream;charset=utf-8");
            resp.setHeader("Cache-Control", "no-cache");
            AsyncContext async = req.startAsync();
            resp.getOutputStream().write("retry: 60000\ndata: hello from sse\n\n".getBytes(StandardCharsets.UTF_8));
            resp.flushBuffer();
            async.complete();
        }
    }
}
