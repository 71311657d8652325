/** JMH benchmarks of Ringcast's hot paths, each with its peers in the same run. */
package dev.ringcast.benchmarks.jmh;
