/**
 * Micrometer metrics for an event hub: {@link dev.ringcast.micrometer.RingcastMeterBinder}.
 */
package dev.ringcast.micrometer;
