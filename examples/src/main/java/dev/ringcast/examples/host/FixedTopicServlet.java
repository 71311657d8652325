package dev.ringcast.examples.host;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Serves one fixed topic through a Ringcast servlet that takes its topic from the {@code topic}
 * query parameter (such as {@link dev.ringcast.sse.SseServlet} in its default mode): every
 * request is passed on as if it had {@code ?topic=<the topic>}, and a {@code topic} the client
 * sends is ignored. So {@code GET /events} serves the topic {@code events}, as an API with one
 * stream documents it, with no topic in its URL.
 *
 * <p>The delegate's lifecycle follows this servlet's ({@code init}, {@code destroy}); mount it
 * with async support on. Thread-safe as its delegate is.
 */
public final class FixedTopicServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final HttpServlet delegate;

    /**
     * @param topic the topic every request reads
     * @param delegate the servlet that serves it, reading {@code ?topic=}
     */
    public FixedTopicServlet(String topic, HttpServlet delegate) {
        this.topic = topic;
        this.delegate = delegate;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        delegate.init(config);
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        delegate.service(new WithTopic((HttpServletRequest) request, topic), response);
    }

    /** The request with its {@code topic} parameter replaced by the fixed topic. */
    private static final class WithTopic extends HttpServletRequestWrapper {
        private final String topic;

        WithTopic(HttpServletRequest request, String topic) {
            super(request);
            this.topic = topic;
        }

        @Override
        public String getParameter(String name) {
            return name.equals("topic") ? topic : super.getParameter(name);
        }

        @Override
        public String[] getParameterValues(String name) {
            return name.equals("topic") ? new String[] {topic} : super.getParameterValues(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap());
            all.put("topic", new String[] {topic});
            return Collections.unmodifiableMap(all);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getParameterNames()));
            names.add("topic");
            return Collections.enumeration(names);
        }
    }
}
