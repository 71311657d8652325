/** Ringcast in a WAR: a {@code web.xml} and the listener that gives the servlets their hub, authorizer and WebSocket endpoints. */
package dev.ringcast.examples.war;
