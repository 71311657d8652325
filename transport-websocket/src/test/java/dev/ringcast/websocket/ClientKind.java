package dev.ringcast.websocket;

import dev.ringcast.testkit.JdkWebSocketClient;
import dev.ringcast.testkit.WebSocketTestClient;
import java.net.URI;
import java.util.Map;

/** The WebSocket client libraries the endpoints are tested with: the JDK's and Jetty's JSR-356 client. */
enum ClientKind {
    JDK {
        @Override
        WebSocketTestClient connect(URI uri, Map<String, String> headers) throws Exception {
            return JdkWebSocketClient.connect(uri, headers);
        }
    },
    JETTY {
        @Override
        WebSocketTestClient connect(URI uri, Map<String, String> headers) throws Exception {
            return JettyWsClient.connect(uri, headers);
        }
    };

    abstract WebSocketTestClient connect(URI uri, Map<String, String> headers) throws Exception;
}
