/**
 * The authorization hook every transport calls before it subscribes or publishes on a client's
 * behalf ({@link dev.ringcast.core.auth.Authorizer}), permissive by default, and bearer-token
 * authentication on top of it: {@link dev.ringcast.core.auth.TokenAuthorizer} finds a request's
 * token (header, query parameter or cookie), a {@link dev.ringcast.core.auth.TokenVerifier}
 * turns it into a {@link dev.ringcast.core.auth.Grant} (principal, topic patterns to subscribe
 * and publish, expiry), and the decision carries the principal and expiry to the transports.
 */
package dev.ringcast.core.auth;
