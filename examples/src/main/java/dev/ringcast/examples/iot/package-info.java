/**
 * The IoT platform's notification channel on
 * Ringcast's durable channels: {@code PUT}, {@code GET}, {@code DELETE /v2/notification/websocket}
 * bound to the API key, and {@code /v2/notification/websocket-connect} to open the WebSocket.
 */
package dev.ringcast.examples.iot;
