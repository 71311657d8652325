/**
 * The event log SPI: where a topic's events are stored, given ids and read back for replay. The
 * in-memory ring is the default; a log whose ids are assigned elsewhere (a cluster store) plugs in
 * here without any change to the hub or the transports.
 */
package dev.ringcast.core.log;
