package dev.ringcast.http.internal;

import dev.ringcast.http.HttpErrors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * The request bodies of the servlet transports' writes (a publish, a channel registration): read
 * within a limit, checked to be UTF-8 JSON, and refused without losing the answer.
 *
 * <h2>Refusing a body the client is still sending</h2>
 * Many HTTP/1.1 clients write their whole body before they read the response. If the server
 * answers early (a 413 for a body over the limit, or any refusal before the body was read) and
 * the connection is closed with part of the body unread, the server's TCP stack answers the
 * unread bytes with a reset, and the client loses the response it had not read yet. So before a
 * refusal, what is left of the body is read and discarded, up to {@link #drainLimit(long)} bytes
 * (the larger of {@link #MIN_DRAIN_BYTES} and {@link #DRAIN_FACTOR} times the body limit), as
 * nginx's lingering close does. A body larger than that is not read to its end, and the answer
 * says {@code Connection: close}. A client that sent {@code Expect: 100-continue} and was not
 * told to continue has sent no body: it gets the answer with {@code Connection: close}, and
 * nothing is read.
 *
 * <h2>Slow clients</h2>
 * {@link #readNonBlocking} reads a body with non-blocking I/O within a time limit: a client that
 * sends its body a byte now and then holds no thread while it does, and one that has not sent it
 * all within the limit gets a {@code 408}. The transports read every body that way (a publish, a
 * channel registration), and only then decide, so every refusal comes after the body. {@link #discard}
 * reads with blocking I/O; it drains only {@code POST} and {@code PUT} bodies (the transports'
 * bodies, read by then) and answers any other request that carries one with {@code Connection: close}.
 *
 * <p>Stateless (what a request has had read is kept in its attributes); any thread.
 */
public final class RequestBodies {

    /** A refused request's body is drained up to at least this many bytes: 1 MiB. */
    public static final long MIN_DRAIN_BYTES = 1024 * 1024;

    /** A refused request's body is drained up to this many times the body limit, when that is more than {@link #MIN_DRAIN_BYTES}. */
    public static final int DRAIN_FACTOR = 4;

    /** The default time a client has to send a whole body to {@link #readNonBlocking}: 20 seconds. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(20);

    /** Request attribute: the body was read to its end, drained, or given up on. */
    private static final String SETTLED = RequestBodies.class.getName() + ".settled";
    /** Request attribute: reading the body has started, so a 100 Continue has gone out if one was expected. */
    private static final String STARTED = RequestBodies.class.getName() + ".started";

    private RequestBodies() {
    }

    /**
     * @param maxBodyBytes the body limit of the endpoint
     * @return how many bytes of a refused body are read and discarded before answering
     */
    public static long drainLimit(long maxBodyBytes) {
        return Math.max(MIN_DRAIN_BYTES, DRAIN_FACTOR * maxBodyBytes);
    }

    /** What to do with a body that {@link #readNonBlocking} has read. */
    @FunctionalInterface
    public interface BodyHandler {
        /**
         * Answers the request, on a container thread, once its whole body is read. The response
         * is not committed yet; the request completes when this returns (a {@link RuntimeException}
         * is answered with a JSON 500 and logged).
         *
         * @param body the body, at most the limit given; empty when the request has none
         * @throws IOException if writing the answer fails
         */
        void onBody(byte[] body) throws IOException;
    }

    /**
     * Reads a request's whole body with non-blocking I/O, then hands it to {@code handler}; no
     * thread waits while the client sends it. Without a body, or with one the container already
     * holds whole (most small bodies arrive with their head), the handler runs at once, on the
     * calling thread. The answers this method gives itself, each a JSON error:
     * <ul>
     *   <li>{@code 413} for a body over {@code maxBytes} (by its {@code Content-Length}, or while
     *       reading), after draining it as {@link #discard} does ({@code Connection: close} when
     *       more than {@link #drainLimit} is left, or when the client waits for a 100 Continue);</li>
     *   <li>{@code 408} with {@code Connection: close} when the whole body has not arrived within
     *       {@code timeout} (the container's async timeout);</li>
     *   <li>nothing when the client goes away.</li>
     * </ul>
     * Call it from the servlet's request method, with async support on, and return: the request
     * goes async. A servlet without async support reads with blocking I/O instead ({@link #read}).
     *
     * @param request the request
     * @param response its response, not committed yet
     * @param maxBytes the most bytes the body may have
     * @param timeout how long the client has to send the whole body
     * @param tooLarge makes the 413's message from the size, as for {@link #read}
     * @param handler what to do with the body
     * @throws IOException if answering at once fails
     */
    public static void readNonBlocking(HttpServletRequest request, HttpServletResponse response, int maxBytes,
                                       Duration timeout, Function<String, String> tooLarge, BodyHandler handler)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        long declared = request.getContentLengthLong();
        // HTTP/1.x: no Content-Length and no Transfer-Encoding is no body; HTTP/2 may stream one without a length.
        boolean unframed = request.getHeader("Transfer-Encoding") != null
                || !String.valueOf(request.getProtocol()).startsWith("HTTP/1");
        if (declared == 0 || (declared < 0 && !unframed)) {
            request.setAttribute(SETTLED, Boolean.TRUE);
            handler.onBody(new byte[0]);
            return;
        }
        if (declared > maxBytes && (declared > drainLimit(maxBytes) || expectsContinue(request))) {
            request.setAttribute(SETTLED, Boolean.TRUE);
            response.setHeader("Connection", "close");
            HttpErrors.send(response, 413, tooLarge.apply(declared + " bytes"));
            return;
        }
        if (declared > 0 && declared <= maxBytes) {
            // Most bodies arrive with their head: one the container already holds is read at once.
            ServletInputStream in = request.getInputStream();
            if (in.available() >= declared) {
                request.setAttribute(STARTED, Boolean.TRUE);
                byte[] body = in.readNBytes((int) declared);
                request.setAttribute(SETTLED, Boolean.TRUE);
                handler.onBody(body);
                return;
            }
        }
        if (!request.isAsyncSupported()) {
            byte[] body;
            try {
                body = read(request, response, maxBytes, tooLarge);
            } catch (BadRequestException e) {
                HttpErrors.send(response, e.status(), e.getMessage());
                return;
            }
            handler.onBody(body);
            return;
        }
        request.setAttribute(STARTED, Boolean.TRUE);
        AsyncContext async = request.startAsync();
        async.setTimeout(Math.max(1, timeout.toMillis()));
        ServletInputStream in = request.getInputStream();
        NonBlockingBody reader = new NonBlockingBody(request, response, async, in, maxBytes, timeout, tooLarge, handler);
        async.addListener(reader);
        in.setReadListener(reader);
    }

    /** Marks a request's body as read to its end, drained, or given up on. */
    static void settled(HttpServletRequest request) {
        request.setAttribute(SETTLED, Boolean.TRUE);
    }

    /**
     * Reads a request's whole body, if it is at most {@code maxBytes} long, with the container's
     * blocking I/O (the calling thread waits for the client's bytes; see {@link #readNonBlocking}). A larger body, by its
     * {@code Content-Length} or while reading a chunked one, is drained (see above) and refused.
     *
     * @param request the request
     * @param response its response, not committed yet
     * @param maxBytes the most bytes the body may have
     * @param tooLarge makes the 413's message from the size, {@code "1234 bytes"} by the
     *     {@code Content-Length} or {@code "over 1024 bytes"}
     * @return the body
     * @throws BadRequestException (413) if the body is larger than {@code maxBytes}
     * @throws IOException if reading fails
     */
    public static byte[] read(HttpServletRequest request, HttpServletResponse response, int maxBytes,
                              Function<String, String> tooLarge) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            discard(request, response, drainLimit(maxBytes));
            throw new BadRequestException(413, tooLarge.apply(declared + " bytes"));
        }
        request.setAttribute(STARTED, Boolean.TRUE);
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            discard(request, response, drainLimit(maxBytes));
            throw new BadRequestException(413, tooLarge.apply("over " + maxBytes + " bytes"));
        }
        request.setAttribute(SETTLED, Boolean.TRUE);
        return body;
    }

    /**
     * Makes a refusal readable: reads and discards what is left of the request's body, up to
     * {@code limit} bytes, or, if more is left (or the client waits for a 100 Continue), sets
     * {@code Connection: close} on the response. Call before sending the refusal. Does nothing
     * for a request without a body, or one whose body {@link #read} read or drained already.
     *
     * @param request the request
     * @param response its response, not committed yet
     * @param limit the most bytes to read, usually {@link #drainLimit(long)} of the body limit
     */
    public static void discard(HttpServletRequest request, HttpServletResponse response, long limit) {
        if (request.getAttribute(SETTLED) != null) {
            return;
        }
        request.setAttribute(SETTLED, Boolean.TRUE);
        long declared = request.getContentLengthLong();
        if (declared <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return; // no body (or HTTP/2, where an unread body ends the stream, not the connection)
        }
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method)) {
            // Not a body the transports take: reading it would let a slow client hold this thread.
            response.setHeader("Connection", "close");
            return;
        }
        if (declared > limit || (request.getAttribute(STARTED) == null && expectsContinue(request))) {
            response.setHeader("Connection", "close");
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            for (long drained = 0; drained <= limit; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return; // the whole body is read: the connection can serve the next request
                }
                drained += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the container will not give the body: the connection ends anyway
        }
        response.setHeader("Connection", "close");
    }

    private static boolean expectsContinue(HttpServletRequest request) {
        String expect = request.getHeader("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue");
    }

    /**
     * Checks that a JSON body is UTF-8, the encoding RFC 8259 requires of JSON exchanged between
     * systems. Without this check Jackson would detect UTF-16 or UTF-32 on its own and hand the
     * server text whose byte offsets and bytes do not match what it stores.
     *
     * @param body a request body
     * @return the body, without its leading UTF-8 byte order mark if it had one (RFC 8259 lets a
     *     parser ignore it; it never becomes part of stored data)
     * @throws BadRequestException (400) if the body is UTF-16 or UTF-32, by its byte order mark
     *     or by the zero bytes its first (ASCII) character has in those encodings
     */
    public static byte[] utf8Json(byte[] body) {
        String encoding = otherEncoding(body);
        if (encoding != null) {
            throw new BadRequestException("the body is " + encoding + ", not UTF-8: send the JSON encoded as UTF-8 "
                    + "(Content-Type: application/json; charset=utf-8 or no charset)");
        }
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            return Arrays.copyOfRange(body, 3, body.length);
        }
        return body;
    }

    /** @return the name of the UTF-16 or UTF-32 encoding of a JSON text, or null if it may be UTF-8 (RFC 4627, 3) */
    private static String otherEncoding(byte[] b) {
        int n = b.length;
        int b0 = n > 0 ? b[0] & 0xFF : -1;
        int b1 = n > 1 ? b[1] & 0xFF : -1;
        int b2 = n > 2 ? b[2] & 0xFF : -1;
        int b3 = n > 3 ? b[3] & 0xFF : -1;
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
            return "UTF-32BE (with a byte order mark)";
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
            return "UTF-32LE (with a byte order mark)";
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return "UTF-16BE (with a byte order mark)";
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return "UTF-16LE (with a byte order mark)";
        }
        if (n >= 4 && b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
            return "UTF-32BE";
        }
        if (n >= 4 && b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return "UTF-32LE";
        }
        if (n >= 2 && b0 == 0 && b1 != 0) {
            return "UTF-16BE";
        }
        if (n >= 2 && b0 != 0 && b1 == 0) {
            return "UTF-16LE";
        }
        return null;
    }
}
