package dev.ringcast.examples.testrunner;

import dev.ringcast.http.HttpErrors;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/sessions}: creates a session and answers {@code 201 {"token": "<uuid>"}}. The
 * API's documentation covers only the events endpoint; this is the example's own way to get a session.
 *
 * <p>Thread-safe; each request is short.
 */
public final class CreateSessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SessionRegistry sessions;

    /**
     * @param sessions where sessions are created
     */
    public CreateSessionServlet(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token;
        try {
            token = sessions.create();
        } catch (IllegalStateException e) {
            HttpErrors.send(response, 503, e.getMessage());
            return;
        }
        byte[] body = ("{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(201);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        HttpErrors.send(response, 405, "sessions are created with POST /api/sessions; their events are at "
                + "/api/sessions/<token>/events");
    }
}
