package dev.ringcast.examples.testrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the running example with the JDK's HTTP client exactly as the seed document shows:
 * {@code GET /api/sessions/<token>/events?last_event=N} and {@code POST /api/sessions/<token>/events}
 * with {@code {"type": "status", "data": "paused"}}.
 */
class TestRunnerServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("\\{\"id\":(\\d+)}");
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private static TestRunnerServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = TestRunnerServer.start(0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPollAfterLastEventAnswersTheNewerEventsInTheDocumentedShape() throws Exception {
        String token = createSession();
        long eighth = push(token, "{\n\"type\": \"status\",\n\"data\": \"paused\"\n}"); // the document's POST body, as written
        long ninth = push(token, "{\"type\": \"status\", \"data\": \"paused\"}");
        push(token, "{\"type\": \"status\", \"data\": \"running\"}");
        push(token, "{\"type\": \"status\", \"data\": \"paused\"}");
        long twelfth = push(token, "{\"type\": \"status\", \"data\": \"running\"}");
        assertEquals(ninth + 3, twelfth, "numbers increase by one per event of a session");

        HttpResponse<String> r = get("api/sessions/" + token + "/events?last_event=" + eighth);

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        assertEquals("[{\"type\":\"status\",\"data\":\"paused\",\"number\":" + ninth + "},"
                + "{\"type\":\"status\",\"data\":\"running\",\"number\":" + (ninth + 1) + "},"
                + "{\"type\":\"status\",\"data\":\"paused\",\"number\":" + (ninth + 2) + "},"
                + "{\"type\":\"status\",\"data\":\"running\",\"number\":" + (ninth + 3) + "}]", r.body());
        // The document's example answer, with this session's numbers in place of 9..12.
        String documented = """
                [
                {
                "type": "status",
                "data": "paused",
                "number": 9
                },
                {
                "type": "status",
                "data": "running",
                "number": 10
                },
                {
                "type": "status",
                "data": "paused",
                "number": 11
                },
                {
                "type": "status",
                "data": "running",
                "number": 12
                }
                ]""";
        for (int n = 9; n <= 12; n++) {
            documented = documented.replace("\"number\": " + n + "\n", "\"number\": " + (ninth + n - 9) + "\n");
        }
        assertEquals(JSON.readTree(documented), JSON.readTree(r.body()));
    }

    @Test
    void aPollWithNothingNewIsHeldUntilTheNextPushAnswersIt() throws Exception {
        String token = createSession();
        long last = push(token, "{\"type\": \"status\", \"data\": \"running\"}");
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(
                request("api/sessions/" + token + "/events?last_event=" + last).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertFalse(held.isDone(), "nothing newer than last_event: the connection stays open");

        long next = push(token, "{\"type\": \"status\", \"data\": \"paused\"}");

        HttpResponse<String> r = held.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("[{\"type\":\"status\",\"data\":\"paused\",\"number\":" + next + "}]", r.body());
    }

    @Test
    void oneSessionNeverSeesAnothersEvents() throws Exception {
        String a = createSession();
        String b = createSession();
        long aStart = push(a, "{\"type\": \"status\", \"data\": \"running\"}");
        long bStart = push(b, "{\"type\": \"status\", \"data\": \"running\"}");
        push(a, "{\"type\": \"status\", \"data\": \"paused\"}");
        push(b, "{\"type\": \"action\", \"data\": \"stop\"}");

        JsonNode seenByA = JSON.readTree(get("api/sessions/" + a + "/events?last_event=" + (aStart - 1)).body());
        JsonNode seenByB = JSON.readTree(get("api/sessions/" + b + "/events?last_event=" + (bStart - 1)).body());

        assertEquals(List.of("running", "paused"), seenByA.findValuesAsText("data"));
        assertEquals(List.of("running", "stop"), seenByB.findValuesAsText("data"));
    }

    @Test
    void anUnknownTokenIsAnswered404WithAJsonErrorForPollsAndPushes() throws Exception {
        String unknown = "6fdbd1a0-c339-11e9-b775-6d49dd567772"; // the document's example token: never issued here
        HttpResponse<String> poll = get("api/sessions/" + unknown + "/events?last_event=8");
        HttpResponse<String> push = http.send(request("api/sessions/" + unknown + "/events")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"status\", \"data\": \"paused\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> r : List.of(poll, push)) {
            assertEquals(404, r.statusCode(), r.body());
            String error = JSON.readTree(r.body()).path("error").asText();
            assertTrue(error.contains("no session " + unknown) && error.contains("POST /api/sessions"), error);
        }
        assertFalse(server.hub().topicNames().contains(unknown), "a denied request creates no topic");
    }

    @Test
    void tokensAreDistinctRandomUuids() throws Exception {
        String a = createSession();
        String b = createSession();
        assertTrue(UUID_V4.matcher(a).matches(), a);
        assertTrue(UUID_V4.matcher(b).matches(), b);
        assertNotEquals(a, b);
    }

    private static String createSession() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("api/sessions").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("token").asText();
    }

    private static long push(String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("api/sessions/" + token + "/events")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = ID.matcher(r.body());
        assertTrue(m.matches(), r.body());
        return Long.parseLong(m.group(1));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        URI uri = server.uri().resolve(path);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15));
    }
}
