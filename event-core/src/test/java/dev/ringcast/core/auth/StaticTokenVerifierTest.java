package dev.ringcast.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTokenVerifierTest {

    @Test
    void loadsTokensAndDigestsFromAFile(@TempDir Path dir) throws Exception {
        String digest = HexFormat.of().formatHex(StaticTokenVerifier.sha256("hashed-token"));
        Path file = Files.writeString(dir.resolve("tokens.json"), """
                {"tokens": [
                  {"token": "alice-token", "principal": "alice", "subscribe": ["orders", "news.*"], "publish": ["orders"]},
                  {"sha256": "%s", "principal": "dash", "subscribe": ["*"], "expiresAt": "2030-01-01T00:00:00Z"}
                ]}
                """.formatted(digest));
        StaticTokenVerifier table = StaticTokenVerifier.load(file);
        assertEquals(2, table.size());
        Grant alice = table.verify("alice-token");
        assertEquals("alice", alice.principal());
        assertTrue(alice.maySubscribe("news.eu") && alice.mayPublish("orders") && !alice.mayPublish("news.eu"));
        Grant dash = table.verify("hashed-token");
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), dash.expiresAt());
        assertTrue(dash.publish().isEmpty(), "no publish list grants no publishing");
        assertFalse(table.verify("alice-token").equals(dash));
        InvalidTokenException unknown = assertThrows(InvalidTokenException.class, () -> table.verify("alice-token "));
        assertFalse(unknown.recognized());
    }

    @Test
    void refusesABadFileSayingWhichEntryAndWhy() {
        for (var bad : List.of(
                List.of("{}", "no \"tokens\" array"),
                List.of("{\"tokens\":[{\"token\":\"t\"}]}", "tokens[0]: has no \"principal\""),
                List.of("{\"tokens\":[{\"principal\":\"p\"}]}", "exactly one of \"token\" and \"sha256\""),
                List.of("{\"tokens\":[{\"token\":\"t\",\"principal\":\"p\",\"subscribe\":[\"a*b\"]}]}", "a*b"),
                List.of("{\"tokens\":[{\"sha256\":\"abc\",\"principal\":\"p\"}]}", "64 hex digits"),
                List.of("{\"tokens\":[{\"token\":\"t\",\"principal\":\"p\",\"expiresAt\":\"soon\"}]}", "ISO-8601"),
                List.of("{\"tokens\":[{\"token\":\"t\",\"principal\":\"p\"},{\"token\":\"t\",\"principal\":\"q\"}]}",
                        "tokens[1]: the same token"),
                List.of("not json", "not valid JSON"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StaticTokenVerifier.parse(bad.get(0).getBytes(StandardCharsets.UTF_8), "tokens.json"));
            assertTrue(e.getMessage().startsWith("tokens.json") && e.getMessage().contains(bad.get(1)), e.getMessage());
        }
    }
}
