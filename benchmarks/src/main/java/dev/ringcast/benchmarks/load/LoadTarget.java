package dev.ringcast.benchmarks.load;

/**
 * Where the clients connect and what they ask for: the server's loopback address, the run's
 * topic, and the id after which every client starts (the id of the marker event the generator
 * publishes before the run, so every client expects exactly the run's events).
 *
 * @param host the server's host, such as 127.0.0.1
 * @param port its port
 * @param topic the topic of the run
 * @param baseId the id after which clients start
 */
record LoadTarget(String host, int port, String topic, long baseId) {
}
