package dev.ringcast.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.testkit.internal.BaseServletContainer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class ServletContainerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Completes async requests off the container's threads, as a transport does from its hub. */
    private static final ExecutorService WRITER = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-writer"));

    @AfterAll
    static void stopWriter() {
        WRITER.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void servesAnAsyncServletOnAFreeLoopbackPort(ContainerKind kind) throws Exception {
        try (ServletContainer server = kind.create().servlet("hello", new HelloLaterServlet(), "/hello").start()) {
            assertEquals(kind.name().toLowerCase(), server.name());
            assertTrue(server.port() > 0, "port " + server.port());
            assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/"), server.baseUri());

            HttpResponse<String> response = get(server.baseUri().resolve("hello"));

            assertEquals(200, response.statusCode());
            assertEquals("hello", response.body());
            assertEquals("", response.headers().firstValue("X-Context-Path").orElseThrow(), "context path");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void givesServletsTheContextAttributesAndTheWebSocketContainerBeforeInit(ContainerKind kind) throws Exception {
        try (ServletContainer server = kind.create()
                .contextAttribute("greeting", "set before init")
                .servlet("attributes", new AttributesAtInitServlet(), "/attributes/*", "/also")
                .start()) {
            assertEquals("set before init, websocket container present", get(server.baseUri().resolve("attributes/x")).body());
            assertEquals(200, get(server.baseUri().resolve("also")).statusCode(), "second URL pattern");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void answersAJsr356EndpointOverWebSocket(ContainerKind kind) throws Exception {
        try (ServletContainer server = kind.create()
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .start()) {
            TextRecorder recorder = new TextRecorder();
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), recorder)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            socket.sendText("ping", true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertEquals("echo: ping", recorder.messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("sent: ok", recorder.messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    "the endpoint's send completion");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void countsTheThreadThatServesARequest(ContainerKind kind) throws Exception {
        List<Thread> servingThreads = new CopyOnWriteArrayList<>();
        HttpServlet recorder = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                servingThreads.add(Thread.currentThread());
            }
        };
        try (ServletContainer server = kind.create().servlet("recorder", recorder, "/").start()) {
            assertEquals(200, get(server.baseUri()).statusCode());

            assertTrue(((BaseServletContainer) server).owns(servingThreads.get(0)),
                    servingThreads.get(0).getName() + " served the request but is not counted as " + kind + "'s");
            assertTrue(server.threadCount() > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void closeFreesThePortAndLeavesNoThreadBehindEvenWithRequestsHeld(ContainerKind kind) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        HoldingServlet holding = new HoldingServlet();
        ServletContainer server = kind.create()
                .servlet("hello", new HelloLaterServlet(), "/hello")
                .servlet("held", holding, "/held")
                .endpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build())
                .start();
        int port = server.port();
        assertEquals("hello", get(server.baseUri().resolve("hello")).body());
        assertTrue(server.threadCount() > 0, "threadCount() while serving");
        // Like an SSE stream or a long-poll still open when a test ends.
        CompletableFuture<HttpResponse<InputStream>> held = HTTP.sendAsync(
                HttpRequest.newBuilder(server.baseUri().resolve("held")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertTrue(holding.started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "held request reached the servlet");

        server.close();

        assertEquals(0, server.threadCount(), "threadCount() after close()");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port + " after close()");
        List<String> newThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(name -> !name.startsWith("HttpClient-") && !name.equals("test-writer")) // the test's own
                .collect(Collectors.toList());
        assertEquals(List.of(), newThreads, "threads started since before start() and still alive after close()");
        assertThrows(IllegalStateException.class, server::port);
        server.close(); // idempotent
    }

    @Test
    void tomcatLeavesNeitherItsFoldersNorSystemPropertiesBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> foldersBefore = tomcatFolders(tmp);
        String homeBefore = System.getProperty("catalina.home");
        String baseBefore = System.getProperty("catalina.base");

        // Two in a row: Tomcat would make the first one's folder the second one's home.
        ContainerKind.TOMCAT.create().start().close();
        ContainerKind.TOMCAT.create().start().close();

        assertEquals(foldersBefore, tomcatFolders(tmp));
        assertEquals(homeBefore, System.getProperty("catalina.home"));
        assertEquals(baseBefore, System.getProperty("catalina.base"));
    }

    private static Set<Path> tomcatFolders(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("ringcast-tomcat-")).collect(Collectors.toSet());
        }
    }

    @Test
    void refusesRegistrationsAfterStart() {
        try (ServletContainer server = ContainerKind.JETTY.create().start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> server.servlet("late", new HelloLaterServlet(), "/late"));
            assertTrue(e.getMessage().contains("before start()"), e.getMessage());
            assertThrows(IllegalStateException.class, server::start);
        }
    }

    @Test
    void refusesAServletWithoutUrlPattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerKind.TOMCAT.create().servlet("nowhere", new HelloLaterServlet()));
        assertTrue(e.getMessage().contains("\"nowhere\" has no URL pattern"), e.getMessage());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Starts async and writes "hello" from another thread after {@code service} returned. */
    static final class HelloLaterServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            resp.setHeader("X-Context-Path", req.getContextPath());
            AsyncContext async = req.startAsync();
            WRITER.execute(() -> {
                try {
                    resp.setContentType("text/plain");
                    resp.getWriter().write("hello");
                } catch (IOException e) {
                    resp.setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }
    }

    /** Starts async with no timeout and never completes: the container must end it on close. */
    static final class HoldingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient CountDownLatch started = new CountDownLatch(1);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            AsyncContext async = req.startAsync();
            async.setTimeout(0);
            resp.setContentType("text/event-stream");
            resp.flushBuffer();
            started.countDown();
        }
    }

    /** Reads the context in init(), where a transport looks up its hub. */
    static final class AttributesAtInitServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private String seenAtInit;

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            seenAtInit = config.getServletContext().getAttribute("greeting") + ", websocket container "
                    + (config.getServletContext().getAttribute(ServerContainer.class.getName()) != null ? "present" : "missing");
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(seenAtInit);
        }
    }

    /**
     * Answers each text message with "echo: " and the text, then with the outcome of that
     * send, which the container reports through a {@code SendResult} it constructs.
     */
    public static final class EchoEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> session.getAsyncRemote().sendText("echo: " + text,
                    result -> session.getAsyncRemote().sendText("sent: " + (result.isOK() ? "ok" : result.getException()))));
        }
    }

    private static final class TextRecorder implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            messages.add("error: " + error);
        }
    }
}
