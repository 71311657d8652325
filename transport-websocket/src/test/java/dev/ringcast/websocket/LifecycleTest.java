package dev.ringcast.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringcast.testkit.ContainerKind;
import dev.ringcast.testkit.WebSocketTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shutting down: closing the channel registry or the hub closes their connections with 1001, and
 * once the last connection has ended no thread of the endpoints is left.
 */
@Timeout(60)
class LifecycleTest {

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void closingTheRegistryAndTheHubClosesTheirConnectionsWith1001AndLeavesNoThread(ContainerKind kind) throws Exception {
        try (Fixture fixture = Fixture.start(kind)) {
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fixture.http("/channels/life"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"topics\":[\"life\"]}"))
                    .header("Authorization", "Bearer k").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, put.statusCode(), put.body());
            try (WebSocketTestClient channel = ClientKind.JDK.connect(fixture.ws("/channels/life/ws"), Map.of("Authorization", "Bearer k"));
                 WebSocketTestClient topic = ClientKind.JETTY.connect(fixture.ws("/ws-fast?topic=life"), Map.of())) {
                channel.next();
                topic.next();
                Fixture.await(() -> webSocketThreads() > 0, "the endpoints' threads to start");

                fixture.channels.close();
                assertEquals(RingcastCloseCodes.GOING_AWAY, channel.awaitClose());
                fixture.hub.close();
                assertEquals(RingcastCloseCodes.GOING_AWAY, topic.awaitClose());
                assertEquals("the event hub was closed: reconnect later and resume", topic.closeReason());
            }
            Fixture.await(() -> webSocketThreads() == 0, "no endpoint thread to be left, still " + webSocketThreads());
        }
    }

    private static long webSocketThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ringcast-ws")).count();
    }
}
