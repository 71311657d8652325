package dev.ringcast.websocket;

import dev.ringcast.testkit.WebSocketTestClient;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Jetty's JSR-356 client, used through its own container class so that the ServiceLoader's
 * choice among the containers on the class path does not matter. One started client container
 * serves every test; its threads are daemons.
 */
final class JettyWsClient extends WebSocketTestClient {

    private static org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer container;

    private Session session;

    static synchronized org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer container()
            throws Exception {
        if (container == null) {
            var c = new org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer();
            c.setDefaultMaxTextMessageBufferSize(1024 * 1024);
            c.start();
            container = c;
        }
        return container;
    }

    static JettyWsClient connect(URI uri, Map<String, String> headers) throws Exception {
        JettyWsClient client = new JettyWsClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        headers.forEach((name, value) -> request.put(name, List.of(value)));
                    }
                })
                .build();
        client.session = container().connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig c) {
                session.addMessageHandler(String.class, client::received);
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                client.closed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
            }

            @Override
            public void onError(Session session, Throwable error) {
                // onClose follows with the code
            }
        }, config, uri);
        return client;
    }

    @Override
    public void send(String text) throws Exception {
        session.getBasicRemote().sendText(text);
    }

    @Override
    public String subprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (Exception e) {
            // the server may have closed first
        }
    }
}
