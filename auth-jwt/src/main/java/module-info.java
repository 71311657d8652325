/** A {@code TokenVerifier} for HS256 and RS256 JSON Web Tokens, on Nimbus JOSE+JWT. */
module dev.ringcast.auth.jwt {
    requires transitive dev.ringcast.core;
    requires com.nimbusds.jose.jwt;

    exports dev.ringcast.auth.jwt;
}
