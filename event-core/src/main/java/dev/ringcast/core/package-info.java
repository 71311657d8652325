/**
 * The event hub: named topics, events with per-topic sequence ids, resumable subscriptions and
 * the sinks through which transports receive them.
 *
 * <p>Start at {@link dev.ringcast.core.EventHub}. Everything in this package is thread-safe unless
 * its javadoc says otherwise; sink callbacks for one subscription are never concurrent.
 */
package dev.ringcast.core;
