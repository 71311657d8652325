/** The three embedded containers behind {@link dev.ringcast.testkit.ServletContainer}; not API. */
package dev.ringcast.testkit.internal;
