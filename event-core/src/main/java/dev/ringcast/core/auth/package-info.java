/**
 * The authorization hook every transport calls before it subscribes or publishes on a client's
 * behalf: permissive by default, one interface to implement for API keys, tokens or sessions.
 */
package dev.ringcast.core.auth;
