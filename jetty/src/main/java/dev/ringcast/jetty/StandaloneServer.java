package dev.ringcast.jetty;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone event server: {@code java -jar ringcast-standalone.jar [--port N] [--bind ADDR]
 * [--ring-size N] [--redis redis://host:port [--redis-history N] [--node-name NAME]]}. Serves the
 * reference wire contract and the demo page, in memory, or as one node of a cluster whose topics
 * live in Redis.
 */
public final class StandaloneServer {

    static final String USAGE = """
            Usage: java -jar ringcast-standalone.jar [options]

            Serves Ringcast's reference wire contract, in memory (or, with --redis, as one
            node of a cluster: publish on any node, subscribe and resume on any node):
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
              --redis URI     run as a cluster node over Redis, e.g. redis://10.0.0.5:6379
                              (every node of the cluster names the same Redis)
              --redis-history N
                              events Redis keeps per topic for clients that resume (default 1024)
              --node-name NAME
                              this node's name in Redis's CLIENT LIST (default ringcast)
              --help          print this and exit
            """;

    private StandaloneServer() {
    }

    /** The parsed command line. */
    record Options(int port, String bind, int ringSize, String redis, int redisHistory, String nodeName,
                   boolean help) {

        static Options parse(String[] args) {
            int port = 8080;
            String bind = "127.0.0.1";
            int ring = 1024;
            String redis = null;
            int history = 1024;
            String node = "ringcast";
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> help = true;
                    case "--port" -> port = intValue(a, value(args, ++i, a));
                    case "--bind" -> bind = value(args, ++i, a);
                    case "--ring-size" -> ring = intValue(a, value(args, ++i, a));
                    case "--redis" -> redis = value(args, ++i, a);
                    case "--redis-history" -> history = intValue(a, value(args, ++i, a));
                    case "--node-name" -> node = value(args, ++i, a);
                    default -> throw new IllegalArgumentException("unknown option " + a + ": see --help");
                }
            }
            if (redis == null && (history != 1024 || !node.equals("ringcast"))) {
                throw new IllegalArgumentException("--redis-history and --node-name need --redis: see --help");
            }
            return new Options(port, bind, ring, redis, history, node, help);
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
        RingcastServer.Builder settings = RingcastServer.builder().port(o.port()).bindAddress(o.bind())
                .ringCapacity(o.ringSize());
        String mode = "in memory";
        if (o.redis() != null) {
            // In a class of its own: the Redis client is loaded only in cluster mode.
            ClusterMode.Node node = ClusterMode.connect(o.redis(), o.redisHistory(), o.nodeName());
            settings.eventLog(node.factory());
            mode = "as a cluster node, topics in Redis at " + node.address();
        }
        RingcastServer server = settings.build().start();
        out.println("Ringcast is serving on " + server.uri() + " (" + mode + ")");
        out.println("  demo page:  " + server.uri());
        out.println("  subscribe:  curl -N '" + server.uri() + "sse?topic=demo'");
        out.println("  publish:    curl -X POST -H 'Content-Type: application/json' -d '{\"type\":\"greeting\",\"data\":{\"text\":\"hello\"}}' "
                + server.uri() + "topics/demo/events");
        return server;
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
