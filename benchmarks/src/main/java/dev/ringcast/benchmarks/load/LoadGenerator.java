package dev.ringcast.benchmarks.load;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end load generator. One run: start (or name) the server; measure its memory; publish
 * a marker event whose id is where every client starts; open N clients on one or two
 * {@link ClientLoop}s and wait until all are subscribed; measure the memory again (N idle
 * clients); publish E events at R per second; wait for the last deliveries; check every
 * connection got every event exactly once, in order; report.
 *
 * <pre>{@code java -cp benchmarks.jar dev.ringcast.benchmarks.load.LoadGenerator --transport sse --connections 1000 --rate 100 --duration 20s}</pre>
 *
 * <p>{@link #run} may be called from any thread, one run at a time per thread; it starts and
 * ends its own threads.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /**
     * Entry point: prints the report and exits 0 if the run passed, 1 if not, 2 on bad options
     * or a server that could not be reached.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadReport report;
        try {
            report = run(options, System.out);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println();
        System.out.print(report.table());
        if (options.out() != null) {
            report.writeJson(options.out());
            System.out.println("written to " + options.out());
        }
        System.exit(report.passed() ? 0 : 1);
    }

    /**
     * Runs the load.
     *
     * @param o the options
     * @param log where to print progress
     * @return the report
     * @throws IllegalStateException if the server cannot be started or reached, or clients cannot subscribe
     */
    public static LoadReport run(LoadOptions o, PrintStream log) {
        log.printf(Locale.ROOT, "loadgen: %s, %,d connections, %,d events at %,.1f/s on topic %s%n",
                o.transport().name().toLowerCase(Locale.ROOT), o.connections(), o.events(), o.rate(), o.topic());
        try (ServerUnderTest server = ServerUnderTest.start(o)) {
            log.println("loadgen: server " + server.uri() + ", " + server.description());
            MemorySample before = server.memory();
            boolean nchan = o.transport() == LoadOptions.Transport.NCHAN;
            Publisher publisher = nchan ? Publisher.forNchan(server.uri(), o.topic(), 16, o.payloadBytes())
                    : new Publisher(server.uri(), o.topic(), 16, o.payloadBytes());
            // Nchan subscribers start at the newest message and are checked on the events' seq, 0 up.
            long baseId = nchan ? -1 : publisher.publishMarker();
            URI uri = server.uri();
            LoadTarget target = new LoadTarget(uri.getHost(), uri.getPort(), o.topic(), baseId);

            List<ClientLoop> loops = new ArrayList<>();
            for (int t = 0; t < o.clientThreads(); t++) {
                loops.add(new ClientLoop("loadgen-clients-" + t));
            }
            for (int i = 0; i < o.connections(); i++) {
                ClientLoop loop = loops.get(i % loops.size());
                loop.add(client(o.transport(), i, loop, target));
            }
            long connectStart = System.nanoTime();
            loops.forEach(ClientLoop::start);
            try {
                awaitSubscribed(loops, o.connections());
                double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                log.printf(Locale.ROOT, "loadgen: %,d clients subscribed in %.1f s%n", o.connections(), connectSeconds);
                MemorySample after = server.memory();
                List<java.net.Socket> stalled = StalledClients.open(o.transport(), target, o.stalled());
                try {
                    Thread progress = progress(loops, log);
                    List<LoadReport.Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
                    Thread sampler = sampler(server, o.sampleEvery(), samples, log);
                    double cpuBefore = server.cpuSeconds();
                    Publisher.Result published = publisher.run(o.events(), o.rate());
                    if (sampler != null) {
                        sampler.interrupt();
                        sampler.join();
                    }
                    long lastId = published.lastId() == Long.MIN_VALUE ? baseId : published.lastId();
                    long expected = (lastId - baseId) * o.connections();
                    drain(loops, expected, o.drainTimeout().toNanos(), log);
                    double cpuAfter = server.cpuSeconds();
                    progress.interrupt();
                    loops.forEach(ClientLoop::stop);
                    return report(o, server, connectSeconds, published, lastId, expected, loops,
                            LoadReport.Memory.of(before, after, o.connections()),
                            new LoadReport.Stalled(stalled.size(), StalledClients.cutOff(stalled)), List.copyOf(samples),
                            cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } finally {
                    StalledClients.close(stalled);
                }
            } finally {
                loops.forEach(ClientLoop::stop);
            }
        }
    }

    private static ClientConnection client(LoadOptions.Transport transport, int index, ClientLoop loop,
                                           LoadTarget target) {
        return switch (transport) {
            case SSE, WIRE -> new SseClient(loop, target);
            case NCHAN -> new NchanSseClient(loop, target);
            case LONGPOLL -> new LongPollClient(loop, target);
            case WS -> new WebSocketClient(loop, target);
            case MIXED -> client(List.of(LoadOptions.Transport.SSE, LoadOptions.Transport.WS,
                    LoadOptions.Transport.LONGPOLL).get(index % 3), index, loop, target);
        };
    }

    /** Samples the server every {@code every} while publishing; null if not asked or not measurable. */
    private static Thread sampler(ServerUnderTest server, java.time.Duration every, List<LoadReport.Sample> samples,
                                  PrintStream log) {
        if (every == null) {
            return null;
        }
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(every.toMillis());
                    MemorySample m = server.memory();
                    if (m == null) {
                        return;
                    }
                    LoadReport.Sample x = new LoadReport.Sample((System.nanoTime() - start) / 1e9, m.heapUsedBytes(),
                            m.rssBytes(), m.threads(), m.openFiles());
                    samples.add(x);
                    log.printf(Locale.ROOT, "loadgen: sample at %.0f s: heap %s, RSS %s, %d threads, %d open files%n",
                            x.seconds(), LoadReport.size(x.heapBytes()), LoadReport.size(x.rssBytes()), x.threads(),
                            x.openFiles());
                }
            } catch (InterruptedException e) {
                // publishing is over
            }
        }, "loadgen-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Prints the deliveries every 5 s, so a long run shows it is alive; interrupt it to stop. */
    private static Thread progress(List<ClientLoop> loops, PrintStream log) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            long before = 0;
            try {
                while (true) {
                    Thread.sleep(5_000);
                    long d = 0;
                    for (ClientLoop l : loops) {
                        d += l.deliveries();
                    }
                    log.printf(Locale.ROOT, "loadgen: %4.0f s  %,d deliveries (%,.0f/s)%n",
                            (System.nanoTime() - start) / 1e9, d, (d - before) / 5.0);
                    before = d;
                }
            } catch (InterruptedException e) {
                // the run is over
            }
        }, "loadgen-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitSubscribed(List<ClientLoop> loops, int connections) {
        long deadline = System.nanoTime() + 30_000_000_000L + connections * 20_000_000L;
        while (true) {
            int ready = 0;
            int failed = 0;
            String why = null;
            for (ClientLoop l : loops) {
                ready += l.readyCount();
                failed += l.failedCount();
                why = why != null ? why : l.firstFailure();
            }
            if (failed > 0) {
                throw new IllegalStateException(failed + " of " + connections + " clients could not subscribe: " + why);
            }
            if (ready >= connections) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ready + " of " + connections + " clients subscribed in time: "
                        + "is the server overloaded, or the port's accept queue too short?");
            }
            sleep(20);
        }
    }

    /** Waits until every expected delivery arrived, or none arrived for {@code quietNanos}. */
    private static void drain(List<ClientLoop> loops, long expected, long quietNanos, PrintStream log) {
        long seen = -1;
        long progressAt = System.nanoTime();
        while (true) {
            long d = 0;
            for (ClientLoop l : loops) {
                d += l.deliveries();
            }
            if (d >= expected) {
                return;
            }
            long now = System.nanoTime();
            if (d != seen) {
                seen = d;
                progressAt = now;
            } else if (now - progressAt > quietNanos) {
                log.printf(Locale.ROOT, "loadgen: %,d of %,d deliveries, none for %d ms: giving up waiting%n",
                        d, expected, quietNanos / 1_000_000);
                return;
            }
            sleep(20);
        }
    }

    private static LoadReport report(LoadOptions o, ServerUnderTest server, double connectSeconds,
                                     Publisher.Result published, long lastId, long expected, List<ClientLoop> loops,
                                     LoadReport.Memory memory, LoadReport.Stalled stalled,
                                     List<LoadReport.Sample> samples, double cpuSeconds) {
        Histogram latency = new Histogram(ClientLoop.HIGHEST_NANOS, 3);
        long deliveries = 0;
        long lastDelivery = published.firstSendNanos();
        long gaps = 0;
        long duplicates = 0;
        long reorders = 0;
        long resets = 0;
        int failed = 0;
        int reconnects = 0;
        String firstFailure = null;
        for (ClientLoop l : loops) {
            latency.add(l.latency());
            deliveries += l.deliveries();
            lastDelivery = Math.max(lastDelivery, l.lastDeliveryNanos());
            failed += l.failedCount();
            reconnects += l.reconnectCount();
            firstFailure = firstFailure != null ? firstFailure : l.firstFailure();
            for (ClientConnection c : l.connections()) {
                gaps += c.check.gaps(lastId);
                duplicates += c.check.duplicates();
                reorders += c.check.reorders();
                resets += c.check.resets();
            }
        }
        double deliverySeconds = Math.max(1e-9, (lastDelivery - published.firstSendNanos()) / 1e9);
        double publishSeconds = (published.lastSendNanos() - published.firstSendNanos()) / 1e9;
        boolean passed = gaps == 0 && duplicates == 0 && reorders == 0 && failed == 0 && deliveries > 0
                && published.errors() == 0;
        return new LoadReport(o.transport().name().toLowerCase(Locale.ROOT), server.description(), o.topic(),
                o.connections(), o.rate(), connectSeconds,
                new LoadReport.Publish(published.published(), published.errors(), publishSeconds,
                        publishSeconds > 0 ? (published.published() - 1) / publishSeconds : published.published(),
                        published.firstError()),
                deliveries, expected, deliverySeconds, deliveries / deliverySeconds,
                new LoadReport.Latency(ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)),
                        ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()), latency.getTotalCount()),
                new LoadReport.Checks(gaps, duplicates, reorders, resets, failed, reconnects, firstFailure),
                LoadReport.Cpu.of(cpuSeconds, deliveries), memory, stalled, samples, passed);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
