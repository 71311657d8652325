package dev.ringcast.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the run's events with {@code POST /topics/{topic}/events}, paced at a fixed rate
 * (event k is sent at {@code start + k / rate}, or at once when the publisher is behind), each
 * carrying {@code {"seq":k,"sentNanos":<System.nanoTime()>}}. A few requests are in flight at once
 * over HTTP/1.1 keep-alive connections, so the server, not one round trip, limits the rate; ids
 * are assigned by the server in the order the requests reach it, which is why the clients check
 * ids, not {@code seq}.
 *
 * <p>Against Nchan ({@link #forNchan}) the event is {@code POST /pub?id=CHANNEL} with the data
 * alone as its body, answered 201 (or 202 when nobody listens); Nchan's ids are {@code time:tag},
 * so the publisher reports the highest {@code seq} published as the last id, and the clients
 * check {@code seq}.
 *
 * <p>Threads: one thread calls {@link #publishMarker} and {@link #run}; responses are handled on
 * the HTTP client's threads, and {@link #run} returns only after all of them.
 */
final class Publisher {

    /** What a run published. */
    record Result(long published, long errors, long lastId, long firstSendNanos, long lastSendNanos,
                  String firstError) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI eventsUri;
    private final int maxInFlight;
    private final String padding;
    private final boolean nchan;

    /**
     * @param base the server's base URI, such as {@code http://127.0.0.1:8080/}
     * @param topic the topic
     * @param maxInFlight the most requests in flight at once
     */
    Publisher(URI base, String topic, int maxInFlight) {
        this(base, topic, maxInFlight, 0);
    }

    /**
     * @param base the server's base URI
     * @param topic the topic
     * @param maxInFlight the most publish requests on their way at once
     * @param payloadBytes padding added to each event's data, in bytes (0 for none)
     */
    Publisher(URI base, String topic, int maxInFlight, int payloadBytes) {
        this(base.resolve("topics/" + topic + "/events"), maxInFlight, payloadBytes, false);
    }

    private Publisher(URI eventsUri, int maxInFlight, int payloadBytes, boolean nchan) {
        this.eventsUri = eventsUri;
        this.maxInFlight = maxInFlight;
        this.padding = "x".repeat(payloadBytes);
        this.nchan = nchan;
    }

    /**
     * A publisher to Nchan's {@code POST /pub?id=CHANNEL}.
     *
     * @param base the nginx's base URI
     * @param channel the channel
     * @param maxInFlight the most publish requests on their way at once
     * @param payloadBytes padding added to each event's data, in bytes (0 for none)
     * @return the publisher
     */
    static Publisher forNchan(URI base, String channel, int maxInFlight, int payloadBytes) {
        return new Publisher(base.resolve("pub?id=" + channel), maxInFlight, payloadBytes, true);
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(eventsUri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * Publishes the marker event before the run: its id is the one after which every client starts.
     *
     * @return the marker's id
     * @throws IllegalStateException if the server does not answer 201 with an id
     */
    long publishMarker() {
        try {
            HttpResponse<String> r = http.send(request("{\"type\":\"load-start\",\"data\":{}}"),
                    HttpResponse.BodyHandlers.ofString());
            long id = LoadPayload.number(r.body(), "\"id\":");
            if (r.statusCode() != 201 || id == Long.MIN_VALUE) {
                throw new IllegalStateException("POST " + eventsUri + " answered HTTP " + r.statusCode() + " "
                        + r.body() + ": expected 201 {\"id\":N}; is this a Ringcast server?");
            }
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("cannot publish to " + eventsUri + ": " + e
                    + "; is the server running (see --server)?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Publishes {@code events} events at {@code rate} per second and waits for every answer.
     *
     * @param events how many
     * @param rate events per second
     * @return what was published
     */
    Result run(long events, double rate) {
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicLong errors = new AtomicLong();
        AtomicLong lastId = new AtomicLong(Long.MIN_VALUE);
        AtomicReference<String> firstError = new AtomicReference<>();
        double period = 1e9 / rate;
        long start = System.nanoTime();
        long lastSend = start;
        for (long k = 0; k < events; k++) {
            long due = start + (long) (k * period);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            lastSend = System.nanoTime();
            long seq = k;
            String body = nchan ? LoadPayload.data(k, lastSend, padding) : LoadPayload.body(k, lastSend, padding);
            http.sendAsync(request(body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        long id = r == null ? Long.MIN_VALUE
                                : nchan ? seq : LoadPayload.number(r.body(), "\"id\":");
                        boolean created = r != null && (r.statusCode() == 201 || (nchan && r.statusCode() == 202));
                        if (e != null || !created || id == Long.MIN_VALUE) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e != null ? e.toString()
                                    : "HTTP " + r.statusCode() + " " + r.body());
                        } else {
                            lastId.accumulateAndGet(id, Math::max);
                        }
                        inFlight.release();
                    });
        }
        try {
            if (!inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
                firstError.compareAndSet(null, "publish requests still unanswered after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(events - errors.get(), errors.get(), lastId.get(), start, lastSend, firstError.get());
    }
}
