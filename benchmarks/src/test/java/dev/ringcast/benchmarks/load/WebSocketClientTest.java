package dev.ringcast.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.ServletContainer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The NIO WebSocket client against a real JSR-356 server (Jetty), independent of Ringcast's own
 * endpoint: a scripted server sends Ringcast-shaped frames, a reply without an id, a fragmented
 * message, a 64 KiB+ message and a ping, and must get a pong back.
 */
class WebSocketClientTest {

    static final int EVENTS = 100;
    static final CountDownLatch PONGED = new CountDownLatch(1);

    /** Sends the script on open. Instantiated by the container. */
    public static final class ScriptedEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> PONGED.countDown());
            RemoteEndpoint.Basic remote = session.getBasicRemote();
            try {
                remote.sendText("{\"type\":\"subscribed\",\"topic\":\"t\",\"lastEventId\":0}");
                remote.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                for (int id = 1; id <= EVENTS; id++) {
                    String frame = "{\"id\":" + id + ",\"topic\":\"t\",\"type\":\"load\",\"data\":{\"seq\":" + id
                            + ",\"sentNanos\":" + System.nanoTime() + (id == 50 ? ",\"pad\":\"" + "x".repeat(70_000) + "\"" : "")
                            + "}}";
                    if (id == 10) {
                        remote.sendText(frame.substring(0, 7), false);
                        remote.sendText(frame.substring(7), true);
                    } else {
                        remote.sendText(frame);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void receivesEveryEventOnceInOrderAndAnswersPings() throws InterruptedException {
        try (ServletContainer server = ContainerKind.JETTY.create()
                .endpoint(ServerEndpointConfig.Builder.create(ScriptedEndpoint.class, "/ws").build())
                .start()) {
            ClientLoop loop = new ClientLoop("ws-test");
            WebSocketClient client = new WebSocketClient(loop, new LoadTarget("127.0.0.1", server.port(), "t", 0));
            loop.add(client);
            loop.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (loop.deliveries() < EVENTS && loop.failedCount() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(PONGED.await(5, TimeUnit.SECONDS), "the server got a pong");
            loop.stop();
            assertEquals(null, loop.firstFailure());
            assertEquals(EVENTS, client.check.delivered());
            assertEquals(0, client.check.gaps(EVENTS));
            assertEquals(0, client.check.duplicates());
            assertEquals(0, client.check.reorders());
            assertEquals(EVENTS, loop.latency().getTotalCount());
        }
    }
}
