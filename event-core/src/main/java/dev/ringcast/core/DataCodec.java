package dev.ringcast.core;

/**
 * Encodes the data of a published event to JSON, once, at publish. The default is
 * {@link JacksonDataCodec}; supply another through {@link EventHubBuilder#codec(DataCodec)}.
 *
 * <p>Called on publishers' threads, concurrently: implementations must be thread-safe.
 */
@FunctionalInterface
public interface DataCodec {

    /**
     * Encodes {@code data}.
     *
     * @param data what the application published; may be null
     * @return the UTF-8 JSON encoding, owned by the caller from then on
     * @throws IllegalArgumentException if it cannot be encoded, saying why
     */
    byte[] encode(Object data);
}
