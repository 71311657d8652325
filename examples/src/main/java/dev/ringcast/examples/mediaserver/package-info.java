/**
 * The media server's notifications (seeds: media-server-events-go-sdk.md and
 * media-server-events-ts-sdk.md) on Ringcast: {@code /:/eventsource/notifications} (SSE) and
 * {@code /:/websocket/notifications} (WebSocket) over one event stream, filtered by
 * {@code filters}, with activity progress coalesced for slow clients.
 */
package dev.ringcast.examples.mediaserver;
