package dev.ringcast.jetty;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone event server: {@code java -jar ringcast-standalone.jar [--port N] [--bind ADDR]
 * [--ring-size N]}. Serves the reference wire contract and the demo page, in memory.
 */
public final class StandaloneServer {

    static final String USAGE = """
            Usage: java -jar ringcast-standalone.jar [options]

            Serves Ringcast's reference wire contract with an in-memory hub:
              POST /topics/{topic}/events   publish {"type": "...", "data": <any JSON>}
              GET  /topics/{topic}/events   long-poll (?last_event=N[&timeout=ms])
              GET  /sse?topic=T             Server-Sent Events (repeat topic=, types=a,b, Last-Event-ID)
              GET  /ws?topic=T              WebSocket (repeat topic=, types=a,b, lastEventId=N)
              PUT  /channels/{name}         durable channels (GET, DELETE; /channels/{name}/ws connects)
              GET  /                        the demo page

            Options:
              --port N        port to listen on (default 8080; 0 picks a free one)
              --bind ADDR     address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
              --ring-size N   events each topic retains for replay, a power of two (default 1024)
              --max-connections N       open SSE streams, WebSocket connections and held
                                        polls in all (default 10000); past it: 503
              --max-connections-per-client N
                                        of one principal, or of one anonymous client's
                                        address (default 200); past it: 429
              --publishes-per-second N  one client's sustained publish rate, in bursts of
                                        five seconds' worth (default 200, bursts of 1000);
                                        past it: 429
              --help          print this and exit
            """;

    private StandaloneServer() {
    }

    /** The parsed command line. */
    record Options(int port, String bind, int ringSize, boolean help, Limits limits) {

        /** The limits the command line sets; 0 keeps a default. */
        record Limits(int maxConnections, int maxPerClient, int publishesPerSecond) {
        }

        static Options parse(String[] args) {
            int port = 8080;
            String bind = "127.0.0.1";
            int ring = 1024;
            boolean help = false;
            int maxConnections = 0;
            int maxPerClient = 0;
            int publishRate = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> help = true;
                    case "--port" -> port = intValue(a, value(args, ++i, a));
                    case "--bind" -> bind = value(args, ++i, a);
                    case "--ring-size" -> ring = intValue(a, value(args, ++i, a));
                    case "--max-connections" -> maxConnections = positive(a, value(args, ++i, a));
                    case "--max-connections-per-client" -> maxPerClient = positive(a, value(args, ++i, a));
                    case "--publishes-per-second" -> publishRate = positive(a, value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a + ": see --help");
                }
            }
            return new Options(port, bind, ring, help, new Limits(maxConnections, maxPerClient, publishRate));
        }

        private static int positive(String flag, String value) {
            int n = intValue(flag, value);
            if (n < 1) {
                throw new IllegalArgumentException(flag + " " + value + " is invalid: use at least 1");
            }
            return n;
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value: see --help");
            }
            return args[i];
        }

        private static int intValue(String flag, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " " + value + " is not a number: see --help");
            }
        }
    }

    /**
     * Starts a server from command-line arguments.
     *
     * @param args the arguments
     * @param out where to print the banner
     * @return the started server, or null when only help was asked for
     */
    static RingcastServer run(String[] args, PrintStream out) {
        Options o = Options.parse(args);
        if (o.help()) {
            out.print(USAGE);
            return null;
        }
        RingcastServer.Builder builder = RingcastServer.builder().port(o.port()).bindAddress(o.bind())
                .ringCapacity(o.ringSize());
        limits(builder, o.limits());
        RingcastServer server = builder.build().start();
        out.println("Ringcast is serving on " + server.uri());
        out.println("  demo page:  " + server.uri());
        out.println("  subscribe:  curl -N '" + server.uri() + "sse?topic=demo'");
        out.println("  publish:    curl -X POST -H 'Content-Type: application/json' -d '{\"type\":\"greeting\",\"data\":{\"text\":\"hello\"}}' "
                + server.uri() + "topics/demo/events");
        return server;
    }

    private static void limits(RingcastServer.Builder builder, Options.Limits limits) {
        dev.ringcast.http.ConnectionLimits.Builder connections = dev.ringcast.http.ConnectionLimits.builder();
        if (limits.maxConnections() > 0) {
            connections.maxConnections(limits.maxConnections());
        }
        if (limits.maxPerClient() > 0) {
            connections.maxPerPrincipal(limits.maxPerClient());
        }
        builder.connectionLimits(connections.build());
        if (limits.publishesPerSecond() > 0) {
            // Bursts of five seconds' worth, as the default (200 a second, bursts of 1 000).
            builder.publishRateLimit(dev.ringcast.http.PublishRateLimit.of(limits.publishesPerSecond(),
                    (int) Math.min(Integer.MAX_VALUE, 5L * limits.publishesPerSecond())));
        }
    }

    /**
     * Entry point.
     *
     * @param args see {@link #USAGE}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        RingcastServer server;
        try {
            server = run(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("ringcast: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (server == null) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ringcast-shutdown"));
        stopped.await();
    }
}
