package dev.ringcast.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ringcast.core.LimitExceededException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the error responses of every Ringcast HTTP endpoint: a 4xx (or 5xx) with the JSON body
 * {@code {"error": "<what is wrong and how to fix it>"}}.
 *
 * <p>Stateless; any thread.
 */
public final class HttpErrors {

    private HttpErrors() {
    }

    /**
     * @param message the message
     * @return the JSON body {@code {"error": message}}
     */
    public static byte[] body(String message) {
        char[] escaped = JsonStringEncoder.getInstance().quoteAsString(message);
        return ("{\"error\":\"" + new String(escaped) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends an error, unless the response is already committed (then it only logs nothing and
     * returns: a stream that has started cannot change its status).
     *
     * @param response the response
     * @param status the status, e.g. 400
     * @param message what is wrong and how to fix it
     * @throws IOException if writing fails
     */
    public static void send(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = body(message);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Answers a limit's refusal: its status (429 or 503), {@code Retry-After} in whole seconds,
     * and its message as the JSON error. Does nothing once the response is committed.
     *
     * @param response the response
     * @param refusal the limit that refused the request
     * @throws IOException if writing fails
     */
    public static void send(HttpServletResponse response, LimitExceededException refusal) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        send(response, refusal.status(), refusal.getMessage());
    }
}
