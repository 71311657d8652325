/**
 * Server-Sent Events over the event hub: an async, non-blocking servlet any Servlet 6 container
 * hosts, with resume by {@code Last-Event-ID}, multi-topic streams, heartbeats and the reset signal.
 */
package dev.ringcast.sse;
