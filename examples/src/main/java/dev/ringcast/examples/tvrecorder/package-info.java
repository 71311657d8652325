/**
 * The TV recorder's event stream (as examples/README.md describes it) on Ringcast: {@code GET /events}
 * as Server-Sent Events, every documented event a typed Java record encoded by Jackson.
 */
package dev.ringcast.examples.tvrecorder;
