/**
 * jcstress tests of the core's lock-free protocols, in the package of the classes they test so
 * that they reach their package-private seams. Not published.
 */
package dev.ringcast.core.internal;
