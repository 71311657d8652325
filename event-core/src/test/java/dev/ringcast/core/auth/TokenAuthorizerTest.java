package dev.ringcast.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TokenAuthorizerTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final StaticTokenVerifier table = StaticTokenVerifier.builder()
            .token("alice-token", new Grant("alice", TopicPatterns.of("orders", "news.*"), TopicPatterns.of("orders"),
                    T0.plusSeconds(60)))
            .token("reader", new Grant("reader", TopicPatterns.all(), TopicPatterns.none(), null))
            .build();
    private final TokenAuthorizer auth = TokenAuthorizer.builder(table).cookie("rc_token")
            .clock(InstantSource.fixed(T0)).build();

    private TokenAuthorizer at(Instant time) {
        now.set(time);
        return TokenAuthorizer.builder(table).clock(now::get).build();
    }

    @Test
    void aBearerTokenBecomesItsPrincipalAndExpiry() {
        Decision d = auth.authorize(FakeRequest.subscribe(List.of("orders", "news.eu"),
                Map.of("Authorization", "Bearer alice-token")));
        assertTrue(d.allowed(), d.toString());
        assertEquals("alice", d.principalName().orElseThrow());
        assertEquals(T0.plusSeconds(60), d.expiresAt().orElseThrow());
        assertTrue(auth.authorize(FakeRequest.subscribe(List.of("x"), Map.of("authorization", "bearer reader")))
                .expiresAt().isEmpty(), "a token without expiry, scheme in any case");
    }

    @Test
    void theTokenMayComeFromTheQueryOrACookieWhenNoHeaderCarriesIt() {
        FakeRequest query = new FakeRequest(AccessRequest.Action.SUBSCRIBE, List.of("orders"), Map.of(),
                Map.of("access_token", "alice-token"));
        assertEquals("alice", auth.authorize(query).principalName().orElseThrow());
        FakeRequest cookie = FakeRequest.subscribe(List.of("orders"), Map.of("Cookie", "a=b; rc_token=alice-token; c=d"));
        assertEquals("alice", auth.authorize(cookie).principalName().orElseThrow());
        FakeRequest both = new FakeRequest(AccessRequest.Action.SUBSCRIBE, List.of("x"),
                Map.of("Authorization", "Bearer reader"), Map.of("access_token", "alice-token"));
        assertEquals("reader", auth.authorize(both).principalName().orElseThrow(), "the header wins");
        TokenAuthorizer noQuery = TokenAuthorizer.builder(table).queryParameter(null).build();
        assertEquals(401, noQuery.authorize(query).status(), "the query can be turned off");
    }

    @Test
    void noCredentialsIs401SayingHowToSendThem() {
        Decision d = auth.authorize(FakeRequest.subscribe(List.of("orders"), Map.of()));
        assertFalse(d.allowed());
        assertEquals(401, d.status());
        assertTrue(d.message().contains("Authorization: Bearer <token>") && d.message().contains("access_token=<token>")
                && d.message().contains("rc_token"), d.message());
        Decision basic = auth.authorize(FakeRequest.subscribe(List.of("orders"), Map.of("Authorization", "Basic YTpi")));
        assertEquals(401, basic.status(), "another scheme is not a bearer token");
        assertEquals(401, auth.authorize(FakeRequest.subscribe(List.of("orders"), Map.of("Authorization", "Bearer ")))
                .status());
    }

    @Test
    void anUnknownTokenIs401AndAnExpiredOne401SayingToReconnectWithAFreshOne() {
        Decision unknown = auth.authorize(FakeRequest.subscribe(List.of("orders"), Map.of("Authorization", "Bearer nope")));
        assertEquals(401, unknown.status());
        assertTrue(unknown.message().contains("not known"), unknown.message());

        Decision expired = at(T0.plusSeconds(60)).authorize(FakeRequest.subscribe(List.of("orders"),
                Map.of("Authorization", "Bearer alice-token")));
        assertEquals(401, expired.status());
        assertTrue(expired.message().contains("expired") && expired.message().contains("fresh token"), expired.message());
        assertTrue(at(T0.plusSeconds(59)).authorize(FakeRequest.subscribe(List.of("orders"),
                Map.of("Authorization", "Bearer alice-token"))).allowed());
    }

    @Test
    void aTopicOutsideTheGrantIs403NamingIt() {
        Decision d = auth.authorize(FakeRequest.subscribe(List.of("orders", "payments"),
                Map.of("Authorization", "Bearer alice-token")));
        assertEquals(403, d.status());
        assertTrue(d.message().contains("\"payments\"") && d.message().contains("subscribe"), d.message());

        Decision publish = auth.authorize(FakeRequest.publish("news.eu", Map.of("Authorization", "Bearer alice-token")));
        assertEquals(403, publish.status(), "news.* is for reading only");
        assertTrue(publish.message().contains("publish to topic \"news.eu\""), publish.message());
        assertTrue(auth.authorize(FakeRequest.publish("orders", Map.of("Authorization", "Bearer alice-token"))).allowed());
        assertEquals(403, auth.authorize(FakeRequest.publish("orders", Map.of("Authorization", "Bearer reader"))).status());
    }

    @Test
    void aRequestNamingNoTopicNeedsOnlyAValidToken() {
        assertTrue(auth.authorize(FakeRequest.subscribe(List.of(), Map.of("Authorization", "Bearer alice-token"))).allowed());
        assertEquals(401, auth.authorize(FakeRequest.subscribe(List.of(), Map.of())).status());
    }

    @Test
    void anAnonymousGrantOpensItsTopicsToRequestsWithoutAToken() {
        TokenAuthorizer open = TokenAuthorizer.builder(table)
                .anonymous(new Grant("anyone", TopicPatterns.of("public.*"), TopicPatterns.none(), null)).build();
        Decision d = open.authorize(FakeRequest.subscribe(List.of("public.news"), Map.of()));
        assertTrue(d.allowed());
        assertTrue(d.principalName().isEmpty(), "anonymous clients have no name");
        assertEquals(401, open.authorize(FakeRequest.subscribe(List.of("orders"), Map.of())).status());
        assertEquals(401, open.authorize(FakeRequest.publish("public.news", Map.of())).status());
        assertEquals(401, open.authorize(FakeRequest.subscribe(List.of("public.news"),
                Map.of("Authorization", "Bearer forged"))).status(), "a bad token is not taken for no token");
    }

    @Test
    void anOverlongTokenIsRefusedWithoutAskingTheVerifier() {
        TokenAuthorizer strict = TokenAuthorizer.of(token -> {
            throw new AssertionError("asked");
        });
        Decision d = strict.authorize(FakeRequest.subscribe(List.of("a"),
                Map.of("Authorization", "Bearer " + "x".repeat(TokenAuthorizer.MAX_TOKEN_LENGTH + 1))));
        assertEquals(401, d.status());
    }

    @Test
    void anyOfReportsTheRefusalOfTheVerifierThatRecognizedTheToken() {
        TokenVerifier jwtLike = token -> {
            if (token.chars().filter(c -> c == '.').count() == 2) {
                throw new InvalidTokenException("the JWT's signature does not verify");
            }
            throw new InvalidTokenException("not a JWT", false);
        };
        TokenVerifier both = TokenVerifier.anyOf(List.of(table, jwtLike));
        assertEquals("reader", both.verify("reader").principal());
        assertEquals("the JWT's signature does not verify",
                assertThrows(InvalidTokenException.class, () -> both.verify("a.b.c")).getMessage());
        assertTrue(assertThrows(InvalidTokenException.class, () -> both.verify("abc")).getMessage().contains("not known"));
    }

    @Test
    void grantsExpireAtTheirInstant() {
        Grant g = new Grant("p", TopicPatterns.all(), TopicPatterns.none(), T0);
        assertFalse(g.isExpired(T0.minus(Duration.ofMillis(1))));
        assertTrue(g.isExpired(T0));
    }
}
