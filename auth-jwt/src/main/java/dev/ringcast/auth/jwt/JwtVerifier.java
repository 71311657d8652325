package dev.ringcast.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.ringcast.core.auth.Grant;
import dev.ringcast.core.auth.InvalidTokenException;
import dev.ringcast.core.auth.TokenVerifier;
import dev.ringcast.core.auth.TopicPatterns;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link TokenVerifier} for JSON Web Tokens signed with HS256 (a shared secret) or RS256 (an RSA
 * key pair; the server holds the public key), through Nimbus JOSE+JWT. Use it with
 * {@code TokenAuthorizer.of(JwtVerifier.builder().hs256(secret).build())}.
 *
 * <h2>Claims</h2>
 * <pre>{@code
 * {
 *   "sub": "alice",                        // the principal: required
 *   "exp": 1893456000,                     // expiry, seconds since the epoch: required unless requireExpiry(false)
 *   "ringcast": {
 *     "subscribe": ["orders", "news.*"],   // topics it may read (SSE, WebSocket, long-poll, channels)
 *     "publish": ["orders"]                // topics it may publish to
 *   }
 * }
 * }</pre>
 * In the spirit of the Mercure protocol's {@code mercure.subscribe} and {@code mercure.publish}
 * claims, with Ringcast's topic patterns ({@link TopicPatterns}): a topic name, a prefix followed
 * by one {@code *} ({@code news.*}), or {@code *} alone for every topic. A missing list grants
 * nothing. The claim's name is a setting ({@link Builder#claim(String)}); {@code iss} and
 * {@code aud} are checked when configured, {@code nbf} always (with the clock skew).
 *
 * <h2>What is refused</h2>
 * Every refusal is an {@link InvalidTokenException} (a 401 through {@code TokenAuthorizer}) whose
 * message says what is wrong: not a JWT; unsigned ({@code alg: none}); signed with an algorithm
 * the verifier was not given a key for (an HS256 token is never checked against the RSA public
 * key, so the public key cannot be used as an HMAC secret); a signature that does not verify (a
 * token altered or signed with another key); expired or not yet valid; missing {@code sub} or
 * {@code exp}; another issuer or audience; a claim that is not lists of valid topic patterns.
 *
 * <p>Immutable and thread-safe; a verification is a signature check and a few map lookups.
 */
public final class JwtVerifier implements TokenVerifier {

    /** The default name of the claim with the topic lists: {@code ringcast}. */
    public static final String DEFAULT_CLAIM = "ringcast";

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String claim;
    private final Set<JWSAlgorithm> algorithms;

    private JwtVerifier(Builder b) {
        Map<JWSAlgorithm, Key> keys = new LinkedHashMap<>(b.keys);
        this.algorithms = Set.copyOf(keys.keySet());
        this.claim = b.claim;
        processor = new DefaultJWTProcessor<>();
        JWSKeySelector<SecurityContext> selector = (header, context) -> {
            Key key = keys.get(header.getAlgorithm());
            return key == null ? List.of() : List.of(key);
        };
        processor.setJWSKeySelector(selector);
        Set<String> required = new HashSet<>(Set.of("sub"));
        if (b.requireExpiry) {
            required.add("exp");
        }
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (b.issuer != null) {
            exact.issuer(b.issuer);
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                b.audience == null ? null : Set.of(b.audience), exact.build(), required, null);
        claims.setMaxClockSkew((int) b.clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** @return a builder; give it at least one key */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Grant verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a JWT (three base64url parts joined by dots): send the "
                    + "token you were issued", false);
        } catch (BadJWSException e) {
            throw new InvalidTokenException("the token's signature does not verify: it was altered, or signed with "
                    + "another key than this server's; get a new token");
        } catch (BadJWTException e) {
            throw new InvalidTokenException(claimsMessage(e.getMessage()));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(signatureMessage(token, e.getMessage()));
        } catch (JOSEException e) {
            throw new IllegalStateException("the JWT could not be verified: " + e.getMessage(), e);
        }
        Map<String, Object> topics;
        try {
            topics = claims.getJSONObjectClaim(claim);
        } catch (ParseException e) {
            throw new InvalidTokenException("the token's \"" + claim + "\" claim is not an object: give it "
                    + "{\"subscribe\": [...], \"publish\": [...]}");
        }
        return new Grant(claims.getSubject(), patterns(topics, "subscribe"), patterns(topics, "publish"),
                claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant());
    }

    private TopicPatterns patterns(Map<String, Object> topics, String name) {
        Object list = topics == null ? null : topics.get(name);
        if (list == null) {
            return TopicPatterns.none();
        }
        String what = "the token's \"" + claim + "." + name + "\" claim";
        if (!(list instanceof List<?> items)) {
            throw new InvalidTokenException(what + " is not a list of topic patterns such as [\"orders\", \"news.*\"]");
        }
        List<String> patterns = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw new InvalidTokenException(what + " holds " + item + ", not a topic pattern string");
            }
            patterns.add(s);
        }
        try {
            return TopicPatterns.of(patterns);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(what + " is invalid: " + e.getMessage());
        }
    }

    private static String claimsMessage(String nimbus) {
        String m = String.valueOf(nimbus);
        if (m.startsWith("Expired JWT")) {
            return "the token has expired: get a fresh one and connect again with it (with your last event id, "
                    + "to resume where you left off)";
        }
        if (m.contains("before use time")) {
            return "the token is not valid yet (nbf): check the clocks, or wait";
        }
        if (m.contains("missing required claims")) {
            return "the token lacks required claims (" + m.substring(m.indexOf(':') + 1).trim() + "): it needs \"sub\" "
                    + "(who you are) and \"exp\" (when it expires)";
        }
        return "the token's claims are not accepted (" + m + "): get a token issued for this server";
    }

    private String signatureMessage(String token, String nimbus) {
        String m = String.valueOf(nimbus);
        if (m.toLowerCase(java.util.Locale.ROOT).contains("unsecured") || m.contains("plain")) {
            return "the token is not signed (alg none): send a token signed with " + names();
        }
        String alg = headerAlgorithm(token);
        return "the token is signed with " + (alg == null ? "an unknown algorithm" : alg) + ", which this server "
                + "does not accept: send a token signed with " + names();
    }

    private String names() {
        return String.join(" or ", algorithms.stream().map(JWSAlgorithm::getName).sorted().toList());
    }

    private static String headerAlgorithm(String token) {
        try {
            return com.nimbusds.jose.JWSObject.parse(token).getHeader().getAlgorithm().getName();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads an RSA public key in PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509
     * SubjectPublicKeyInfo, as {@code openssl rsa -pubout} writes it).
     *
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException if it is not such a key, saying what to give
     */
    public static RSAPublicKey rsaPublicKey(String pem) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no \"" + begin + "\" block: give the RSA public key in PEM, as "
                    + "openssl rsa -in private.pem -pubout writes it" + (pem.contains("BEGIN RSA PUBLIC KEY")
                    ? " (this is PKCS#1: convert it with openssl rsa -RSAPublicKey_in -pubout)" : ""));
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to)
                    .getBytes(StandardCharsets.US_ASCII));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | InvalidKeySpecException | ClassCastException e) {
            throw new IllegalArgumentException("the PEM block is not an RSA public key: " + e.getMessage());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA", e);
        }
    }

    /** Builds a {@link JwtVerifier}. Not thread-safe. */
    public static final class Builder {
        private final Map<JWSAlgorithm, Key> keys = new LinkedHashMap<>();
        private String claim = DEFAULT_CLAIM;
        private String issuer;
        private String audience;
        private boolean requireExpiry = true;
        private Duration clockSkew = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Accepts tokens signed with HS256 and this secret.
         *
         * @param secret the shared secret, at least 32 bytes (256 bits), as RFC 7518 requires
         * @return this builder
         */
        public Builder hs256(byte[] secret) {
            if (secret == null || secret.length < 32) {
                throw new IllegalArgumentException("the HS256 secret has " + (secret == null ? 0 : secret.length)
                        + " bytes: use at least 32 random bytes (256 bits), e.g. from openssl rand -base64 48");
            }
            keys.put(JWSAlgorithm.HS256, new SecretKeySpec(secret.clone(), "HmacSHA256"));
            return this;
        }

        /**
         * Accepts tokens signed with RS256 by the private key of this public key.
         *
         * @param publicKey the RSA public key, at least 2048 bits
         * @return this builder
         */
        public Builder rs256(RSAPublicKey publicKey) {
            Objects.requireNonNull(publicKey, "public key");
            if (publicKey.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("the RSA key has " + publicKey.getModulus().bitLength()
                        + " bits: use at least 2048");
            }
            keys.put(JWSAlgorithm.RS256, publicKey);
            return this;
        }

        /**
         * @param name the claim with the {@code subscribe} and {@code publish} lists; default
         *     {@value JwtVerifier#DEFAULT_CLAIM}
         * @return this builder
         */
        public Builder claim(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("claim name is blank: use e.g. ringcast");
            }
            this.claim = name;
            return this;
        }

        /**
         * @param iss the issuer tokens must name in {@code iss}, or null to accept any (the default)
         * @return this builder
         */
        public Builder issuer(String iss) {
            this.issuer = iss;
            return this;
        }

        /**
         * @param aud the audience tokens must name in {@code aud}, or null to accept any (the default)
         * @return this builder
         */
        public Builder audience(String aud) {
            this.audience = aud;
            return this;
        }

        /**
         * @param required whether tokens must have {@code exp}; default true (a token without one
         *     is valid for ever, and a stolen one with it)
         * @return this builder
         */
        public Builder requireExpiry(boolean required) {
            this.requireExpiry = required;
            return this;
        }

        /**
         * @param skew how far clocks may disagree when {@code exp} and {@code nbf} are checked here,
         *     0 to 5 minutes; default 30 s. (The {@code TokenAuthorizer} checks {@code exp} again,
         *     exactly, and ends streams at it.)
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew " + skew + " is invalid: use 0 to 5 minutes");
            }
            this.clockSkew = skew;
            return this;
        }

        /**
         * @return the verifier
         * @throws IllegalStateException if no key was given
         */
        public JwtVerifier build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("no key: call hs256(secret) or rs256(publicKey)");
            }
            return new JwtVerifier(this);
        }
    }
}
