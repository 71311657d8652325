package dev.ringcast.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 client over a plain socket that behaves like the simple clients servers meet: it
 * writes its whole request, body included, before it reads a byte of the response. A server that
 * answers early and closes with the body unread makes its TCP stack reset the connection, and
 * this client then loses the response; that is what tests with it look for.
 *
 * <p>One request per instance method call, on a new connection. Thread-safe (no state).
 */
public final class RawHttpClient {

    /** How long a test waits for the body to be written, and then for the response. */
    private static final long TIMEOUT_SECONDS = 30;

    private final int port;

    /**
     * @param port the server's loopback port
     */
    public RawHttpClient(int port) {
        this.port = port;
    }

    /**
     * A response as read from the socket.
     *
     * @param status the status code
     * @param headers the headers, names in lower case (the last value of a repeated one)
     * @param body the body, decoded as UTF-8
     */
    public record Response(int status, Map<String, String> headers, String body) {

        /**
         * @param name a header name, any case
         * @return its value, or null
         */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends a request with a {@code Content-Length}, writing the whole body before reading.
     *
     * @param method the method, e.g. {@code POST}
     * @param target the request target, e.g. {@code /poll?topic=a}
     * @param headers extra headers, e.g. {@code Content-Type}; a {@code Host} replaces the default
     *     {@code 127.0.0.1}
     * @param body the body
     * @return the response
     * @throws IOException if the connection fails before the whole response is read (such as
     *     the reset a server causes by closing with the body unread)
     */
    public Response send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        return exchange(method, target, headers, body, false);
    }

    /**
     * Sends a request with {@code Transfer-Encoding: chunked} (no {@code Content-Length}), in chunks
     * of at most 8 KiB, writing the whole body before reading.
     *
     * @param method the method
     * @param target the request target
     * @param headers extra headers
     * @param body the body
     * @return the response
     * @throws IOException if the connection fails before the whole response is read
     */
    public Response sendChunked(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        return exchange(method, target, headers, body, true);
    }

    /**
     * Sends only a request's head, announcing a body that is never sent, and reads the response:
     * for a server that must answer from the headers alone (a {@code Content-Length} over its
     * limit, or {@code Expect: 100-continue}).
     *
     * @param method the method
     * @param target the request target
     * @param headers the headers, {@code Content-Length} included
     * @return the response
     * @throws IOException if the connection fails before the whole response is read
     */
    public Response sendHeadOnly(String method, String target, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write(head(method, target, headers).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Sends a WebSocket opening handshake ({@code GET} with {@code Upgrade: websocket},
     * {@code Connection: Upgrade}, a {@code Sec-WebSocket-Key} and version 13) and reads the answer:
     * a refusal's status, headers and body, or a {@code 101} (with an empty body, the connection
     * then closed without a word: the server sees a peer that went away).
     *
     * @param target the request target, e.g. {@code /ws?topic=a}
     * @param headers extra headers, e.g. {@code Authorization}
     * @return the response
     * @throws IOException if the connection fails before the response head is read
     */
    public Response webSocketHandshake(String target, Map<String, String> headers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Upgrade", "websocket");
        all.put("Connection", "Upgrade");
        all.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        all.put("Sec-WebSocket-Version", "13");
        all.putAll(headers);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            OutputStream out = socket.getOutputStream();
            out.write(head("GET", target, all).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readOne(socket.getInputStream());
        }
    }

    private Response exchange(String method, String target, Map<String, String> headers, byte[] body, boolean chunked)
            throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (chunked) {
            all.put("Transfer-Encoding", "chunked");
        } else {
            all.put("Content-Length", Integer.toString(body.length));
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            OutputStream out = socket.getOutputStream();
            byte[] head = head(method, target, all).getBytes(StandardCharsets.ISO_8859_1);
            // Written on another thread so that a server that stops reading fails the test instead of hanging it.
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head);
                    if (chunked) {
                        for (int at = 0; at < body.length; at += 8192) {
                            int n = Math.min(8192, body.length - at);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body, at, n);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                written.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the server stopped reading the request body: it was not all written within "
                        + TIMEOUT_SECONDS + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
            }
            return read(socket.getInputStream());
        }
    }

    private static String head(String method, String target, Map<String, String> headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (headers.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) {
            b.append("Host: 127.0.0.1\r\n"); // a test may send another, as a DNS-rebinding page would
        }
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        return b.append("\r\n").toString();
    }

    private static Response read(InputStream in) throws IOException {
        Response r = readOne(in);
        while (r.status() >= 100 && r.status() < 200) {
            r = readOne(in); // 100 Continue comes before the real response
        }
        return r;
    }

    private static Response readOne(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (status < 200) {
            return new Response(status, headers, "");
        }
        String length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
            if (body.size() < Integer.parseInt(length)) {
                throw new IOException("the connection ended " + body.size() + " bytes into a body of " + length);
            }
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16); n > 0;
                    n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
            line(in);
        } else {
            in.transferTo(body);
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection ended in the response head, after \"" + b + "\"");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
