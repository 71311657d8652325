package dev.ringcast.benchmarks.load;

/**
 * A minimal RFC 6455 client on the loop's NIO: the upgrade request
 * ({@code GET /ws?topic=T&lastEventId=N}), the {@code Sec-WebSocket-Accept} check, then the
 * server's text frames {@code {"id","topic","type","data"}} checked and timed; pings are answered
 * with a masked pong and a close frame with a close. Frames without an {@code id} are the
 * server's replies ({@code subscribed}, {@code pong}) and are not events.
 *
 * <p>Not thread-safe: its loop's thread.
 */
final class WebSocketClient extends ClientConnection implements WebSocketFrameDecoder.Listener {

    private WebSocketFrameDecoder decoder = new WebSocketFrameDecoder(this);
    private String key;
    private final String path;

    WebSocketClient(ClientLoop loop, LoadTarget target) {
        this(loop, target, "/ws");
    }

    WebSocketClient(ClientLoop loop, LoadTarget target, String path) {
        super(loop, target);
        this.path = path;
    }

    @Override
    void onConnected() {
        key = WebSocketClientFrames.newKey();
        send(requestStart(path + "?topic=" + target.topic() + "&lastEventId=" + check.highest())
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n\r\n");
    }

    @Override
    boolean onHead(HttpResponseHead response) {
        if (response.status() != 101) {
            fail("GET " + path + " answered HTTP " + response.status() + " instead of 101 Switching Protocols"
                    + (response.status() == 404 ? ": the server does not serve WebSocket there" : ""));
            return false;
        }
        String accept = response.header("sec-websocket-accept");
        if (!WebSocketClientFrames.accept(key).equals(accept)) {
            fail("the WebSocket handshake's Sec-WebSocket-Accept is wrong: " + accept);
            return false;
        }
        ready();
        return true;
    }

    @Override
    public void body(byte[] b, int off, int len) {
        decoder.body(b, off, len);
    }

    @Override
    public void onText(String message) {
        long id = LoadPayload.number(message, "\"id\":");
        if (id == Long.MIN_VALUE) {
            if (message.contains("\"type\":\"error\"")) {
                fail("the server sent an error: " + message);
            }
            return; // a reply such as subscribed or pong
        }
        if (message.contains("\"type\":\"reset\"")) {
            check.onReset();
            return;
        }
        deliver(id, LoadPayload.sentNanos(message));
    }

    @Override
    public void onPing(byte[] payload) {
        send(WebSocketClientFrames.masked(WebSocketFrameDecoder.OP_PONG, payload));
    }

    @Override
    public void onClose(int code) {
        // 1005 means "no code" and must not be sent back.
        send(WebSocketClientFrames.masked(WebSocketFrameDecoder.OP_CLOSE,
                code == 1005 ? new byte[0] : new byte[] {(byte) (code >>> 8), (byte) code}));
        dropped("the server closed the WebSocket with code " + code);
    }

    @Override
    void onReopen() {
        decoder = new WebSocketFrameDecoder(this);
    }
}
