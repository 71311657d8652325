/**
 * The servlet plumbing Ringcast's transports share (parameter parsing, request bodies read without
 * blocking, the authorization view of a request, finding the hub): not API, exported only to the
 * transport modules.
 */
package dev.ringcast.http.internal;
