package dev.ringcast.examples.host;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves one HTML page from the class path, such as an example's browser demo.
 *
 * <p>The page is read once, when constructed; thread-safe.
 */
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] page;

    /**
     * @param resource the page's class-path resource, such as {@code /dev/ringcast/examples/tvrecorder/index.html}
     * @throws IllegalArgumentException if there is no such resource
     */
    public PageServlet(String resource) {
        try (InputStream in = PageServlet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no page " + resource + " on the class path: rebuild the examples module");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page " + resource, e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
