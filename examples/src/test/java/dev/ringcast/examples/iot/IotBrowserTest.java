package dev.ringcast.examples.iot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ringcast.testkit.HeadlessChromium;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The browser's way to open the channel, in a real browser (Debian's Chromium, headless): a page
 * cannot set {@code Authorization} on a WebSocket, so it offers the key as a subprotocol,
 * {@code new WebSocket(url, ['wss', 'pelion_' + key])}; Chromium accepts the handshake only if
 * the server selects one of the offered subprotocols.
 */
class IotBrowserTest {

    @Test
    void aBrowserOpensTheChannelWithTheKeyAsASubprotocol() throws Exception {
        try (IotNotificationServer server = IotNotificationServer.start(0, Duration.ofHours(24));
             HeadlessChromium chromium = HeadlessChromium.launch()) {
            server.devices().publishChange("device-03", DeviceSimulator.TEMPERATURE, "20.0"); // before the channel
            chromium.open(server.uri());
            chromium.eval("window.connectChannel(arguments[0]);", "ak_browser0123456789");
            chromium.waitUntil("window.iot.protocol !== null", Duration.ofSeconds(15));
            chromium.eval("window.iot.socket.close();"); // registered and connected: now away for a while
            chromium.waitUntil("window.iot.closed !== null", Duration.ofSeconds(15));
            server.devices().publishChange("device-01", DeviceSimulator.TEMPERATURE, "21.0");

            chromium.eval("window.connectChannel(arguments[0]);", "ak_browser0123456789");
            chromium.waitUntil("window.iot.messages.length >= 1", Duration.ofSeconds(15));
            server.devices().publishChange("device-02", DeviceSimulator.TEMPERATURE, "22.0");
            chromium.waitUntil("window.iot.messages.length >= 2", Duration.ofSeconds(15));

            assertEquals("wss", chromium.eval("return window.iot.protocol;"));
            assertEquals(java.util.List.of("device-01 21.0", "device-02 22.0"), chromium.eval(
                    "return window.iot.messages.map(m => m.notifications[0].ep + ' ' + atob(m.notifications[0].payload));"),
                    "what waited, then live, as bare notification messages; nothing from before the channel (device-03)");
            assertEquals(null, chromium.eval("return window.iot.closed;"));
        }
    }
}
