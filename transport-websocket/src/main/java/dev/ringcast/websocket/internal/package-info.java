/**
 * Internals of the WebSocket transport: the connection (sink, outbox, keepalive), the handshake
 * configurator and the channels' state. Not API.
 */
package dev.ringcast.websocket.internal;
