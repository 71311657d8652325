/**
 * Ringcast's event core: topics, the lock-free ring log, ids and replay, subscriptions and their
 * dispatch, and the SPIs (event log, authorization, codec). Knows nothing of HTTP.
 */
module dev.ringcast.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.jctools.core;
    // JCTools needs sun.misc.Unsafe but requires jdk.unsupported only statically: without this
    // line nothing brings it into the module graph and the first queue fails with
    // NoClassDefFoundError (checked with the standalone server on the module path).
    requires jdk.unsupported;

    exports dev.ringcast.core;
    exports dev.ringcast.core.auth;
    exports dev.ringcast.core.log;
}
