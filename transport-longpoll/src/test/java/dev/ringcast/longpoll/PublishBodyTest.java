package dev.ringcast.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ringcast.http.internal.BadRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublishBodyTest {

    private static PublishBody parse(String body) {
        return PublishBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String body) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> parse(body));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"paused\"", "\"with \\\"quotes\\\" and \\u00e9\"", "12", "-1.5e300", "123456789012345678901234567890",
        "true", "false", "null", "{}", "[]", "{\"a\": [1, {\"b\": null}], \"c\": \"}\"}", "[1, 2 , \"]\"]", "\"é€😀\""})
    void dataIsSlicedExactlyAsSent(String data) {
        PublishBody b = parse("{\"type\":\"status\",\"data\":" + data + "}");
        assertEquals("status", b.type());
        assertEquals(data, new String(b.data(), StandardCharsets.UTF_8));
        PublishBody spaced = parse("  {\n \"data\" :  " + data + " ,\n \"type\": \"status\" }\n");
        assertEquals(data, new String(spaced.data(), StandardCharsets.UTF_8));
    }

    @Test
    void otherMembersAreIgnored() {
        PublishBody b = parse("{\"id\": 5, \"type\":\"a\", \"meta\": {\"x\": [1]}, \"data\": 1}");
        assertEquals("a", b.type());
        assertEquals("1", new String(b.data(), StandardCharsets.UTF_8));
    }

    @Test
    void theTestRunnersDocumentedPushBodyIsAccepted() {
        PublishBody b = parse("{\n\"type\": \"status\",\n\"data\": \"paused\"\n}");
        assertEquals(new PublishBody("status", "\"paused\"".getBytes(StandardCharsets.UTF_8)), b);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                              | the body is empty",
        "'  '                            | the body is blank",
        "'{\"type\":\"a\",\"data\":1'    | not valid JSON",
        "'{type: \"a\", data: 1}'        | not valid JSON",
        "'[1]'                           | JSON array, not an object",
        "'\"text\"'                      | JSON string, not an object",
        "'{\"data\":1}'                  | no \"type\"",
        "'{\"type\":\"a\"}'              | no \"data\"",
        "'{\"type\":null,\"data\":1}'    | \"type\" is a JSON null, not a string",
        "'{\"type\":5,\"data\":1}'       | \"type\" is a JSON number, not a string",
        "'{\"type\":\"a\",\"type\":\"b\",\"data\":1}' | given twice",
        "'{\"type\":\"a\",\"data\":1,\"data\":2}'     | given twice",
        "'{\"type\":\"a\",\"data\":1} {}'             | content after its JSON object",
    })
    void invalidBodiesAreRejectedWithWhatIsWrong(String body, String expected) {
        String message = error(body);
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains("send {\"type\": \"<string>\", \"data\": <any JSON>}")
                || message.contains(": give"), "the message says how to fix it: " + message);
    }

    @Test
    void nullDataIsAValidValue() {
        assertEquals("null", new String(parse("{\"type\":\"a\",\"data\":null}").data(), StandardCharsets.UTF_8));
        assertTrue(error("{\"type\":\"a\"}").contains("\"data\": null is allowed"));
    }
}
