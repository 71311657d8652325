/**
 * JSON Web Token authentication for Ringcast: {@link dev.ringcast.auth.jwt.JwtVerifier} turns an
 * HS256 or RS256 token into a {@link dev.ringcast.core.auth.Grant} for the core's
 * {@code TokenAuthorizer}. An optional module: {@code dev.ringcast:auth-jwt}.
 */
package dev.ringcast.auth.jwt;
