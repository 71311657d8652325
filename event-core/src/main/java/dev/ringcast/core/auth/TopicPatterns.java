package dev.ringcast.core.auth;

import dev.ringcast.core.EventNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The topics a {@link Grant} covers, as a list of simple patterns:
 * <ul>
 *   <li>{@code orders}: exactly the topic {@code orders};</li>
 *   <li>{@code orders.*}: every topic whose name starts with {@code orders.} ({@code orders.eu},
 *       {@code orders.eu.paid}), but not {@code orders} itself; a {@code *} may only end a pattern,
 *       and what comes before it is a prefix of topic-name characters ({@code [A-Za-z0-9._-]});</li>
 *   <li>{@code *} alone: every topic.</li>
 * </ul>
 * Nothing else: no {@code *} in the middle, no {@code ?}, no regular expressions, so a pattern
 * means what it looks like and matching costs one prefix comparison per pattern.
 *
 * <p>Immutable; any thread.
 */
public final class TopicPatterns {

    private static final TopicPatterns NONE = new TopicPatterns(List.of());
    private static final TopicPatterns ALL = new TopicPatterns(List.of("*"));

    private final List<String> patterns;
    private final List<String> exact;
    private final List<String> prefixes;
    private final boolean all;

    private TopicPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        List<String> e = new ArrayList<>();
        List<String> p = new ArrayList<>();
        boolean any = false;
        for (String pattern : patterns) {
            if (pattern.equals("*")) {
                any = true;
            } else if (pattern.endsWith("*")) {
                p.add(pattern.substring(0, pattern.length() - 1));
            } else {
                e.add(pattern);
            }
        }
        this.exact = List.copyOf(e);
        this.prefixes = List.copyOf(p);
        this.all = any;
    }

    /** @return patterns that match no topic */
    public static TopicPatterns none() {
        return NONE;
    }

    /** @return the pattern {@code *}, which matches every topic */
    public static TopicPatterns all() {
        return ALL;
    }

    /**
     * @param patterns patterns as described above
     * @return them
     * @throws IllegalArgumentException if one is not a valid pattern, saying what a valid one looks like
     */
    public static TopicPatterns of(Collection<String> patterns) {
        if (patterns == null) {
            throw new IllegalArgumentException("topic patterns are null: give a list, empty for none");
        }
        for (String p : patterns) {
            check(p);
        }
        return patterns.isEmpty() ? NONE : new TopicPatterns(List.copyOf(patterns));
    }

    /**
     * @param patterns patterns as described above
     * @return them
     * @throws IllegalArgumentException if one is not a valid pattern
     */
    public static TopicPatterns of(String... patterns) {
        return of(List.of(patterns));
    }

    /**
     * Checks one pattern.
     *
     * @param pattern the pattern
     * @return the pattern
     * @throws IllegalArgumentException if it is not {@code *}, a topic name, or a prefix of
     *     topic-name characters followed by one {@code *}
     */
    public static String check(String pattern) {
        if (pattern == null || pattern.equals("*")) {
            if (pattern == null) {
                throw new IllegalArgumentException("topic pattern is null: use a topic name, a prefix ending in *, or *");
            }
            return pattern;
        }
        String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!EventNames.isValidTopic(name)) {
            throw new IllegalArgumentException("topic pattern " + EventNames.quoted(pattern) + " is invalid: use a topic name "
                    + "(1-128 of [A-Za-z0-9._-]) such as orders, a prefix of one followed by a single * at the end "
                    + "such as orders.*, or * alone for every topic");
        }
        return pattern;
    }

    /**
     * @param topic a topic name
     * @return whether a pattern matches it
     */
    public boolean matches(String topic) {
        if (all) {
            return true;
        }
        if (topic == null) {
            return false;
        }
        for (String e : exact) {
            if (e.equals(topic)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (topic.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** @return true if no pattern is given (nothing matches) */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** @return the patterns, as given */
    public List<String> patterns() {
        return patterns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPatterns t && t.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return patterns.toString();
    }

}
