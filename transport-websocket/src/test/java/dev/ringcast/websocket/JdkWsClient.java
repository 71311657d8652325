package dev.ringcast.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The JDK's WebSocket client: answers pings on its own. */
final class JdkWsClient extends WsClient implements WebSocket.Listener {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static JdkWsClient connect(URI uri, Map<String, String> headers) throws Exception {
        JdkWsClient client = new JdkWsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeReason = String.valueOf(error);
        closeCode.complete(1006);
    }

    @Override
    void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            }
            closeCode.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the server may have closed first
        } finally {
            socket.abort();
        }
    }
}
