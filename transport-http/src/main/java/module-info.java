/**
 * What Ringcast's servlet transports share: JSON errors, origins and CORS, the host allow-list,
 * parameter parsing, the authorization view of a request, connection limits and the publish rate.
 */
@SuppressWarnings("module") // the modules it exports its plumbing to are built after it
module dev.ringcast.http {
    requires transitive dev.ringcast.core;
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports dev.ringcast.http;
    exports dev.ringcast.http.internal to dev.ringcast.sse, dev.ringcast.longpoll, dev.ringcast.websocket,
            dev.ringcast.jetty;
}
