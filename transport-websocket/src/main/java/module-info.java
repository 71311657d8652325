/** Ringcast's WebSocket transport (Jakarta WebSocket) and durable channels. */
module dev.ringcast.websocket {
    requires transitive dev.ringcast.http;
    requires transitive jakarta.websocket;
    requires com.fasterxml.jackson.databind;

    exports dev.ringcast.websocket;
}
