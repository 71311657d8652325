package dev.ringcast.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A fixed table of tokens and what each grants: for the standalone server, services with API
 * keys, and tests. Tokens are kept only as their SHA-256 digests, compared in constant time, so
 * the table in memory (or in its file, with {@code sha256} entries) does not hold the tokens.
 *
 * <h2>The file</h2>
 * <pre>{@code
 * {"tokens": [
 *   {"token": "s3cr3t-alice", "principal": "alice", "subscribe": ["orders", "news.*"], "publish": ["orders"]},
 *   {"sha256": "<64 hex digits of SHA-256(token)>", "principal": "dashboard", "subscribe": ["*"],
 *    "expiresAt": "2030-01-01T00:00:00Z"}
 * ]}
 * }</pre>
 * Each entry has the token ({@code token}) or its digest ({@code sha256}, e.g. from
 * {@code printf %s "$TOKEN" | sha256sum}), a {@code principal}, the {@code subscribe} and
 * {@code publish} topic patterns (see {@link TopicPatterns}; absent means none) and optionally
 * {@code expiresAt} (ISO-8601). An invalid file is refused as a whole, saying which entry is wrong.
 *
 * <p>Immutable and thread-safe.
 */
public final class StaticTokenVerifier implements TokenVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(byte[] digest, Grant grant) {
    }

    private final Map<String, Entry> byDigest;

    private StaticTokenVerifier(Map<String, Entry> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    /** @return a builder of an empty table */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Grant verify(String token) {
        byte[] digest = sha256(token);
        Entry e = byDigest.get(HexFormat.of().formatHex(digest));
        if (e == null || !MessageDigest.isEqual(e.digest(), digest)) {
            throw new InvalidTokenException("the token is not known to this server: check that you send the whole "
                    + "token you were given, or ask for a new one", false);
        }
        return e.grant();
    }

    /** @return how many tokens the table holds */
    public int size() {
        return byDigest.size();
    }

    /**
     * Reads a table from a JSON file (see above).
     *
     * @param file the file
     * @return the table
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not a valid table, saying where and what to fix
     */
    public static StaticTokenVerifier load(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads a table from JSON (see above).
     *
     * @param json the JSON, UTF-8
     * @param source where it comes from, for messages
     * @return the table
     * @throws IllegalArgumentException if it is not a valid table
     */
    public static StaticTokenVerifier parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage());
        }
        JsonNode tokens = root == null ? null : root.get("tokens");
        if (tokens == null || !tokens.isArray()) {
            throw new IllegalArgumentException(source + " has no \"tokens\" array: write {\"tokens\": [{\"token\": \"...\", "
                    + "\"principal\": \"...\", \"subscribe\": [\"topic\", \"prefix.*\"], \"publish\": [...]}]}");
        }
        Builder b = builder();
        int i = 0;
        for (JsonNode entry : tokens) {
            String where = source + ", tokens[" + i++ + "]";
            try {
                if (!entry.isObject()) {
                    throw new IllegalArgumentException("is not an object");
                }
                Grant grant = new Grant(text(entry, "principal", true), patterns(entry, "subscribe"),
                        patterns(entry, "publish"), expiry(entry));
                String token = text(entry, "token", false);
                String sha = text(entry, "sha256", false);
                if ((token == null) == (sha == null)) {
                    throw new IllegalArgumentException("needs exactly one of \"token\" and \"sha256\"");
                }
                if (token != null) {
                    b.token(token, grant);
                } else {
                    b.tokenSha256(sha, grant);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return b.build();
    }

    private static String text(JsonNode entry, String name, boolean required) {
        JsonNode n = entry.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new IllegalArgumentException("has no \"" + name + "\"");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a non-empty string");
        }
        return n.asText();
    }

    private static TopicPatterns patterns(JsonNode entry, String name) {
        JsonNode n = entry.get(name);
        if (n == null || n.isNull()) {
            return TopicPatterns.none();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("\"" + name + "\" is not an array of topic patterns");
        }
        List<String> list = new ArrayList<>();
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            JsonNode p = it.next();
            if (!p.isTextual()) {
                throw new IllegalArgumentException("\"" + name + "\" holds " + p + ", not a string");
            }
            list.add(p.asText());
        }
        return TopicPatterns.of(list);
    }

    private static Instant expiry(JsonNode entry) {
        String at = text(entry, "expiresAt", false);
        if (at == null) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"expiresAt\" " + at + " is not an ISO-8601 instant such as 2030-01-01T00:00:00Z");
        }
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Builds a {@link StaticTokenVerifier}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry> entries = new HashMap<>();

        private Builder() {
        }

        /**
         * @param token a token, non-empty
         * @param grant what it grants
         * @return this builder
         * @throws IllegalArgumentException if the token is empty or already in the table
         */
        public Builder token(String token, Grant grant) {
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("token is empty: give each client a long random token");
            }
            return add(sha256(token), grant);
        }

        /**
         * @param sha256Hex the SHA-256 digest of a token, 64 hex digits
         * @param grant what the token grants
         * @return this builder
         * @throws IllegalArgumentException if the digest is not 64 hex digits or already in the table
         */
        public Builder tokenSha256(String sha256Hex, Grant grant) {
            if (sha256Hex == null || !sha256Hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("sha256 is not 64 hex digits: give the SHA-256 digest of the token, "
                        + "e.g. from printf %s \"$TOKEN\" | sha256sum");
            }
            return add(HexFormat.of().parseHex(sha256Hex), grant);
        }

        private Builder add(byte[] digest, Grant grant) {
            java.util.Objects.requireNonNull(grant, "grant");
            if (entries.putIfAbsent(HexFormat.of().formatHex(digest), new Entry(digest, grant)) != null) {
                throw new IllegalArgumentException("the same token is in the table twice (principal \""
                        + grant.principal() + "\"): give each entry its own token");
            }
            return this;
        }

        /** @return the table */
        public StaticTokenVerifier build() {
            return new StaticTokenVerifier(entries);
        }
    }
}
