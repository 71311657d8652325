/**
 * The media server's notifications on Ringcast: {@code /:/eventsource/notifications} (SSE) and
 * {@code /:/websocket/notifications} (WebSocket, or the same SSE stream on a plain {@code GET})
 * over one event stream, filtered by {@code filters} (default {@code -log}), with activity
 * progress coalesced for slow clients.
 */
package dev.ringcast.examples.mediaserver;
