/**
 * Ringcast on an embedded Jetty 12: {@code RingcastServer}, the standalone server's {@code main}
 * and the demo page. Cluster mode needs {@code dev.ringcast.cluster.redis} as well.
 */
@SuppressWarnings("requires-automatic") // Micrometer's Prometheus registry names its module in its manifest only
module dev.ringcast.jetty {
    requires transitive dev.ringcast.sse;
    requires transitive dev.ringcast.longpoll;
    requires transitive dev.ringcast.websocket;
    requires transitive org.eclipse.jetty.server;
    requires dev.ringcast.auth.jwt;
    requires dev.ringcast.micrometer;
    requires micrometer.registry.prometheus;
    requires static dev.ringcast.cluster.redis;
    requires transitive org.eclipse.jetty.ee10.servlet;
    requires org.eclipse.jetty.ee10.websocket.jakarta.server;
    requires org.eclipse.jetty.http2.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.util;

    exports dev.ringcast.jetty;
}
