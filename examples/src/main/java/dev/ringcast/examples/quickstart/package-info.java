/** The in-process quick start: publish, subscribe, resume from a middle id, and see a reset. */
package dev.ringcast.examples.quickstart;
