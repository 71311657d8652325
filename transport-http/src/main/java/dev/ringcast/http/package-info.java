/**
 * What the servlet transports (SSE, long-poll) share: JSON error bodies, CORS, query parameter
 * parsing and the authorization view of a servlet request.
 */
package dev.ringcast.http;
