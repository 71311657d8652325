/** What every example shares: an embedded Jetty 12 on 127.0.0.1 and its few command-line flags. */
package dev.ringcast.examples.host;
