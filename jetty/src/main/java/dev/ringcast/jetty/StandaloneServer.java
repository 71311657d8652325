package dev.ringcast.jetty;

import dev.ringcast.auth.jwt.JwtVerifier;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import dev.ringcast.core.auth.StaticTokenVerifier;
import dev.ringcast.core.auth.TokenAuthorizer;
import dev.ringcast.core.auth.TokenVerifier;
import dev.ringcast.longpoll.LongPollSettings;
import dev.ringcast.sse.SseSettings;
import dev.ringcast.websocket.WebSocketSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone event server: {@code java -jar ringcast-standalone.jar [options]} (see
 * {@link #USAGE}). Serves the reference wire contract and the demo page, in memory or, with
 * {@code --redis}, as one node of a cluster whose topics live in Redis; with a token file or a JWT
 * key, every read and publish needs a token.
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
              --max-connections N       open SSE streams, WebSocket connections and held
                                        polls in all (default 10000); past it: 503
              --max-connections-per-client N
                                        of one principal, or of one anonymous client's
                                        address (default 200); past it: 429
              --publishes-per-second N  one client's sustained publish rate, in bursts of
                                        five seconds' worth (default 200, bursts of 1000);
                                        past it: 429
              --help          print this and exit

            Authentication (see SECURITY.md). With any of the first three, every read and publish
            needs a token: the header Authorization: Bearer <token>, the query parameter
            access_token=<token> (browsers' EventSource and WebSocket), or the cookie named below.
            No token is 401, a topic the token does not grant 403; streams end when it expires.
              --token-file FILE                  tokens and what each grants, JSON:
                                                 {"tokens": [{"token": "...", "principal": "alice",
                                                 "subscribe": ["orders", "news.*"], "publish": ["orders"],
                                                 "expiresAt": "2030-01-01T00:00:00Z"}]}
                                                 ("sha256": "<hex>" instead of "token" keeps it out of the file)
              --jwt-hs256-secret-file FILE       accept JWTs signed with HS256 and the secret in FILE
                                                 (its bytes, a trailing newline dropped; at least 32)
              --jwt-rs256-public-key-file FILE   accept JWTs signed with RS256; FILE is the public key
                                                 in PEM (-----BEGIN PUBLIC KEY-----)
              --jwt-issuer ISS                   JWTs must have this iss (default: any)
              --jwt-audience AUD                 JWTs must have this aud (default: any)
                                                 JWT claims: sub (who), exp (until when, required),
                                                 ringcast.subscribe and ringcast.publish (topic lists:
                                                 a name, a prefix ending in *, or * for every topic)
              --token-cookie NAME                also read the token from this cookie
              --allowed-origins LIST             page origins besides the server's own that may connect,
                                                 poll and publish, comma-separated, such as
                                                 https://app.example.com (default: same origin only)
              --allowed-hosts LIST               host names the server answers to, others get 421, such
                                                 as events.example.com,events.example.com:8443 (default:
                                                 bound to loopback, 127.0.0.1, localhost and [::1] with
                                                 the port; otherwise any)
              --allow-anonymous                  serve without tokens on a non-loopback address (the
                                                 server refuses to otherwise); for trusted networks only
              --forwarded-headers                behind a reverse proxy: take the scheme, host and client
                                                 address from Forwarded / X-Forwarded-* headers (so a page
                                                 on https through a TLS-terminating proxy is same-origin);
                                                 only when every request comes through the proxy
            """;

    private StandaloneServer() {
    }

    /** The parsed command line. */
    record Options(int port, String bind, int ringSize, boolean help, Path tokenFile, Path hs256SecretFile,
                   Path rs256PublicKeyFile, String jwtIssuer, String jwtAudience, String tokenCookie,
                   List<String> allowedOrigins, List<String> allowedHosts, boolean allowAnonymous,
                   boolean forwardedHeaders, Limits limits, Cluster cluster) {

        /** The limits the command line sets; 0 keeps a default. */
        record Limits(int maxConnections, int maxPerClient, int publishesPerSecond) {
        }

        /** Cluster mode: the Redis URI (null: in memory), the history Redis keeps, the node's name. */
        record Cluster(String redis, int history, String nodeName) {
        }

        static Options parse(String[] args) {
            int port = 8080;
            String bind = "127.0.0.1";
            int ring = 1024;
            String redis = null;
            int history = 1024;
            String node = "ringcast";
            boolean help = false;
            Path tokens = null;
            Path hs256 = null;
            Path rs256 = null;
            String issuer = null;
            String audience = null;
            String cookie = null;
            List<String> origins = List.of();
            List<String> hosts = null;
            boolean anonymous = false;
            boolean forwarded = false;
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
                    case "--token-file" -> tokens = Path.of(value(args, ++i, a));
                    case "--jwt-hs256-secret-file" -> hs256 = Path.of(value(args, ++i, a));
                    case "--jwt-rs256-public-key-file" -> rs256 = Path.of(value(args, ++i, a));
                    case "--jwt-issuer" -> issuer = value(args, ++i, a);
                    case "--jwt-audience" -> audience = value(args, ++i, a);
                    case "--token-cookie" -> cookie = value(args, ++i, a);
                    case "--allowed-origins" -> origins = list(value(args, ++i, a));
                    case "--allowed-hosts" -> hosts = list(value(args, ++i, a));
                    case "--allow-anonymous" -> anonymous = true;
                    case "--redis" -> redis = value(args, ++i, a);
                    case "--redis-history" -> history = intValue(a, value(args, ++i, a));
                    case "--node-name" -> node = value(args, ++i, a);
                    case "--forwarded-headers" -> forwarded = true;
                    case "--max-connections" -> maxConnections = positive(a, value(args, ++i, a));
                    case "--max-connections-per-client" -> maxPerClient = positive(a, value(args, ++i, a));
                    case "--publishes-per-second" -> publishRate = positive(a, value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a + ": see --help");
                }
            }
            if (redis == null && (history != 1024 || !node.equals("ringcast"))) {
                throw new IllegalArgumentException("--redis-history and --node-name need --redis: see --help");
            }
            return new Options(port, bind, ring, help, tokens, hs256, rs256, issuer, audience, cookie, origins, hosts,
                    anonymous, forwarded, new Limits(maxConnections, maxPerClient, publishRate),
                    new Cluster(redis, history, node));
        }

        /** @return whether some token source is configured */
        boolean authenticates() {
            return tokenFile != null || hs256SecretFile != null || rs256PublicKeyFile != null;
        }

        private static List<String> list(String value) {
            return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
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
     * The authorizer the options ask for: permit-all without a token source, else a
     * {@link TokenAuthorizer} over the token file and the JWT keys.
     *
     * @param o the options
     * @return the authorizer
     * @throws IllegalArgumentException if a file cannot be read or is invalid, saying which and why
     */
    static Authorizer authorizer(Options o) {
        if (o.jwtIssuer() != null || o.jwtAudience() != null) {
            if (o.hs256SecretFile() == null && o.rs256PublicKeyFile() == null) {
                throw new IllegalArgumentException("--jwt-issuer and --jwt-audience need a JWT key: add "
                        + "--jwt-hs256-secret-file FILE or --jwt-rs256-public-key-file FILE");
            }
        }
        if (!o.authenticates()) {
            if (o.tokenCookie() != null) {
                throw new IllegalArgumentException("--token-cookie needs tokens to check: add --token-file FILE or a JWT key");
            }
            return Authorizer.permitAll();
        }
        List<TokenVerifier> verifiers = new ArrayList<>();
        if (o.tokenFile() != null) {
            verifiers.add(read(o.tokenFile(), "--token-file", file -> StaticTokenVerifier.load(file)));
        }
        if (o.hs256SecretFile() != null || o.rs256PublicKeyFile() != null) {
            JwtVerifier.Builder jwt = JwtVerifier.builder().issuer(o.jwtIssuer()).audience(o.jwtAudience());
            if (o.hs256SecretFile() != null) {
                byte[] secret = read(o.hs256SecretFile(), "--jwt-hs256-secret-file", Files::readAllBytes);
                int end = secret.length;
                while (end > 0 && (secret[end - 1] == '\n' || secret[end - 1] == '\r')) {
                    end--;
                }
                byte[] trimmed = Arrays.copyOf(secret, end);
                try {
                    jwt.hs256(trimmed);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--jwt-hs256-secret-file " + o.hs256SecretFile() + ": " + e.getMessage());
                }
            }
            if (o.rs256PublicKeyFile() != null) {
                String pem = read(o.rs256PublicKeyFile(), "--jwt-rs256-public-key-file",
                        file -> Files.readString(file, StandardCharsets.US_ASCII));
                try {
                    jwt.rs256(JwtVerifier.rsaPublicKey(pem));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--jwt-rs256-public-key-file " + o.rs256PublicKeyFile() + ": "
                            + e.getMessage());
                }
            }
            verifiers.add(jwt.build());
        }
        return TokenAuthorizer.builder(TokenVerifier.anyOf(verifiers)).cookie(o.tokenCookie()).build();
    }

    /** Reads a file the options name. */
    private interface Reader<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T read(Path file, String flag, Reader<T> reader) {
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be read (" + e.getMessage() + "): check the path");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " " + file + ": " + e.getMessage());
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
        // One set of connection counters and one publish rate for the three transports.
        ConnectionLimits connections = connectionLimits(o.limits());
        PublishRateLimit rate = publishRate(o.limits());
        Authorizer authorizer = authorizer(o);
        SseSettings.Builder sse = SseSettings.builder().authorizer(authorizer).connectionLimits(connections);
        LongPollSettings.Builder longPoll = LongPollSettings.builder()
                .topicSource(LongPollSettings.TopicSource.PATH).authorizer(authorizer).connectionLimits(connections)
                .publishRateLimit(rate);
        WebSocketSettings.Builder ws = WebSocketSettings.builder().authorizer(authorizer).connectionLimits(connections);
        if (!o.allowedOrigins().isEmpty()) {
            sse.allowedOrigins(o.allowedOrigins());
            longPoll.allowedOrigins(o.allowedOrigins());
            ws.allowedOrigins(o.allowedOrigins());
        }
        RingcastServer.Builder builder = RingcastServer.builder().port(o.port()).bindAddress(o.bind())
                .ringCapacity(o.ringSize()).allowAnonymous(o.allowAnonymous()).forwardedHeaders(o.forwardedHeaders())
                .connectionLimits(connections).publishRateLimit(rate)
                .sseSettings(sse.build()).longPollSettings(longPoll.build()).webSocketSettings(ws.build());
        if (o.allowedHosts() != null) {
            builder.allowedHosts(o.allowedHosts());
        }
        String mode = "in memory";
        if (o.cluster().redis() != null) {
            // In a class of its own: the Redis client is loaded only in cluster mode.
            ClusterMode.Node node = ClusterMode.connect(o.cluster().redis(), o.cluster().history(),
                    o.cluster().nodeName());
            builder.eventLog(node.factory());
            mode = "as a cluster node, topics in Redis at " + node.address();
        }
        RingcastServer server = builder.build().start();
        out.println("Ringcast is serving on " + server.uri() + " (" + mode + ")");
        out.println("  " + (authorizer == Authorizer.permitAll() ? "no authentication: anyone who reaches it may read and publish"
                : "authentication: tokens required (" + authorizer + ")"));
        out.println("  answers to: " + (server.allowedHosts().isAny() ? "any host name"
                : String.join(", ", server.allowedHosts().hosts())));
        out.println("  demo page:  " + server.uri() + (authorizer == Authorizer.permitAll() ? "" : "?access_token=<token>"));
        out.println("  subscribe:  curl -N '" + server.uri() + "sse?topic=demo'");
        out.println("  publish:    curl -X POST -H 'Content-Type: application/json' -d '{\"type\":\"greeting\",\"data\":{\"text\":\"hello\"}}' "
                + server.uri() + "topics/demo/events");
        return server;
    }

    private static ConnectionLimits connectionLimits(Options.Limits limits) {
        ConnectionLimits.Builder connections = ConnectionLimits.builder();
        if (limits.maxConnections() > 0) {
            connections.maxConnections(limits.maxConnections());
        }
        if (limits.maxPerClient() > 0) {
            connections.maxPerPrincipal(limits.maxPerClient());
        }
        return connections.build();
    }

    private static PublishRateLimit publishRate(Options.Limits limits) {
        if (limits.publishesPerSecond() <= 0) {
            return PublishRateLimit.defaults();
        }
        // Bursts of five seconds' worth, as the default (200 a second, bursts of 1 000).
        return PublishRateLimit.of(limits.publishesPerSecond(),
                (int) Math.min(Integer.MAX_VALUE, 5L * limits.publishesPerSecond()));
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
