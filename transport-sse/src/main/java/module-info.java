/** Ringcast's Server-Sent Events transport: an asynchronous, non-blocking servlet. */
module dev.ringcast.sse {
    requires transitive dev.ringcast.http;

    exports dev.ringcast.sse;
}
