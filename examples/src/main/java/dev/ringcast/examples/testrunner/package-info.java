/**
 * The test runner's session events (as examples/README.md describes them) on Ringcast:
 * {@code GET /api/sessions/<token>/events?last_event=N} long-polls and
 * {@code POST /api/sessions/<token>/events} publishes, each session token being one topic.
 */
package dev.ringcast.examples.testrunner;
