package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client as a test sees it: frames in arrival order, the close code, and sends. Two
 * real implementations: the JDK's {@code java.net.http.WebSocket} and Jetty's JSR-356 client.
 */
abstract class WsClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    /** The client libraries under test. */
    enum Kind {
        JDK {
            @Override
            WsClient connect(URI uri, Map<String, String> headers) throws Exception {
                return JdkWsClient.connect(uri, headers);
            }
        },
        JETTY {
            @Override
            WsClient connect(URI uri, Map<String, String> headers) throws Exception {
                return JettyWsClient.connect(uri, headers);
            }
        };

        abstract WsClient connect(URI uri, Map<String, String> headers) throws Exception;
    }

    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason;

    /** @return the next text frame; fails if none comes within the timeout */
    String next() throws InterruptedException {
        String frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(frame, "no frame within " + TIMEOUT + (closeCode.isDone() ? "; closed with " + closeCode.getNow(0)
                + " " + closeReason : ""));
        return frame;
    }

    /** @return the next text frame as JSON */
    JsonNode nextJson() throws Exception {
        return JSON.readTree(next());
    }

    /** @return a frame arriving within {@code wait}, or null */
    String poll(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the close code the server sent; fails if the connection does not close within the timeout */
    int awaitClose() throws Exception {
        return closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    abstract void send(String text) throws Exception;

    /** Closes with 1000 and waits for the server's answer, briefly. */
    @Override
    public abstract void close();
}
