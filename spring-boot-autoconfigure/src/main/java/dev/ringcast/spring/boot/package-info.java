/**
 * Spring Boot auto-configuration: an event hub bean and the SSE, long-poll and WebSocket
 * endpoints on the embedded servlet container, set by {@code ringcast.*} properties.
 */
package dev.ringcast.spring.boot;
