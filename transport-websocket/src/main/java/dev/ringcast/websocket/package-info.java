/**
 * WebSocket over the event hub: a JSR-356 endpoint any container hosts (registered
 * programmatically), with resume by {@code lastEventId}, control messages, keepalive and the
 * reset signal, and durable channels whose cursors the server keeps between connections.
 */
package dev.ringcast.websocket;
