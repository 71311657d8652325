/**
 * Ringcast without a container of your own: an embedded Jetty 12 server that mounts the
 * transports, a standalone {@code main} serving the reference wire contract, and a demo page.
 */
package dev.ringcast.jetty;
