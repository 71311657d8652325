package dev.ringcast.examples.host;

import dev.ringcast.core.EventHub;
import java.net.URI;

/**
 * What every example server shares with its users: its hub, its address, and closing it all. An
 * example extends it with what is its own (a simulator, a registry) and a static {@code start}.
 *
 * <p>Thread-safe as {@link ExampleHost} is.
 */
public abstract class ExampleApp implements AutoCloseable {

    /** The hub, the server and the parts closed with them. */
    protected final ExampleHost host;

    /**
     * @param host the running host
     */
    protected ExampleApp(ExampleHost host) {
        this.host = host;
    }

    /** @return the hub */
    public EventHub hub() {
        return host.hub();
    }

    /** @return the base URI, such as {@code http://127.0.0.1:8081/} */
    public URI uri() {
        return host.uri();
    }

    /** Stops the example's parts, then the server (streams, sockets and polls end), then the hub. */
    @Override
    public void close() {
        host.close();
    }
}
