/**
 * What the servlet transports (SSE, long-poll, the channels API) share: JSON error bodies, CORS,
 * query parameter parsing, bounded request bodies, and asking the authorizer about a servlet request.
 */
package dev.ringcast.http;
