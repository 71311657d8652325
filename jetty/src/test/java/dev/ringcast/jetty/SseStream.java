package dev.ringcast.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One SSE connection read the way a browser's EventSource reads it: frames of {@code id:},
 * {@code event:} and {@code data:} lines; an id-only block moves the last event id and dispatches
 * nothing. When the connection ends (the server died) {@link #ended()} turns true and the test
 * reconnects, to any node, with {@link #lastEventId()}, as a client behind a load balancer would.
 */
final class SseStream implements AutoCloseable {

    /** One dispatched frame. */
    record Frame(String id, String event, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Frame> frames = new ArrayList<>();
    private volatile String lastEventId;
    private volatile boolean ended;
    private volatile int status;
    private final Thread reader;
    private volatile InputStream body;

    private SseStream(URI uri, String lastEventId) {
        this.lastEventId = lastEventId;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        reader = new Thread(() -> read(request.build()), "sse-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static SseStream open(URI uri, String lastEventId) {
        SseStream s = new SseStream(uri, lastEventId);
        await(() -> s.status != 0 || s.ended, "the stream to " + uri + " answered");
        return s;
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<InputStream> r = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = r.body();
            status = r.statusCode();
            String id = null;
            String event = null;
            StringBuilder data = null;
            byte[] buffer = new byte[8192];
            java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
            for (int n; (n = body.read(buffer)) != -1; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        pending.write(buffer[i]);
                        continue;
                    }
                    String l = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                    if (l.isEmpty()) {
                        if (id != null) {
                            lastEventId = id;
                        }
                        if (data != null) {
                            synchronized (frames) {
                                frames.add(new Frame(id != null ? id : lastEventId, event, data.toString()));
                            }
                        }
                        id = null;
                        event = null;
                        data = null;
                    } else if (l.startsWith("id: ")) {
                        id = l.substring(4);
                    } else if (l.startsWith("event: ")) {
                        event = l.substring(7);
                    } else if (l.startsWith("data: ")) {
                        data = data == null ? new StringBuilder(l.substring(6)) : data.append('\n').append(l.substring(6));
                    }
                }
            }
        } catch (IOException e) {
            // the server went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
    }

    int status() {
        return status;
    }

    boolean ended() {
        return ended;
    }

    String lastEventId() {
        return lastEventId;
    }

    List<Frame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    /** The ids of the dispatched events that are not Ringcast's own signals. */
    List<Long> eventIds() {
        return frames().stream().filter(f -> !"reset".equals(f.event())).map(f -> Long.parseLong(f.id())).toList();
    }

    List<Frame> resets() {
        return frames().stream().filter(f -> "reset".equals(f.event())).toList();
    }

    SseStream awaitEvents(int count) {
        await(() -> eventIds().size() >= count, "expected " + count + " events, got " + eventIds().size());
        return this;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        reader.interrupt();
    }
}
