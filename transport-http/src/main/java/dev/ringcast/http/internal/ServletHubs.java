package dev.ringcast.http.internal;

import dev.ringcast.core.EventHub;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * Where a servlet transport finds its {@link EventHub}: the one passed to its constructor, or,
 * for {@code web.xml} deployments, the servlet-context attribute {@link #HUB_ATTRIBUTE} that the
 * application sets (for example in a {@code ServletContextListener}) before servlets start.
 *
 * <p>Stateless; any thread.
 */
public final class ServletHubs {

    /** The servlet-context attribute that holds the hub: {@code dev.ringcast.core.EventHub}. */
    public static final String HUB_ATTRIBUTE = EventHub.class.getName();

    private ServletHubs() {
    }

    /**
     * @param given the hub passed to the servlet's constructor, or null
     * @param context the servlet's context
     * @param servletName the servlet's class name, for the message
     * @return {@code given}, or the hub in the context attribute
     * @throws ServletException if there is neither, saying how to provide one
     */
    public static EventHub resolve(EventHub given, ServletContext context, String servletName) throws ServletException {
        if (given != null) {
            return given;
        }
        Object attribute = context.getAttribute(HUB_ATTRIBUTE);
        if (attribute instanceof EventHub hub) {
            return hub;
        }
        throw new ServletException(servletName + " has no EventHub: pass one to new " + servletName + "(hub), or set "
                + "the servlet context attribute \"" + HUB_ATTRIBUTE + "\" before the servlet starts");
    }
}
