package dev.ringcast.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy between a real client socket and a real echo server: bytes pass both ways, a cut
 * is a reset at both ends (never an orderly end of stream), a graceful close stays graceful, and
 * closing it leaves no thread.
 */
@Timeout(30)
class CuttingProxyTest {

    private EchoServer echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new EchoServer();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    @Test
    void forwardsBytesBothWaysUntilTheClientClosesGracefully() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.to(echo.port()).start()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                s.setSoTimeout(5000);
                byte[] sent = "hello through the proxy".getBytes(StandardCharsets.UTF_8);
                s.getOutputStream().write(sent);
                assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length));
                s.shutdownOutput();
                assertEquals(-1, s.getInputStream().read(), "the echo server's FIN passed on as a FIN");
            }
            assertEquals("EOF", echo.ends.poll(5, TimeUnit.SECONDS), "the client's FIN reached the server as a FIN");
            assertEquals(1, proxy.connections());
            assertEquals(0, proxy.cuts(), "a graceful close is not a cut");
        }
    }

    @Test
    void cutsEachConnectionAfterItsLifetimeWithAResetAtBothEnds() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.to(echo.port())
                .lifetime(Duration.ofMillis(200), Duration.ofMillis(400)).start()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write('x');
                assertEquals('x', s.getInputStream().read());
                InputStream in = s.getInputStream();
                SocketException reset = assertThrows(SocketException.class, in::read,
                        "the client must see a reset, not an end of stream");
                assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
            }
            assertEquals("RESET", echo.ends.poll(5, TimeUnit.SECONDS), "the server side was reset too");
            assertEquals(1, proxy.cuts());
            assertEquals(0, proxy.openConnections());
        }
    }

    @Test
    void cutAllResetsTheConnectionsOpenNowAndNotTheNextOnes() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.to(echo.port()).start();
             Socket first = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             Socket second = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            for (Socket s : List.of(first, second)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write('a');
                assertEquals('a', s.getInputStream().read());
            }

            assertEquals(2, proxy.cutAll());

            for (Socket s : List.of(first, second)) {
                assertThrows(SocketException.class, () -> s.getInputStream().read());
            }
            try (Socket third = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                third.setSoTimeout(5000);
                OutputStream out = third.getOutputStream();
                out.write('b');
                assertEquals('b', third.getInputStream().read(), "a connection made after the cut works");
            }
            assertEquals(3, proxy.connections());
            assertEquals(2, proxy.cuts());
        }
    }

    @Test
    void withALatencyBytesPassInOrderAndWhatIsInFlightAtACutIsLost() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.to(echo.port()).latency(Duration.ofMillis(50)).start()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                s.setSoTimeout(5000);
                byte[] sent = new byte[200_000];
                for (int i = 0; i < sent.length; i++) {
                    sent[i] = (byte) (i * 31);
                }
                Thread writer = new Thread(() -> {
                    try {
                        for (int off = 0; off < sent.length; off += 1000) {
                            s.getOutputStream().write(sent, off, 1000);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                assertArrayEquals(sent, s.getInputStream().readNBytes(sent.length), "every byte, in order, both ways");
                writer.join();
            }
            assertEquals("EOF", echo.ends.poll(5, TimeUnit.SECONDS), "the client's FIN, delayed too, reached the server");
        }
        long before = echo.bytesReceived.get();
        try (CuttingProxy slow = CuttingProxy.to(echo.port()).latency(Duration.ofSeconds(5)).start();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), slow.port())) {
            s.getOutputStream().write("in flight".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(100); // read by the proxy, not yet passed on
            assertEquals(1, slow.cutAll());
            assertEquals("RESET", echo.ends.poll(5, TimeUnit.SECONDS));
            assertEquals(before, echo.bytesReceived.get(), "the bytes in flight were lost with the connection");
        }
    }

    @Test
    void closeStopsListeningResetsWhatIsOpenAndLeavesNoThread() throws Exception {
        CuttingProxy proxy = CuttingProxy.to(echo.port()).lifetime(Duration.ofMinutes(1), Duration.ofMinutes(1)).start();
        Socket open = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        open.setSoTimeout(5000);
        open.getOutputStream().write('z');
        assertEquals('z', open.getInputStream().read());
        assertTrue(proxyThreads() >= 3, "acceptor and two pumps");

        proxy.close();

        assertThrows(SocketException.class, () -> open.getInputStream().read());
        open.close();
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), proxy.port()).close());
        assertEquals(0, proxyThreads(), "threads left: " + Thread.getAllStackTraces().keySet());
        proxy.close(); // idempotent
    }

    private static long proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ringcast-cutting-proxy-") && t.isAlive()).count();
    }

    /** Echoes every connection's bytes; records how each connection ended: EOF or RESET. */
    private static final class EchoServer implements AutoCloseable {
        final BlockingQueue<String> ends = new LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::run, "echo-accept");

        EchoServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void run() {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                Thread t = new Thread(() -> echo(s), "echo");
                t.setDaemon(true);
                t.start();
            }
        }

        private void echo(Socket s) {
            try (s) {
                byte[] buffer = new byte[1024];
                for (int n; (n = s.getInputStream().read(buffer)) >= 0; ) {
                    bytesReceived.addAndGet(n);
                    s.getOutputStream().write(buffer, 0, n);
                }
                ends.add("EOF");
            } catch (IOException e) {
                ends.add(String.valueOf(e.getMessage()).contains("reset") ? "RESET" : e.toString());
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
