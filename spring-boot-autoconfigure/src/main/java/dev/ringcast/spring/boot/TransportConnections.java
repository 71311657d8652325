package dev.ringcast.spring.boot;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * How many connections one served transport holds open: the auto-configuration declares one bean
 * per endpoint it serves, and the metrics binder turns each into a {@code ringcast.connections}
 * gauge tagged with the transport. Immutable.
 *
 * @param transport the {@code transport} tag: {@code sse}, {@code long-poll} or {@code websocket}
 * @param open the count now; called from the metrics registry's thread
 */
public record TransportConnections(String transport, IntSupplier open) {

    /**
     * Checks the values.
     *
     * @param transport see the record
     * @param open see the record
     */
    public TransportConnections {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(open, "open");
    }
}
