package dev.ringcast.longpoll;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ringcast.http.internal.BadRequestException;
import java.io.IOException;
import java.util.Arrays;

/**
 * A publish request's body, {@code {"type": "<string>", "data": <any JSON>}}, parsed without I/O.
 *
 * <p>The data is kept as the bytes the client sent, sliced out of the body, not decoded and
 * re-encoded: numbers keep their precision and the hub stores exactly what was posted. Members
 * other than {@code type} and {@code data} are ignored, so clients may add their own.
 *
 * @param type the event's type, not yet validated by the core
 * @param data the data's JSON, exactly one value
 */
record PublishBody(String type, byte[] data) {

    private static final JsonFactory JSON = new JsonFactory();

    private static final String SHAPE = "send {\"type\": \"<string>\", \"data\": <any JSON>}";

    /**
     * Parses a body.
     *
     * @param body the request body, UTF-8
     * @return the type and the data's JSON
     * @throws BadRequestException (400) saying what is wrong: not JSON, not an object, or a
     *     member missing or of the wrong kind
     */
    static PublishBody parse(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException("the body is empty: " + SHAPE);
        }
        String type = null;
        byte[] data = null;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken token = p.nextToken();
            if (token == null) {
                throw new BadRequestException("the body is blank: " + SHAPE);
            }
            if (token != JsonToken.START_OBJECT) {
                throw new BadRequestException("the body is a JSON " + kind(token) + ", not an object: " + SHAPE);
            }
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name)) {
                    if (type != null) {
                        throw new BadRequestException("\"type\" is given twice: give it once");
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw new BadRequestException("\"type\" is a JSON " + kind(value)
                                + ", not a string: give the event's type such as \"type\": \"status\"");
                    }
                    type = p.getText();
                } else if ("data".equals(name)) {
                    if (data != null) {
                        throw new BadRequestException("\"data\" is given twice: give it once");
                    }
                    data = slice(p, body);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadRequestException("the body has content after its JSON object: " + SHAPE);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + "; " + SHAPE);
        } catch (IOException e) {
            throw new BadRequestException("the body cannot be read as JSON: " + e.getMessage() + "; " + SHAPE);
        }
        if (type == null) {
            throw new BadRequestException("the body has no \"type\": " + SHAPE);
        }
        if (data == null) {
            throw new BadRequestException("the body has no \"data\": " + SHAPE
                    + " (\"data\": null is allowed; leaving it out is not)");
        }
        return new PublishBody(type, data);
    }

    /** The current value's exact bytes: from its first token's start to its last token's end. */
    private static byte[] slice(JsonParser p, byte[] body) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        // A string's text is parsed lazily: finish it so the location is past its closing quote.
        p.finishToken();
        long end = p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(body, (int) start, (int) end);
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishBody b && b.type.equals(type) && Arrays.equals(b.data, data);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PublishBody{type=" + type + ", data=" + new String(data, java.nio.charset.StandardCharsets.UTF_8) + "}";
    }
}
