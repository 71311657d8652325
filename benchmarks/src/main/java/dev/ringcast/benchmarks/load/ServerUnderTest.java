package dev.ringcast.benchmarks.load;

import dev.ringcast.jetty.RingcastServer;
import java.net.URI;

/**
 * The server the clients load: a {@link ServerProcess} (the default: its memory is its own), one
 * in this JVM (memory then includes the clients'), or one already running at a URL (memory
 * unknown).
 *
 * <p>Threads: the generator's main thread.
 */
interface ServerUnderTest extends AutoCloseable {

    /** @return its base URI, such as {@code http://127.0.0.1:8080/} */
    URI uri();

    /** @return how it runs, for the report */
    String description();

    /** @return its memory after a full GC, or null if it cannot be measured */
    MemorySample memory();

    /**
     * @return the CPU time (user + system) the server process has used so far, in seconds, or -1
     *     if it is not a process of its own (in this JVM, or at a URL)
     */
    default double cpuSeconds() {
        return -1;
    }

    @Override
    void close();

    /**
     * Starts (or names) the server a run asks for.
     *
     * @param options the run's options
     * @return the server, serving
     */
    static ServerUnderTest start(LoadOptions options) {
        if (options.transport() == LoadOptions.Transport.NCHAN) {
            return NchanProcess.start(NchanProcess.script(options.nchanScript()), options.connections());
        }
        boolean wire = options.transport() == LoadOptions.Transport.WIRE;
        String kind = wire ? "wire" : "ringcast";
        switch (options.server()) {
            case "embedded" -> {
                return ServerProcess.start(kind, options.ringSize(), options.serverJvmArgs(), options.serverHeartbeat());
            }
            case "inprocess" -> {
                AutoCloseable server;
                int port;
                if (wire) {
                    WireServer w = new WireServer("127.0.0.1", 0).start();
                    server = w;
                    port = w.port();
                } else {
                    // One client address at load rates: the per-client limits are off, as in ServerHost.
                    RingcastServer.Builder b = RingcastServer.builder().port(0).ringCapacity(options.ringSize())
                            .connectionLimits(dev.ringcast.http.ConnectionLimits.unlimited())
                            .publishRateLimit(dev.ringcast.http.PublishRateLimit.unlimited())
                            .maxNetworkConnections(Integer.MAX_VALUE)
                            .demoPage(false);
                    if (options.serverHeartbeat() != null) {
                        b.sseSettings(dev.ringcast.sse.SseSettings.builder().heartbeat(options.serverHeartbeat()).build());
                    }
                    RingcastServer r = b.build().start();
                    server = r;
                    port = r.port();
                }
                return new InProcess(server, URI.create("http://127.0.0.1:" + port + "/"), kind);
            }
            default -> {
                if (wire) {
                    throw new IllegalArgumentException("--transport wire starts its own server: use --server embedded "
                            + "or inprocess, not " + options.server());
                }
                URI uri = URI.create(options.server().endsWith("/") ? options.server() : options.server() + "/");
                return new ServerUnderTest() {
                    @Override
                    public URI uri() {
                        return uri;
                    }

                    @Override
                    public String description() {
                        return "external server at " + uri + " (memory not measured)";
                    }

                    @Override
                    public MemorySample memory() {
                        return null;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        }
    }

    /** A server in the generator's own JVM: its memory figures include the clients'. */
    final class InProcess implements ServerUnderTest {
        private final AutoCloseable server;
        private final URI uri;
        private final String kind;

        InProcess(AutoCloseable server, URI uri, String kind) {
            this.server = server;
            this.uri = uri;
            this.kind = kind;
        }

        @Override
        public URI uri() {
            return uri;
        }

        @Override
        public String description() {
            return kind + " server in the generator's JVM (memory includes the clients')";
        }

        @Override
        public MemorySample memory() {
            return MemorySample.ofThisJvmAfterGc();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (Exception e) {
                // stopping is best effort
            }
        }
    }
}
