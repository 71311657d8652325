/**
 * A Spring Boot application on Ringcast's starter: orders placed over REST reach browsers live
 * over SSE, WebSocket and long-poll, with no Ringcast code but a codec bean for Jackson 3.
 */
package dev.ringcast.examples.springboot;
