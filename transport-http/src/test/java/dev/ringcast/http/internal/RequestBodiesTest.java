package dev.ringcast.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.http.HttpErrors;
import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.RawHttpClient;
import dev.ringcast.testkit.ServletContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refusal sent before a body was read reaches a client that writes its whole body before
 * reading, in every container: the body is drained first, up to {@link RequestBodies#drainLimit}.
 */
class RequestBodiesTest {

    /** About the long-poll default, so that an oversize body is more than socket buffers absorb unread. */
    private static final int LIMIT = 300_000;
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private ServletContainer server;

    /** Reads a body of at most {@link #LIMIT} bytes and answers its length; refuses without reading under /deny. */
    private static final class BodyServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().endsWith("/deny")) {
                RequestBodies.discard(request, response, RequestBodies.drainLimit(LIMIT));
                HttpErrors.send(response, 401, "no key: send Authorization");
                return;
            }
            byte[] body;
            try {
                body = RequestBodies.read(request, response, LIMIT,
                        size -> "the body is " + size + ", over the limit of " + LIMIT + " bytes: send less");
            } catch (BadRequestException e) {
                HttpErrors.send(response, e.status(), e.getMessage());
                return;
            }
            byte[] answer = ("{\"bytes\":" + body.length + "}").getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/json");
            response.setContentLength(answer.length);
            response.getOutputStream().write(answer);
        }
    }

    private RawHttpClient start(ContainerKind kind) {
        server = kind.create().servlet("body", new BodyServlet(), "/body/*").start();
        return new RawHttpClient(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static void assert413(RawHttpClient.Response r, String size) {
        assertEquals(413, r.status(), r.body());
        assertTrue(String.valueOf(r.header("Content-Type")).startsWith("application/json"), r.toString());
        assertEquals("{\"error\":\"the body is " + size + ", over the limit of " + LIMIT + " bytes: send less\"}", r.body());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anOversizeBodyWrittenWholeBeforeReadingGetsItsReadable413(ContainerKind kind) throws IOException {
        RawHttpClient client = start(kind);
        int over = LIMIT + 256 * 1024;
        assert413(client.send("POST", "/body/x", JSON, bytes(over)), over + " bytes");
        assert413(client.send("POST", "/body/x", JSON, bytes(2 * LIMIT)), 2 * LIMIT + " bytes");
        assert413(client.sendChunked("POST", "/body/x", JSON, bytes(over)), "over " + LIMIT + " bytes");
        assertEquals("{\"bytes\":" + LIMIT + "}", client.send("POST", "/body/x", JSON, bytes(LIMIT)).body(), "still serving");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aRefusalWithoutReadingDrainsTheBodySoTheClientReadsIt(ContainerKind kind) throws IOException {
        RawHttpClient client = start(kind);
        RawHttpClient.Response r = client.send("POST", "/body/deny", JSON, bytes(512 * 1024));
        assertEquals(401, r.status(), r.body());
        assertEquals("{\"error\":\"no key: send Authorization\"}", r.body());
        assertEquals(401, client.sendChunked("POST", "/body/deny", JSON, bytes(512 * 1024)).status());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aBodyLargerThanTheDrainLimitIsNotWaitedForAndTheConnectionCloses(ContainerKind kind) throws IOException {
        RawHttpClient client = start(kind);
        // Over the 1.2 MB drain limit, under the 2 MiB at which Undertow refuses a body by itself.
        long huge = RequestBodies.drainLimit(LIMIT) + 256 * 1024;
        RawHttpClient.Response r = client.sendHeadOnly("POST", "/body/x", Map.of("Content-Type", "application/json",
                "Content-Length", Long.toString(huge)));
        assert413(r, huge + " bytes");
        assertEquals("close", r.header("Connection"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aClientThatExpects100ContinueIsRefusedWithoutBeingAskedForItsBody(ContainerKind kind) throws IOException {
        RawHttpClient client = start(kind);
        RawHttpClient.Response r = client.sendHeadOnly("POST", "/body/x", Map.of("Content-Type", "application/json",
                "Content-Length", "400000", "Expect", "100-continue"));
        assert413(r, "400000 bytes");
        assertEquals("close", r.header("Connection"));
    }
}
