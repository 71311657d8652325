package dev.ringcast.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's WebSocket client ({@code java.net.http.WebSocket}) as a {@link WebSocketTestClient}:
 * any headers, subprotocols offered, pings answered on its own.
 *
 * <pre>{@code
 * try (JdkWebSocketClient ws = JdkWebSocketClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws?topic=a"),
 *         Map.of("Authorization", "Bearer key"))) {
 *     JsonNode frame = ws.nextJson();
 * }
 * }</pre>
 * A handshake the server refuses with an HTTP status fails {@link #connect} with a
 * {@link Refused} that carries the status; read the body of such an answer with
 * {@link RawHttpClient}, which the JDK client does not expose.
 */
public final class JdkWebSocketClient extends WebSocketTestClient implements WebSocket.Listener {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    /** The server answered the handshake with this HTTP status instead of 101. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        /** The status the server answered. */
        private final int status;

        Refused(int status, Throwable cause) {
            super("the WebSocket handshake was answered " + status, cause);
            this.status = status;
        }

        /** @return the status the server answered */
        public int status() {
            return status;
        }
    }

    private JdkWebSocketClient() {
    }

    /**
     * Opens a connection.
     *
     * @param uri a {@code ws://} URI
     * @param headers handshake headers to add
     * @param subprotocols subprotocols to offer, in order of preference
     * @return the open client
     * @throws Refused if the server answered the handshake with another status than 101
     * @throws Exception if it could not connect within {@link #TIMEOUT}
     */
    public static JdkWebSocketClient connect(URI uri, Map<String, String> headers, String... subprotocols)
            throws Exception {
        JdkWebSocketClient client = new JdkWebSocketClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            client.socket = builder.buildAsync(uri, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                throw new Refused(response.statusCode(), refused);
            }
            throw e;
        }
        return client;
    }

    /**
     * Opens a connection with no header.
     *
     * @param uri a {@code ws://} URI
     * @return the open client
     * @throws Exception as {@link #connect(URI, Map, String...)}
     */
    public static JdkWebSocketClient connect(URI uri) throws Exception {
        return connect(uri, Map.of());
    }

    /**
     * @param uri a {@code ws://} URI
     * @param headers handshake headers
     * @return the status the server answered a handshake with, when it refused it
     * @throws AssertionError if the server accepted the handshake
     * @throws Exception if it could not connect
     */
    public static int refusal(URI uri, Map<String, String> headers) throws Exception {
        JdkWebSocketClient accepted;
        try {
            accepted = connect(uri, headers);
        } catch (Refused refused) {
            return refused.status();
        }
        accepted.close();
        throw new AssertionError("the handshake to " + uri + " was accepted (101)");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed(1006, String.valueOf(error));
    }

    @Override
    public void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s == null) {
            return;
        }
        try {
            if (!s.isOutputClosed()) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            }
            awaitCloseBriefly();
        } catch (Exception e) {
            // the server may have closed first
        } finally {
            s.abort();
        }
    }

    private void awaitCloseBriefly() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
