package dev.ringcast.core.internal;

/** The one place the pad size is defined (see the padding policy in {@code package-info}). */
final class Padding {

    /**
     * Longs of padding on each side of a hot value: 128 bytes, two 64-byte cache lines, because
     * x86's spatial prefetcher fetches lines in pairs.
     */
    static final int LONGS = 16;

    private Padding() {
    }
}
