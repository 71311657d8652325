package dev.ringcast.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client as a test sees it: the text messages in arrival order, the close code and
 * reason the server sent, and sends. {@link JdkWebSocketClient} is the JDK's
 * ({@code java.net.http.WebSocket}); a test may add another library by extending this class and
 * reporting what arrives with {@link #received(String)} and {@link #closed(int, String)}.
 *
 * <p>Threads: the client library reports from its own threads; the test reads from its thread.
 */
public abstract class WebSocketTestClient implements AutoCloseable {

    /** How long {@link #next()} and {@link #awaitClose()} wait. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;

    /** For subclasses. */
    protected WebSocketTestClient() {
    }

    /**
     * Records a whole text message; called by the subclass, in arrival order.
     *
     * @param text the message
     */
    protected final void received(String text) {
        messages.add(text);
    }

    /**
     * Records the end of the connection; the first call wins.
     *
     * @param code the close code the server sent (1006 when the connection ended without one)
     * @param reason its reason, or what went wrong
     */
    protected final void closed(int code, String reason) {
        if (!closeCode.isDone()) {
            closeReason = reason;
            closeCode.complete(code);
        }
    }

    /**
     * Takes the next text message.
     *
     * @return it
     * @throws InterruptedException if interrupted
     * @throws AssertionError if none arrives within {@link #TIMEOUT} (saying whether the connection closed)
     */
    public String next() throws InterruptedException {
        String message = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + TIMEOUT + (closeCode.isDone()
                    ? "; closed with " + closeCode.getNow(0) + " " + closeReason : ""));
        }
        return message;
    }

    /**
     * Takes the next text message, parsed.
     *
     * @return it as JSON
     * @throws InterruptedException if interrupted
     * @throws IOException if it is not JSON
     */
    public JsonNode nextJson() throws InterruptedException, IOException {
        return JSON.readTree(next());
    }

    /**
     * Takes a message if one arrives in time.
     *
     * @param wait how long to wait
     * @return the message, or null
     * @throws InterruptedException if interrupted
     */
    public String poll(Duration wait) throws InterruptedException {
        return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the end of the connection.
     *
     * @return the close code the server sent (1006 if it ended without one)
     * @throws InterruptedException if interrupted
     * @throws TimeoutException if it does not end within {@link #TIMEOUT}
     * @throws ExecutionException never in practice
     */
    public int awaitClose() throws InterruptedException, ExecutionException, TimeoutException {
        return closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return whether the connection has ended */
    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** @return the close code if the connection has ended, else 0 */
    public int closeCodeNow() {
        return closeCode.getNow(0);
    }

    /** @return the close reason once the connection has ended, else null */
    public String closeReason() {
        return closeReason;
    }

    /**
     * Sends a text message and waits until it is written.
     *
     * @param text the message
     * @throws Exception if the send fails or takes longer than {@link #TIMEOUT}
     */
    public abstract void send(String text) throws Exception;

    /** @return the subprotocol the server selected, empty for none */
    public abstract String subprotocol();

    /** Closes with 1000 and waits briefly for the server's answer; never throws. */
    @Override
    public abstract void close();
}
