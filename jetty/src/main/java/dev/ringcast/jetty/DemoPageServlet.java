package dev.ringcast.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the demo page: one self-contained HTML file, no external assets, no build step. */
final class DemoPageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] page;

    DemoPageServlet() {
        try (InputStream in = DemoPageServlet.class.getResourceAsStream("demo.html")) {
            if (in == null) {
                throw new IllegalStateException("demo.html is missing from the jetty module's resources");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (!path.equals("/") && !path.equals("/index.html")) {
            response.setStatus(404);
            response.setContentType("application/json;charset=utf-8");
            response.getWriter().write("{\"error\":\"no such page: the demo is at /\"}");
            return;
        }
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
