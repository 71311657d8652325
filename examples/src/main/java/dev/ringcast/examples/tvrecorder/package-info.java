/**
 * The TV recorder's event stream (seed: tv-recorder-events.md) on Ringcast: {@code GET /events}
 * as Server-Sent Events, every documented event a typed Java record encoded by Jackson.
 */
package dev.ringcast.examples.tvrecorder;
