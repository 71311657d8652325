package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients that ask for the run's stream and then never read a byte: their 4 KiB receive buffers
 * fill at once, then the server's send buffers, and from there on the server must not let them
 * cost the healthy clients anything. Plain blocking sockets, outside the client loops.
 *
 * <p>Threads: the generator's main thread.
 */
final class StalledClients {

    private StalledClients() {
    }

    /**
     * Opens the stalled connections: SSE, or WebSocket for a WebSocket run.
     *
     * @param transport the run's transport
     * @param target where and what
     * @param count how many
     * @return the sockets, open and never read
     */
    static List<Socket> open(LoadOptions.Transport transport, LoadTarget target, int count) {
        List<Socket> sockets = new ArrayList<>(count);
        String query = "?topic=" + target.topic() + "&lastEventId=" + target.baseId();
        String request = transport == LoadOptions.Transport.WS
                ? "GET /ws" + query + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: " + WebSocketClientFrames.newKey() + "\r\n\r\n"
                : "GET /sse" + query + " HTTP/1.1\r\nHost: " + target.host() + ":" + target.port() + "\r\n\r\n";
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096); // before connecting, so the window is small from the start
                s.connect(new InetSocketAddress(target.host(), target.port()), 5000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                sockets.add(s);
            }
        } catch (IOException e) {
            close(sockets);
            throw new UncheckedIOException("cannot open a stalled client: " + e.getMessage(), e);
        }
        return sockets;
    }

    /**
     * Reads what waits on each stalled connection, to learn whether the server has closed it:
     * the end of the stream (or a reset) comes after the data the server had sent.
     *
     * @param sockets the stalled connections
     * @return how many the server had closed
     */
    static int cutOff(List<Socket> sockets) {
        int closed = 0;
        byte[] buffer = new byte[64 * 1024];
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(200);
                InputStream in = s.getInputStream();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline) {
                    if (in.read(buffer) < 0) {
                        closed++;
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // drained, and still open: the server keeps it
            } catch (IOException e) {
                closed++; // reset by the server
            }
        }
        return closed;
    }

    static void close(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
