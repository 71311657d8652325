package dev.ringcast.examples;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.HttpConnectStrategy;
import com.launchdarkly.logging.LDLogger;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The SSE client of the examples' tests: LaunchDarkly's okhttp-eventsource, as an application would use it. */
public final class SseClients {

    // okhttp-eventsource 4.x leaves the connection of a stream closed before its end unreleased
    // (launchdarkly/okhttp-eventsource#91), and OkHttp warns about it when the GC finds it. Every
    // stream in these tests is closed mid-way on purpose; the server's side is what they check.
    // Held here: java.util.logging keeps only weak references to loggers.
    private static final Logger OKHTTP = Logger.getLogger("okhttp3.OkHttpClient");

    static {
        OKHTTP.setLevel(Level.SEVERE);
    }

    private SseClients() {
    }

    /**
     * A client for one stream, not yet connected ({@code start()} connects, {@code readMessage()}
     * connects if needed and blocks for the next message).
     *
     * @param uri the stream
     * @param headers request headers
     * @param lastEventId the id to resume after, or null
     * @return the client; close it
     */
    public static EventSource open(URI uri, Map<String, String> headers, String lastEventId) {
        HttpConnectStrategy http = ConnectStrategy.http(uri).readTimeout(20, TimeUnit.SECONDS);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            http = http.header(h.getKey(), h.getValue());
        }
        EventSource.Builder b = new EventSource.Builder(http).logger(LDLogger.none());
        if (lastEventId != null) {
            b.lastEventId(lastEventId);
        }
        return b.build();
    }
}
