package dev.ringcast.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The default {@link DataCodec}: Jackson's {@link ObjectMapper}.
 *
 * <p>Thread-safe, as {@code ObjectMapper} is once configured.
 */
public final class JacksonDataCodec implements DataCodec {

    private final ObjectMapper mapper;

    /** A codec with a mapper that writes dates as ISO-8601 strings and fails on nothing it can avoid. */
    public JacksonDataCodec() {
        this(new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS));
    }

    /**
     * A codec over the application's own mapper, so that its modules and settings apply.
     *
     * @param mapper a configured mapper; not reconfigured afterwards
     */
    public JacksonDataCodec(ObjectMapper mapper) {
        if (mapper == null) {
            throw new IllegalArgumentException("mapper is null: pass an ObjectMapper or use new JacksonDataCodec()");
        }
        this.mapper = mapper;
    }

    @Override
    public byte[] encode(Object data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data of " + (data == null ? "null" : data.getClass().getName())
                    + " cannot be encoded as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
