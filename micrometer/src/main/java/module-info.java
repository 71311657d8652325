/** The Micrometer binder of a Ringcast hub's meters. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Micrometer names its modules in its manifests only
module dev.ringcast.micrometer {
    requires transitive dev.ringcast.core;
    requires transitive micrometer.core;

    exports dev.ringcast.micrometer;
}
