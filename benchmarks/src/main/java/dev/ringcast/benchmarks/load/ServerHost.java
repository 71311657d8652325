package dev.ringcast.benchmarks.load;

import dev.ringcast.jetty.RingcastServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The server under test in a process of its own, so that its heap and RSS are its own: the load
 * generator starts it ({@code java -cp <classpath> dev.ringcast.benchmarks.load.ServerHost --kind
 * ringcast|wire [--ring-size N]}) and talks to it over stdin and stdout. It prints
 * {@code listening <port> <pid>} once serving on a free loopback port; then each {@code mem}
 * line on stdin is answered {@code mem <heap used after GC> <rss>}, and {@code quit} (or the end
 * of stdin, when the generator dies) stops it.
 */
public final class ServerHost {

    private ServerHost() {
    }

    /**
     * Entry point.
     *
     * @param args {@code --kind ringcast|wire}, {@code --ring-size N}, {@code --sse-heartbeat-ms N}
     * @throws IOException if stdin fails
     */
    public static void main(String[] args) throws IOException {
        String kind = "ringcast";
        int ringSize = 1024;
        long heartbeatMillis = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--kind" -> kind = args[i + 1];
                case "--ring-size" -> ringSize = Integer.parseInt(args[i + 1]);
                case "--sse-heartbeat-ms" -> heartbeatMillis = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AutoCloseable server;
        int port;
        if (kind.equals("wire")) {
            WireServer wire = new WireServer("127.0.0.1", 0).start();
            server = wire;
            port = wire.port();
        } else {
            // Every client of a load run comes from this machine's one address, at rates and in numbers
            // far past the per-client defaults: the limits are off, so the run measures the transports.
            RingcastServer.Builder b = RingcastServer.builder().port(0).ringCapacity(ringSize).demoPage(false)
                    .connectionLimits(dev.ringcast.http.ConnectionLimits.unlimited())
                    .publishRateLimit(dev.ringcast.http.PublishRateLimit.unlimited())
                    .maxNetworkConnections(Integer.MAX_VALUE);
            if (heartbeatMillis > 0) {
                // The transports' own settings carry their own limits: off here too.
                b.sseSettings(dev.ringcast.sse.SseSettings.builder()
                        .connectionLimits(dev.ringcast.http.ConnectionLimits.unlimited())
                        .heartbeat(java.time.Duration.ofMillis(heartbeatMillis)).build());
            }
            RingcastServer ringcast = b.build().start();
            server = ringcast;
            port = ringcast.port();
        }
        System.out.println("listening " + port + " " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("quit");) {
            if (line.equals("mem")) {
                System.out.println("mem " + MemorySample.ofThisJvmAfterGc().line());
                System.out.flush();
            }
        }
        try {
            server.close();
        } catch (Exception e) {
            // stopping is best effort
        }
        System.exit(0);
    }
}
