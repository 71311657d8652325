package dev.ringcast.auth.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.core.auth.Grant;
import dev.ringcast.core.auth.InvalidTokenException;
import dev.ringcast.core.auth.TokenAuthorizer;
import dev.ringcast.core.auth.TransportAccessRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real tokens, signed with real keys, through Nimbus: what a server accepts and what an attacker sends. */
class JwtVerifierTest {

    private static final byte[] SECRET = "a-secret-of-at-least-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static KeyPair rsa;
    private static KeyPair otherRsa;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        otherRsa = g.generateKeyPair();
    }

    private static JWTClaimsSet.Builder claims(String sub, Instant exp) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(sub)
                .claim("ringcast", Map.of("subscribe", List.of("orders", "news.*"), "publish", List.of("orders")));
        return exp == null ? b : b.expirationTime(Date.from(exp));
    }

    static String hs256(JWTClaimsSet claims, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String rs256(JWTClaimsSet claims, KeyPair keys) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        return jwt.serialize();
    }

    private static final Instant IN_AN_HOUR = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private final JwtVerifier hs = JwtVerifier.builder().hs256(SECRET).build();
    private final JwtVerifier rs = JwtVerifier.builder().rs256((RSAPublicKey) rsa.getPublic()).build();

    private static String refusal(JwtVerifier verifier, String token) {
        return assertThrows(InvalidTokenException.class, () -> verifier.verify(token)).getMessage();
    }

    @Test
    void anHs256TokenGrantsItsClaimsTopicsToItsSubjectUntilItsExpiry() throws Exception {
        Grant g = hs.verify(hs256(claims("alice", IN_AN_HOUR).build(), SECRET));
        assertEquals("alice", g.principal());
        assertEquals(IN_AN_HOUR, g.expiresAt());
        assertTrue(g.maySubscribe("orders") && g.maySubscribe("news.eu") && !g.maySubscribe("payroll"));
        assertTrue(g.mayPublish("orders") && !g.mayPublish("news.eu"));
    }

    @Test
    void anRs256TokenIsCheckedWithThePublicKeyReadFromPem() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(rsa.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        JwtVerifier fromPem = JwtVerifier.builder().rs256(JwtVerifier.rsaPublicKey(pem)).build();
        assertEquals("bob", fromPem.verify(rs256(claims("bob", IN_AN_HOUR).build(), rsa)).principal());
        assertTrue(refusal(rs, rs256(claims("bob", IN_AN_HOUR).build(), otherRsa)).contains("signature does not verify"));
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.rsaPublicKey("not a key"));
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String token = hs256(claims("alice", IN_AN_HOUR).build(), SECRET);
        String[] parts = token.split("\\.");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"alice\",\"exp\":" + IN_AN_HOUR.getEpochSecond()
                        + ",\"ringcast\":{\"subscribe\":[\"*\"],\"publish\":[\"*\"]}}").getBytes(StandardCharsets.UTF_8));
        String m = refusal(hs, parts[0] + "." + forgedClaims + "." + parts[2]);
        assertTrue(m.contains("signature does not verify"), m);
        assertTrue(refusal(hs, hs256(claims("alice", IN_AN_HOUR).build(),
                "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))).contains("signature"));
    }

    @Test
    void anUnsignedTokenAndAnAlgorithmWithoutAKeyAreRefused() throws Exception {
        String none = new PlainJWT(claims("alice", IN_AN_HOUR).build()).serialize();
        assertTrue(refusal(hs, none).contains("not signed"), refusal(hs, none));
        // The classic confusion: an HS256 token "signed" with the RSA public key as the HMAC secret.
        String confused = hs256(claims("alice", IN_AN_HOUR).build(), rsa.getPublic().getEncoded());
        String m = refusal(rs, confused);
        assertTrue(m.contains("HS256") && m.contains("RS256"), m);
        assertTrue(refusal(hs, rs256(claims("alice", IN_AN_HOUR).build(), rsa)).contains("signed with RS256"));
    }

    @Test
    void expiredTokensAndTokensWithoutSubjectOrExpiryAreRefused() throws Exception {
        assertTrue(refusal(hs, hs256(claims("alice", Instant.now().minusSeconds(120)).build(), SECRET))
                .contains("expired"));
        assertTrue(refusal(hs, hs256(claims(null, IN_AN_HOUR).build(), SECRET)).contains("sub"));
        String noExpiry = hs256(claims("alice", null).build(), SECRET);
        assertTrue(refusal(hs, noExpiry).contains("exp"));
        assertEquals(null, JwtVerifier.builder().hs256(SECRET).requireExpiry(false).build().verify(noExpiry).expiresAt());
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
        JwtVerifier strict = JwtVerifier.builder().hs256(SECRET).issuer("https://id.example").audience("ringcast").build();
        String good = hs256(claims("alice", IN_AN_HOUR).issuer("https://id.example").audience("ringcast").build(), SECRET);
        assertEquals("alice", strict.verify(good).principal());
        assertTrue(refusal(strict, hs256(claims("alice", IN_AN_HOUR).issuer("https://evil.example").audience("ringcast")
                .build(), SECRET)).contains("not accepted"));
        assertTrue(refusal(strict, hs256(claims("alice", IN_AN_HOUR).issuer("https://id.example").audience("other")
                .build(), SECRET)).contains("not accepted"));
    }

    @Test
    void topicClaimsMustBeListsOfValidPatternsAndAMissingListGrantsNothing() throws Exception {
        assertTrue(refusal(hs, hs256(new JWTClaimsSet.Builder().subject("a").expirationTime(Date.from(IN_AN_HOUR))
                .claim("ringcast", Map.of("subscribe", "orders")).build(), SECRET)).contains("ringcast.subscribe"));
        assertTrue(refusal(hs, hs256(new JWTClaimsSet.Builder().subject("a").expirationTime(Date.from(IN_AN_HOUR))
                .claim("ringcast", Map.of("subscribe", List.of("a*b"))).build(), SECRET)).contains("a*b"));
        Grant nothing = hs.verify(hs256(new JWTClaimsSet.Builder().subject("a").expirationTime(Date.from(IN_AN_HOUR))
                .build(), SECRET));
        assertTrue(nothing.subscribe().isEmpty() && nothing.publish().isEmpty());
    }

    @Test
    void garbageIsNotAJwtAndIsLeftToAnotherVerifier() {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> hs.verify("sk_live_123"));
        assertFalse(e.recognized());
        assertThrows(IllegalArgumentException.class, () -> JwtVerifier.builder().hs256("short".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalStateException.class, () -> JwtVerifier.builder().build());
    }

    @Test
    void throughTheTokenAuthorizerATokenForAnotherTopicIs403AndAnExpiredOne401() throws Exception {
        TokenAuthorizer auth = TokenAuthorizer.of(hs);
        String token = hs256(claims("alice", IN_AN_HOUR).build(), SECRET);
        Decision ok = auth.authorize(request(AccessRequest.Action.SUBSCRIBE, "news.eu", token));
        assertEquals(Optional.of(IN_AN_HOUR), ok.expiresAt());
        assertEquals(403, auth.authorize(request(AccessRequest.Action.SUBSCRIBE, "payroll", token)).status());
        assertEquals(403, auth.authorize(request(AccessRequest.Action.PUBLISH, "news.eu", token)).status());
        assertEquals(401, auth.authorize(request(AccessRequest.Action.SUBSCRIBE, "orders",
                hs256(claims("alice", Instant.now().minusSeconds(120)).build(), SECRET))).status());
    }

    private static AccessRequest request(AccessRequest.Action action, String topic, String token) {
        return new TransportAccessRequest(action, List.of(topic), "sse") {
            @Override
            public Optional<String> header(String name) {
                return name.equalsIgnoreCase("Authorization") ? Optional.of("Bearer " + token) : Optional.empty();
            }

            @Override
            public Optional<String> queryParameter(String name) {
                return Optional.empty();
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }

            @Override
            public Optional<Principal> principal() {
                return Optional.empty();
            }
        };
    }
}
