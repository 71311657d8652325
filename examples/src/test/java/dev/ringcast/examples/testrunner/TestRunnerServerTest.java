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
 * Drives the running example with the JDK's HTTP client exactly as the API's documentation shows:
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
    void aPollAfterLastEvent8AnswersEvents9To12ExactlyAsTheDocumentShows() throws Exception {
        String token = createSession();
        for (int n = 1; n <= 8; n++) {
            assertEquals(n, push(token, "{\"type\": \"status\", \"data\": \"running\"}"), "a session numbers its events from 1");
        }
        assertEquals(9, push(token, "{\n\"type\": \"status\",\n\"data\": \"paused\"\n}")); // the document's POST body, as written
        push(token, "{\"type\": \"status\", \"data\": \"running\"}");
        push(token, "{\"type\": \"status\", \"data\": \"paused\"}");
        assertEquals(12, push(token, "{\"type\": \"status\", \"data\": \"running\"}"));

        HttpResponse<String> r = get("api/sessions/" + token + "/events?last_event=8"); // the document's request

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        // The document's example answer, as written.
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
        assertEquals(JSON.readTree(documented), JSON.readTree(r.body()));
        for (JsonNode element : JSON.readTree(r.body())) {
            assertEquals(List.of("type", "data", "number"), iterable(element.fieldNames()), "exactly the documented fields");
            assertTrue(element.get("type").isTextual() && element.get("number").isNumber(), element.toString());
        }
    }

    @Test
    void aFreshListenerPollsWithLastEvent0AndGetsTheWholeSession() throws Exception {
        String token = createSession();
        push(token, "{\"type\": \"status\", \"data\": \"running\"}");
        push(token, "{\"type\": \"action\", \"data\": {\"stop\": true}}");
        JsonNode all = JSON.readTree(get("api/sessions/" + token + "/events?last_event=0").body());
        assertEquals(List.of(1, 2), all.findValues("number").stream().map(JsonNode::asInt).toList());
        assertEquals("{\"stop\":true}", all.get(1).get("data").toString(), "data is any JSON, as pushed");
    }

    @Test
    void aLastEventAboveTheSessionsNewestIsAnsweredWithAResetThenTheSessionFromItsStart() throws Exception {
        String token = createSession();
        push(token, "{\"type\": \"status\", \"data\": \"running\"}");
        push(token, "{\"type\": \"status\", \"data\": \"paused\"}");
        // A client that kept 8 from another session (or a server that restarted) is told, not
        // silently held until the session reaches 9.
        JsonNode answer = JSON.readTree(get("api/sessions/" + token + "/events?last_event=8").body());
        assertEquals("reset", answer.get(0).get("type").asText(), answer.toString());
        assertEquals(8, answer.get(0).get("data").get("requested").asInt());
        assertEquals(1, answer.get(0).get("data").get("oldest").asInt());
        assertEquals(List.of(0, 1, 2), answer.findValues("number").stream().map(JsonNode::asInt).toList());
    }

    @Test
    void aPushIsAcceptedAsJsonTextPlainOrWithoutAContentTypeAndAFormIsA415SayingWhatToSend() throws Exception {
        String token = createSession();
        String body = "{\"type\": \"status\", \"data\": \"paused\"}";
        assertEquals(1, pushAs(token, "text/plain;charset=UTF-8", body), "what fetch sends for a string body");
        assertEquals(2, pushAs(token, null, body), "no Content-Type at all");
        HttpResponse<String> form = http.send(request("api/sessions/" + token + "/events")
                .header("Content-Type", "application/x-www-form-urlencoded") // what curl -d sends
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode(), form.body());
        String error = JSON.readTree(form.body()).path("error").asText();
        assertTrue(error.contains("application/json, text/plain or no Content-Type"), error);
        JsonNode all = JSON.readTree(get("api/sessions/" + token + "/events?last_event=0").body());
        assertEquals(2, all.size(), "the refused push stored nothing");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static long pushAs(String token, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = request("api/sessions/" + token + "/events").POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = ID.matcher(r.body());
        assertTrue(m.matches(), r.body());
        return Long.parseLong(m.group(1));
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
