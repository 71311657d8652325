/**
 * What Ringcast's servlet transports share: JSON errors, origins and CORS, the host allow-list,
 * parameter parsing, the authorization view of a request, connection limits and the publish rate.
 */
module dev.ringcast.http {
    requires transitive dev.ringcast.core;
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports dev.ringcast.http;
}
