/** Ringcast's long-poll transport and HTTP publish endpoint: one servlet. */
module dev.ringcast.longpoll {
    requires transitive dev.ringcast.http;
    requires com.fasterxml.jackson.databind;

    exports dev.ringcast.longpoll;
}
