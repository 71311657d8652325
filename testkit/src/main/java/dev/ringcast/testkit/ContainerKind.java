package dev.ringcast.testkit;

import dev.ringcast.testkit.internal.JettyServletContainer;
import dev.ringcast.testkit.internal.TomcatServletContainer;
import dev.ringcast.testkit.internal.UndertowServletContainer;
import java.util.function.Supplier;

/**
 * The servlet containers Ringcast's transports are tested in. Run a transport's test against
 * each one with {@code @ParameterizedTest @EnumSource(ContainerKind.class)}.
 */
public enum ContainerKind {
    /** Eclipse Jetty 12, EE10 ({@code ServletContextHandler}, Jakarta WebSocket server). */
    JETTY(JettyServletContainer::new),
    /** Apache Tomcat 11, embedded ({@code tomcat-embed-core}, {@code tomcat-embed-websocket}). */
    TOMCAT(TomcatServletContainer::new),
    /** Undertow 2.3 servlet deployment on XNIO, with {@code undertow-websockets-jsr}. */
    UNDERTOW(UndertowServletContainer::new);

    private final Supplier<ServletContainer> factory;

    ContainerKind(Supplier<ServletContainer> factory) {
        this.factory = factory;
    }

    /**
     * Creates a new, unstarted container of this kind. Containers share no state: several may
     * run at once in one JVM.
     *
     * @return a container to configure and then {@link ServletContainer#start() start}
     */
    public ServletContainer create() {
        return factory.get();
    }
}
