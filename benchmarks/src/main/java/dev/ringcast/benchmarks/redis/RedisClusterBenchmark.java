package dev.ringcast.benchmarks.redis;

import dev.ringcast.cluster.redis.RedisEventLogFactory;
import dev.ringcast.cluster.redis.RedisLogMetrics;
import dev.ringcast.core.CloseReason;
import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventHubBuilder;
import dev.ringcast.core.EventSink;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of the Redis cluster (benchmarks/RESULTS.md, "Cluster on Redis"), one scenario per
 * run against a Redis that {@code benchmarks/run-redis.sh} starts on a core of its own:
 *
 * <ul>
 *   <li>{@code append}: publishes from many threads to random topics among 100,000 that exist in
 *       Redis; reports publishes/s and Redis CPU per publish ({@code INFO commandstats}
 *       {@code usec_per_call} of the append script, and the whole process's CPU from
 *       {@code INFO cpu}).</li>
 *   <li>{@code fanin}: N node processes (JVMs), each publishing its share of a total rate to random
 *       topics among 100,000 and subscribed to the first S topics; reports publish-to-receive
 *       latency across the nodes, and Redis CPU. {@code --memory} runs the same load in one JVM
 *       with the in-memory hub: the baseline the cluster's latency is compared with.</li>
 *   <li>{@code storm}: one node whose rings hold the newest events of T topics; C clients resume
 *       at once with ids older than its rings; reports the Redis reads (backfills, range reads),
 *       the time until every client caught up, and checks that each got exactly what followed its
 *       id.</li>
 * </ul>
 *
 * <p>Every run is bounded (its {@code --seconds}) and prints a result block and a JSON line.
 */
public final class RedisClusterBenchmark {

    private RedisClusterBenchmark() {
    }

    /**
     * Entry point.
     *
     * @param args the scenario, then {@code --name value} options (see {@link #USAGE})
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Map<String, String> o = options(args);
        switch (args[0]) {
            case "append" -> append(o);
            case "fanin" -> fanIn(o);
            case "fanin-node" -> fanInNode(o);
            case "storm" -> storm(o);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0] + ": see --help");
        }
    }

    static final String USAGE = """
            Usage: java -cp benchmarks.jar dev.ringcast.benchmarks.redis.RedisClusterBenchmark SCENARIO [options]
              append  --redis URI [--topics 100000] [--threads 64] [--seconds 20] [--warmup 10] [--data-bytes 100]
              fanin   --redis URI [--nodes 4] [--publishers N] [--topics 100000] [--rate 10000] [--subscribed 10000]
                      [--seconds 30] [--warmup 10] [--memory]
              storm   --redis URI [--topics 50] [--clients 5000] [--events 3000] [--behind 1500]
                      [--spread 20]
            benchmarks/run-redis.sh starts a Redis on one core and runs them all.
            """;

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected " + args[i] + ": see --help");
            }
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(name, args[++i]);
            } else {
                o.put(name, "true");
            }
        }
        return o;
    }

    private static int intOption(Map<String, String> o, String name, int def) {
        return o.containsKey(name) ? Integer.parseInt(o.get(name)) : def;
    }

    private static String redis(Map<String, String> o) {
        String uri = o.get("redis");
        if (uri == null) {
            throw new IllegalArgumentException("--redis redis://host:port is required");
        }
        return uri;
    }

    // ------------------------------------------------------------------ Redis's own view

    /** A connection for INFO and CONFIG, apart from the nodes'. */
    private static final class Admin implements AutoCloseable {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;
        final RedisCommands<String, String> redis;

        Admin(String uri) {
            client = RedisClient.create(uri);
            connection = client.connect();
            redis = connection.sync();
        }

        /** Seconds of CPU the Redis process used, user + system. */
        double cpuSeconds() {
            Map<String, String> info = info("cpu");
            return Double.parseDouble(info.get("used_cpu_user")) + Double.parseDouble(info.get("used_cpu_sys"));
        }

        Map<String, String> info(String section) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : redis.info(section).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            return values;
        }

        /** {@code cmdstat_X -> calls=..,usec=..,usec_per_call=..}, parsed. */
        Map<String, Map<String, Double>> commandStats() {
            Map<String, Map<String, Double>> stats = new LinkedHashMap<>();
            info("commandstats").forEach((k, v) -> {
                Map<String, Double> fields = new LinkedHashMap<>();
                for (String kv : v.split(",")) {
                    String[] p = kv.split("=");
                    fields.put(p[0], Double.parseDouble(p[1]));
                }
                stats.put(k.replace("cmdstat_", ""), fields);
            });
            return stats;
        }

        void resetStats() {
            redis.configResetstat();
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    private static EventHub hub(RedisEventLogFactory redis, int maxTopics) {
        EventHubBuilder b = EventHub.builder().maxTopics(maxTopics).threadNamePrefix("bench-dispatch-");
        if (redis != null) {
            b.eventLog(redis);
        }
        return b.build();
    }

    private static String topic(int i) {
        return "bench-" + i;
    }

    /** Makes sure each of the topics exists in Redis with at least one event. */
    private static void prefill(EventHub hub, int topics, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (long i; (i = next.getAndIncrement()) < topics; ) {
                    hub.publishJson(topic((int) i), "prefill", "{\"i\":" + i + "}");
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        System.out.printf("prefilled %,d topics in %.1f s%n", topics, (System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------ append

    private static void append(Map<String, String> o) throws Exception {
        String uri = redis(o);
        int topics = intOption(o, "topics", 100_000);
        int threads = intOption(o, "threads", 64);
        int seconds = intOption(o, "seconds", 20);
        int dataBytes = intOption(o, "data-bytes", 100);
        int warmup = intOption(o, "warmup", 10);
        try (Admin admin = new Admin(uri)) {
            RedisEventLogFactory redis = RedisEventLogFactory.builder(uri).clientName("bench-append").build();
            EventHub hub = hub(redis, topics + 16);
            try {
                prefill(hub, topics, threads);
                // Already JSON, as an HTTP publish is: the figure is the append path's, not Jackson's.
                String data = "{\"pad\":\"" + "x".repeat(Math.max(0, dataBytes - 10)) + "\"}";
                LongAdder published = new LongAdder();
                // Warm up (the JIT compiles the path) for as long as the measurement, unmeasured.
                long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
                long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                for (int t = 0; t < threads; t++) {
                    pool.execute(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (long now; (now = System.nanoTime()) < end; ) {
                            hub.publishJson(topic(random.nextInt(topics)), "bench", data);
                            if (now >= warmEnd) {
                                published.increment();
                            }
                        }
                    });
                }
                LockSupport.parkNanos(warmEnd - System.nanoTime());
                admin.resetStats();
                double cpuBefore = admin.cpuSeconds();
                long jvmCpuBefore = jvmCpuNanos();
                long start = System.nanoTime();
                pool.shutdown();
                pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
                double elapsed = (System.nanoTime() - start) / 1e9;
                double cpu = admin.cpuSeconds() - cpuBefore;
                long jvmCpu = jvmCpuNanos() - jvmCpuBefore;
                Map<String, Double> evalsha = admin.commandStats().get("evalsha");
                long n = published.sum();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("scenario", "append");
                r.put("topics", topics);
                r.put("threads", threads);
                r.put("dataBytes", dataBytes);
                r.put("seconds", round(elapsed));
                r.put("publishes", n);
                r.put("publishesPerSecond", Math.round(n / elapsed));
                r.put("appendScriptUsecPerCall", evalsha.get("usec_per_call"));
                r.put("redisCpuUsecPerPublish", round(cpu * 1e6 / n));
                r.put("redisCpuPercentOfACore", round(100 * cpu / elapsed));
                r.put("publisherJvmCpuUsecPerPublish", round(jvmCpu / 1000.0 / n));
                r.put("redisUsedMemoryMb", round(Double.parseDouble(admin.info("memory").get("used_memory")) / 1e6));
                r.put("redisKeys", admin.redis.dbsize());
                report(r);
            } finally {
                hub.close();
                redis.close();
            }
        }
    }

    // ------------------------------------------------------------------ fan-in

    private static void fanIn(Map<String, String> o) throws Exception {
        int nodes = intOption(o, "nodes", 4);
        int topics = intOption(o, "topics", 100_000);
        int rate = intOption(o, "rate", 10_000);
        int subscribed = intOption(o, "subscribed", 10_000);
        int seconds = intOption(o, "seconds", 30);
        int warmup = intOption(o, "warmup", 10);
        boolean memory = o.containsKey("memory");
        String uri = memory ? null : redis(o);
        if (memory) {
            nodes = 1;
        }
        // How many of the nodes publish (the first ones, the rate split between them); the others
        // only receive: with one publisher, Redis's CPU against the number of nodes is its read path.
        int publishers = Math.min(intOption(o, "publishers", nodes), nodes);
        Admin admin = memory ? null : new Admin(uri);
        try {
            if (!memory && admin.redis.dbsize() < topics) {
                RedisEventLogFactory redis = RedisEventLogFactory.builder(uri).clientName("bench-prefill").build();
                EventHub hub = hub(redis, topics + 16);
                prefill(hub, topics, 64);
                hub.close();
                redis.close();
            }
            List<Process> children = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                        "-cp", System.getProperty("java.class.path"), RedisClusterBenchmark.class.getName(),
                        "fanin-node", "--index", Integer.toString(i), "--topics", Integer.toString(topics),
                        "--rate", Integer.toString(i < publishers ? rate / publishers : 0),
                        "--subscribed", Integer.toString(subscribed),
                        "--seconds", Integer.toString(seconds), "--warmup", Integer.toString(warmup)));
                if (memory) {
                    command.add("--memory");
                } else {
                    command.addAll(List.of("--redis", uri));
                }
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                children.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            // Every node says "ready" once subscribed; then all start publishing together.
            for (BufferedReader out : outputs) {
                String line = out.readLine();
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("a node did not start: " + line);
                }
            }
            for (Process p : children) {
                p.getOutputStream().write('\n');
                p.getOutputStream().flush();
            }
            Thread.sleep(warmup * 1000L);
            double cpuBefore = 0;
            if (!memory) {
                admin.resetStats();
                cpuBefore = admin.cpuSeconds();
            }
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = memory ? 0 : admin.cpuSeconds() - cpuBefore;
            Map<String, Map<String, Double>> stats = memory ? Map.of() : admin.commandStats();
            Histogram all = new Histogram(3);
            long published = 0;
            long received = 0;
            long resets = 0;
            List<String> nodeLines = new ArrayList<>();
            for (BufferedReader out : outputs) {
                String line = out.readLine();
                nodeLines.add(line);
                Map<String, String> r = parseFlat(line);
                published += Long.parseLong(r.get("published"));
                received += Long.parseLong(r.get("received"));
                resets += Long.parseLong(r.get("resets"));
                all.add(Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode(r.get("histogram"))), 0));
            }
            for (Process p : children) {
                p.waitFor(60, TimeUnit.SECONDS);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("scenario", memory ? "fanin-memory" : "fanin");
            r.put("nodes", nodes);
            r.put("publishingNodes", Math.min(publishers, nodes));
            r.put("topics", topics);
            r.put("subscribedTopicsPerNode", subscribed);
            r.put("targetRate", rate);
            r.put("seconds", round(elapsed));
            r.put("publishedPerSecond", Math.round(published / (double) seconds));
            r.put("receivedPerSecond", Math.round(received / (double) seconds));
            r.put("resets", resets);
            r.put("latencyP50Ms", round(all.getValueAtPercentile(50) / 1000.0));
            r.put("latencyP99Ms", round(all.getValueAtPercentile(99) / 1000.0));
            r.put("latencyP999Ms", round(all.getValueAtPercentile(99.9) / 1000.0));
            r.put("latencyMaxMs", round(all.getMaxValue() / 1000.0));
            if (!memory) {
                r.put("redisCpuPercentOfACore", round(100 * cpu / elapsed));
                Map<String, Double> evalsha = stats.getOrDefault("evalsha", Map.of());
                r.put("appendsPerSecondInRedis", Math.round(evalsha.getOrDefault("calls", 0.0) / elapsed));
                r.put("appendScriptUsecPerCall", evalsha.getOrDefault("usec_per_call", 0.0));
                r.put("xrangeCalls", stats.getOrDefault("xrange", Map.of()).getOrDefault("calls", 0.0).longValue());
                r.put("redisCpuUsecPerAppend", round(cpu * 1e6 / Math.max(1, evalsha.getOrDefault("calls", 0.0))));
            }
            nodeLines.forEach(l -> System.out.println("  node: " + l.replaceAll(",\"histogram\":\"[^\"]*\"", "")));
            report(r);
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
    }

    /** One node of the fan-in: publishes its share, records the latency of what its subscribers get. */
    private static void fanInNode(Map<String, String> o) throws Exception {
        int index = intOption(o, "index", 0);
        int topics = intOption(o, "topics", 100_000);
        int rate = intOption(o, "rate", 2500);
        int subscribed = intOption(o, "subscribed", 10_000);
        int seconds = intOption(o, "seconds", 30);
        int warmup = intOption(o, "warmup", 10);
        boolean memory = o.containsKey("memory");
        RedisEventLogFactory redis = memory ? null
                : RedisEventLogFactory.builder(redis(o)).clientName("bench-node-" + index)
                        // Four node JVMs share a core here: give a starved one time, not a 503.
                        .commandTimeout(java.time.Duration.ofSeconds(10)).build();
        EventHub hub = hub(redis, topics + 16);
        Recorder latency = new Recorder(3);
        LongAdder received = new LongAdder();
        LongAdder resets = new LongAdder();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        EventSink sink = new EventSink() {
            @Override
            public boolean onEvents(Subscription s, List<Event> batch) {
                long now = nowMicros();
                if (now < measureFrom.get()) {
                    return true;
                }
                for (Event e : batch) {
                    String json = e.dataJson();
                    int at = json.indexOf("\"sent\":") + 7;
                    long sent = Long.parseLong(json.substring(at, json.indexOf(',', at)));
                    latency.recordValue(Math.max(0, now - sent));
                    received.increment();
                }
                return true;
            }

            @Override
            public boolean onReset(Subscription s, Reset r) {
                resets.increment();
                return true;
            }

            @Override
            public void onClosed(Subscription s, CloseReason why) {
            }
        };
        for (int t = 0; t < subscribed; t++) {
            hub.subscribe(topic(t), Position.live(), sink);
        }
        // Every topic open on every node before the clock starts, as on nodes that have run a
        // while: opening one reads its head from Redis once, which is not the steady state.
        ExecutorService opener = Executors.newFixedThreadPool(4);
        AtomicLong nextTopic = new AtomicLong(subscribed);
        for (int t = 0; t < 4; t++) {
            opener.execute(() -> {
                for (long i; (i = nextTopic.getAndIncrement()) < topics; ) {
                    hub.window(topic((int) i));
                }
            });
        }
        opener.shutdown();
        opener.awaitTermination(10, TimeUnit.MINUTES);
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        in.readLine(); // go
        long start = System.nanoTime();
        measureFrom.set(nowMicros() + warmup * 1_000_000L);
        long[] cpuWindow = new long[2];
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cpu-sampler");
            t.setDaemon(true);
            return t;
        }).schedule(() -> {
            cpuWindow[0] = jvmCpuNanos();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
            cpuWindow[1] = jvmCpuNanos();
        }, warmup, TimeUnit.SECONDS);
        long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
        LongAdder published = new LongAdder();
        // Publishers paced to the node's share of the rate; a few threads, so one slow publish
        // (a Redis round trip) does not hold the schedule up.
        int threads = rate == 0 ? 0 : 8;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        CountDownLatch done = new CountDownLatch(threads);
        if (threads == 0) {
            LockSupport.parkNanos(end - System.nanoTime()); // receives only
        }
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long interval = TimeUnit.SECONDS.toNanos(1) * threads / Math.max(1, rate);
                long next = System.nanoTime() + random.nextLong(interval);
                while (next < end) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long sent = nowMicros();
                    hub.publishJson(topic(random.nextInt(topics)), "bench",
                            "{\"sent\":" + sent + ",\"node\":" + index + "}");
                    if (sent >= measureFrom.get()) {
                        published.increment();
                    }
                    next += interval;
                }
                done.countDown();
            });
        }
        done.await(warmup + seconds + 120L, TimeUnit.SECONDS);
        Thread.sleep(1000); // the last deliveries
        pool.shutdownNow();
        Histogram h = latency.getIntervalHistogram();
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        h.encodeIntoCompressedByteBuffer(buffer);
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        RedisLogMetrics m = redis == null ? null : redis.metrics();
        System.out.println("{\"node\":" + index + ",\"published\":" + published.sum() + ",\"received\":"
                + received.sum() + ",\"resets\":" + resets.sum() + ",\"p99ms\":"
                + round(h.getValueAtPercentile(99) / 1000.0) + ",\"cpuPercentOfACore\":"
                + round(100.0 * (cpuWindow[1] - cpuWindow[0]) / TimeUnit.SECONDS.toNanos(seconds))
                + (m == null ? "" : ",\"gapFills\":" + m.gapFills() + ",\"syncs\":" + m.syncs()
                        + ",\"backfills\":" + m.backfills())
                + ",\"histogram\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}");
        System.out.flush();
        hub.close();
        if (redis != null) {
            redis.close();
        }
        System.exit(0);
    }

    /** CPU time of this JVM, every thread, in nanoseconds. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Map<String, String> parseFlat(String json) {
        Map<String, String> m = new HashMap<>();
        for (String kv : json.substring(1, json.length() - 1).split(",")) {
            int colon = kv.indexOf(':');
            m.put(kv.substring(0, colon).replace("\"", ""), kv.substring(colon + 1).replace("\"", ""));
        }
        return m;
    }

    // ------------------------------------------------------------------ reconnect storm

    private static void storm(Map<String, String> o) throws Exception {
        String uri = redis(o);
        int topics = intOption(o, "topics", 50);
        int clients = intOption(o, "clients", 5000);
        int events = intOption(o, "events", 3000);
        int behind = intOption(o, "behind", 1500);
        int spread = intOption(o, "spread", 20);
        try (Admin admin = new Admin(uri)) {
            RedisEventLogFactory publisherRedis = RedisEventLogFactory.builder(uri).clientName("bench-publisher")
                    .historyLength(events).build();
            EventHub publisher = hub(publisherRedis, topics + 16);
            // The node the clients reconnect to: it has run all along, its rings (1024) hold the
            // newest events of every topic, and the clients' ids are older than that.
            RedisEventLogFactory nodeRedis = RedisEventLogFactory.builder(uri).clientName("bench-storm-node")
                    .historyLength(events).build();
            EventHub node = hub(nodeRedis, topics + 16);
            String run = Long.toHexString(System.nanoTime());
            List<String> names = new ArrayList<>();
            for (int t = 0; t < topics; t++) {
                names.add("storm-" + run + "-" + t);
                node.subscribe(names.get(t), Position.live(), new CountingSink());
            }
            Map<String, List<Long>> ids = new LinkedHashMap<>();
            for (String name : names) {
                List<Long> list = new ArrayList<>(events);
                for (int i = 0; i < events; i++) {
                    list.add(publisher.publish(name, "e", Map.of("i", i)).id());
                }
                ids.put(name, list);
            }
            Thread.sleep(500); // the node has every event in its rings
            RedisLogMetrics before = nodeRedis.metrics();
            admin.resetStats();
            double cpuBefore = admin.cpuSeconds();
            List<CountingSink> sinks = new ArrayList<>();
            List<Integer> expected = new ArrayList<>();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String name = names.get(c % topics);
                int index = events - 1 - behind - ThreadLocalRandom.current().nextInt(spread + 1);
                CountingSink sink = new CountingSink();
                sinks.add(sink);
                expected.add(events - 1 - index);
                long after = ids.get(name).get(index);
                long firstExpected = ids.get(name).get(index + 1);
                sink.expectFirst = firstExpected;
                started.add(CompletableFuture.runAsync(() -> node.subscribe(name, Position.after(after), sink), pool));
            }
            CompletableFuture.allOf(started.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            for (int c = 0; c < clients; c++) {
                while (sinks.get(c).count.get() < expected.get(c) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            double cpu = admin.cpuSeconds() - cpuBefore;
            RedisLogMetrics after = nodeRedis.metrics();
            long wrong = 0;
            for (int c = 0; c < clients; c++) {
                CountingSink s = sinks.get(c);
                if (s.count.get() != expected.get(c) || s.resets.get() != 0 || !s.inOrder) {
                    wrong++;
                }
            }
            Map<String, Map<String, Double>> stats = admin.commandStats();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("scenario", "storm");
            r.put("topics", topics);
            r.put("clients", clients);
            r.put("eventsBehindRing", behind + " to " + (behind + spread));
            r.put("secondsUntilAllCaughtUp", round(elapsed));
            r.put("clientsWithWrongEvents", wrong);
            r.put("backfills", after.backfills() - before.backfills());
            r.put("backfillsPerTopic", round((after.backfills() - before.backfills()) / (double) topics));
            r.put("rangeReads", after.backfillReads() - before.backfillReads());
            r.put("redisEvalshaCalls", stats.getOrDefault("evalsha", Map.of()).getOrDefault("calls", 0.0).longValue());
            r.put("redisXrangeCalls", stats.getOrDefault("xrange", Map.of()).getOrDefault("calls", 0.0).longValue());
            r.put("redisCpuMs", round(cpu * 1000));
            report(r);
            node.close();
            nodeRedis.close();
            publisher.close();
            publisherRedis.close();
        }
    }

    /** Counts, and checks the first id and the order. */
    private static final class CountingSink implements EventSink {
        final AtomicLong count = new AtomicLong();
        final AtomicLong resets = new AtomicLong();
        volatile long expectFirst = -1;
        volatile boolean inOrder = true;
        private long last = -1;

        @Override
        public boolean onEvents(Subscription s, List<Event> batch) {
            for (Event e : batch) {
                if (last < 0 ? expectFirst >= 0 && e.id() != expectFirst : e.id() != last + 1) {
                    inOrder = false;
                }
                last = e.id();
            }
            count.addAndGet(batch.size());
            return true;
        }

        @Override
        public boolean onReset(Subscription s, Reset r) {
            resets.incrementAndGet();
            return true;
        }

        @Override
        public void onClosed(Subscription s, CloseReason why) {
        }
    }

    // ------------------------------------------------------------------ output

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void report(Map<String, Object> r) throws IOException {
        r.forEach((k, v) -> System.out.printf("  %-28s %s%n", k, v));
        StringBuilder json = new StringBuilder("{");
        r.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : v));
        System.out.println(json.append('}'));
    }
}
