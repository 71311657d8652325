package dev.ringcast.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load generator's command line.
 *
 * @param transport what the clients speak
 * @param connections how many clients
 * @param events how many events to publish
 * @param rate events per second
 * @param server {@code embedded} (a server process of its own), {@code inprocess}, or a base URL
 * @param topic the topic (a fresh one per run by default, so ids start right after the marker)
 * @param out where to write the JSON summary, or null
 * @param clientThreads selector threads driving the clients, 1 or 2
 * @param ringSize the embedded server's ring capacity
 * @param serverJvmArgs the embedded server process's JVM options
 * @param drainTimeout how long to wait without progress for the last deliveries
 * @param stalled connections that ask for the stream and never read
 * @param sampleEvery how often to sample the server while publishing, or null
 * @param serverHeartbeat the embedded server's SSE heartbeat, or null for its default
 * @param payloadBytes padding added to each event's data
 * @param nchanScript {@code run-nchan.sh} for {@code --transport nchan}, or null to look for it
 * @param help whether only the usage was asked for
 */
public record LoadOptions(Transport transport, int connections, long events, double rate, String server,
                          String topic, Path out, int clientThreads, int ringSize, List<String> serverJvmArgs,
                          Duration drainTimeout, int stalled, Duration sampleEvery, Duration serverHeartbeat,
                          int payloadBytes, Path nchanScript, boolean help) {

    /** What the clients speak, and to which server. */
    public enum Transport {
        /** Server-Sent Events, {@code GET /sse?topic=T}. */
        SSE,
        /** Long-poll, {@code GET /topics/T/events?last_event=N}, re-polled on one keep-alive connection. */
        LONGPOLL,
        /** WebSocket, {@code GET /ws?topic=T} (when the server mounts it). */
        WS,
        /** The SSE clients against the bare NIO baseline server instead of Ringcast. */
        WIRE,
        /** A third of the clients on each of SSE, WebSocket and long-poll, against the Ringcast server. */
        MIXED,
        /** EventSource clients against Nchan, the C peer, in a private nginx started by {@code run-nchan.sh}. */
        NCHAN
    }

    static final String USAGE = """
            Usage: java -cp benchmarks.jar dev.ringcast.benchmarks.load.LoadGenerator [options]

            N clients on 1-2 NIO threads subscribe to one topic; a publisher POSTs events at a fixed
            rate, each carrying its send time; the report gives deliveries/s, publish-to-receive
            latency, per-connection exactly-once-in-order checks and the server's memory per connection.
            Exits 1 if any event was missed, repeated or reordered, or nothing was delivered.

            Options:
              --transport sse|longpoll|ws|wire|mixed|nchan  what the clients speak (default sse);
                                  mixed = a third each of sse, ws and longpoll; wire = the SSE
                                  clients against a bare NIO server writing pre-encoded frames:
                                  this machine's ceiling for the same load; nchan = EventSource
                                  clients against Nchan (nginx, one worker) started by
                                  benchmarks/run-nchan.sh, which installs it if missing
              --connections N     clients (default 1000)
              --events E          events to publish (default: rate x duration)
              --rate R            events per second (default 100)
              --duration D        publishing time, e.g. 20s, 500ms, 2m (default 10s; not with --events)
              --server S          embedded: start the server in its own JVM (default; its heap and RSS
                                  are measured); inprocess: in this JVM; or a URL such as
                                  http://127.0.0.1:8080/ of a running Ringcast server (memory unknown)
              --topic T           topic (default a fresh load-<random> one)
              --out FILE          also write the summary as JSON
              --client-threads N  selector threads for the clients, 1 or 2 (default 2)
              --ring-size N       the embedded server's ring capacity (default 1024)
              --server-jvm-args A the embedded server's JVM options, space-separated (default -Xmx1g)
              --drain-timeout D   how long to wait for late deliveries without progress (default 5s)
              --stalled N         also open N SSE (WebSocket with --transport ws) connections that never
                                  read a byte: the healthy clients' figures show what they cost the
                                  others, and the report says whether the server cut them off
              --sample-every D    sample the server's heap after GC, RSS, threads and open files every
                                  D while publishing (a soak run's flat lines; embedded server only)
              --server-heartbeat D  the embedded server's SSE heartbeat (default 15s): a stalled SSE
                                  stream is cut off after four heartbeats it could not write
              --payload-bytes N   pad each event's data with N bytes (default 0: about 40 bytes of data)
              --nchan-script P    run-nchan.sh for --transport nchan (default: found beside the jar's
                                  target folder, or under the working directory)
              --help              print this and exit
            """;

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException saying which flag is wrong and how to fix it
     */
    public static LoadOptions parse(String... args) {
        Transport transport = Transport.SSE;
        int connections = 1000;
        long events = -1;
        double rate = 100;
        Duration duration = null;
        String server = "embedded";
        String topic = null;
        Path out = null;
        int clientThreads = 2;
        int ringSize = 1024;
        List<String> jvmArgs = List.of("-Xmx1g");
        Duration drain = Duration.ofSeconds(5);
        int stalled = 0;
        Duration sampleEvery = null;
        Duration heartbeat = null;
        int payloadBytes = 0;
        Path nchanScript = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> help = true;
                case "--transport" -> {
                    String v = value(args, ++i, flag);
                    try {
                        transport = Transport.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--transport " + v + " is unknown: use sse, longpoll, ws, wire, "
                                + "mixed or nchan");
                    }
                }
                case "--connections" -> connections = (int) positive(flag, value(args, ++i, flag));
                case "--events" -> events = positive(flag, value(args, ++i, flag));
                case "--rate" -> {
                    String v = value(args, ++i, flag);
                    try {
                        rate = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        rate = -1;
                    }
                    if (!(rate > 0)) {
                        throw new IllegalArgumentException("--rate " + v + " is invalid: use events per second, e.g. 100");
                    }
                }
                case "--duration" -> duration = duration(flag, value(args, ++i, flag));
                case "--server" -> server = value(args, ++i, flag);
                case "--topic" -> topic = value(args, ++i, flag);
                case "--out" -> out = Path.of(value(args, ++i, flag));
                case "--client-threads" -> {
                    clientThreads = (int) positive(flag, value(args, ++i, flag));
                    if (clientThreads > 2) {
                        throw new IllegalArgumentException("--client-threads " + clientThreads + " is too many: use 1 or 2");
                    }
                }
                case "--ring-size" -> ringSize = (int) positive(flag, value(args, ++i, flag));
                case "--server-jvm-args" -> jvmArgs = Arrays.asList(value(args, ++i, flag).trim().split("\\s+"));
                case "--drain-timeout" -> drain = duration(flag, value(args, ++i, flag));
                case "--stalled" -> stalled = (int) positive(flag, value(args, ++i, flag));
                case "--sample-every" -> sampleEvery = duration(flag, value(args, ++i, flag));
                case "--server-heartbeat" -> heartbeat = duration(flag, value(args, ++i, flag));
                case "--payload-bytes" -> payloadBytes = (int) positive(flag, value(args, ++i, flag));
                case "--nchan-script" -> nchanScript = Path.of(value(args, ++i, flag));
                default -> throw new IllegalArgumentException("unknown option " + flag + ": see --help");
            }
        }
        if (events > 0 && duration != null) {
            throw new IllegalArgumentException("--events and --duration both given: use one (events = rate x duration)");
        }
        if (events < 0) {
            Duration d = duration != null ? duration : Duration.ofSeconds(10);
            events = Math.max(1, Math.round(rate * d.toNanos() / 1e9));
        }
        if (!server.equals("embedded") && !server.equals("inprocess") && !server.startsWith("http://")) {
            throw new IllegalArgumentException("--server " + server + " is invalid: use embedded, inprocess or a URL "
                    + "such as http://127.0.0.1:8080/");
        }
        if (topic == null) {
            topic = "load-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        } else if (!topic.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("--" + dev.ringcast.core.EventNames.invalidName("topic", topic));
        }
        if (transport == Transport.NCHAN && !server.equals("embedded")) {
            throw new IllegalArgumentException("--transport nchan starts its own nginx: leave --server at embedded");
        }
        if (stalled > 0 && (transport == Transport.WIRE || transport == Transport.LONGPOLL
                || transport == Transport.NCHAN)) {
            throw new IllegalArgumentException("--stalled needs --transport sse, ws or mixed: stalled clients hold a "
                    + "Ringcast stream open");
        }
        return new LoadOptions(transport, connections, events, rate, server, topic, out, clientThreads, ringSize,
                List.copyOf(jvmArgs), drain, stalled, sampleEvery, heartbeat, payloadBytes, nchanScript, help);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value: see --help");
        }
        return args[i];
    }

    private static long positive(String flag, String v) {
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(flag + " " + v + " is invalid: use a whole number above 0");
    }

    /**
     * @param flag the flag, for the message
     * @param v such as {@code 20s}, {@code 500ms}, {@code 2m}, or plain seconds
     * @return the duration
     */
    static Duration duration(String flag, String v) {
        try {
            String s = v.trim().toLowerCase(Locale.ROOT);
            Duration d;
            if (s.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            } else if (s.endsWith("m")) {
                d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(flag + " " + v + " is invalid: use e.g. 20s, 500ms or 2m");
    }
}
