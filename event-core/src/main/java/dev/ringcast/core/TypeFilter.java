package dev.ringcast.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which event types a subscription delivers: every type, only some, or every type but some.
 * Events of other types are passed over (the subscription's cursor moves past them).
 *
 * <p>Its text form, shared by every transport's type parameter ({@code types=}, or an
 * application's own name for it), is a comma-separated list: {@code created,paid} keeps only
 * those types; a list that starts with {@code -} leaves the listed types out
 * ({@code -log}, {@code -log,activity} or {@code -log,-activity}: every type but {@code log} and
 * {@code activity}); an empty list keeps every type. See {@link #parse(String)}.
 *
 * <p>Immutable; any thread.
 */
public final class TypeFilter {

    private static final TypeFilter ALL = new TypeFilter(Set.of(), false);

    private final Set<String> types;
    private final boolean exclude;

    private TypeFilter(Set<String> types, boolean exclude) {
        this.types = types;
        this.exclude = exclude;
    }

    /** @return the filter that delivers every type */
    public static TypeFilter all() {
        return ALL;
    }

    /**
     * @param types the types to deliver; none means every type
     * @return the filter that delivers only these types
     * @throws IllegalArgumentException if a type is invalid
     */
    public static TypeFilter only(Collection<String> types) {
        return types.isEmpty() ? ALL : new TypeFilter(checked(types), false);
    }

    /**
     * @param types the types to pass over; none means every type is delivered
     * @return the filter that delivers every type but these
     * @throws IllegalArgumentException if a type is invalid
     */
    public static TypeFilter allExcept(Collection<String> types) {
        return types.isEmpty() ? ALL : new TypeFilter(checked(types), true);
    }

    /**
     * Parses the text form: {@code a,b} (only these), {@code -a,b} or {@code -a,-b} (all but these),
     * empty or blank (all). Blanks around names and empty items are ignored.
     *
     * @param text the list, or null for every type
     * @return the filter
     * @throws IllegalArgumentException saying what is wrong, for an invalid type or a list that
     *     mixes types to keep with types to leave out ({@code a,-b})
     */
    public static TypeFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        Set<String> names = new LinkedHashSet<>();
        Boolean exclude = null;
        for (String item : text.split(",")) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            boolean negated = name.startsWith("-");
            if (exclude == null) {
                exclude = negated;
            } else if (negated && !exclude) {
                throw new IllegalArgumentException("type list " + EventNames.quoted(text) + " mixes types to keep with types to "
                        + "leave out (" + name + "): list only the types to keep, or start the list with - to list "
                        + "the types to leave out, e.g. -log,activity");
            }
            String type = negated ? name.substring(1).strip() : name;
            if (!type.isEmpty()) {
                names.add(type);
            }
        }
        if (exclude == null) {
            return ALL;
        }
        return exclude ? allExcept(names) : only(names);
    }

    /**
     * @param type an event's type
     * @return whether events of this type are delivered
     */
    public boolean accepts(String type) {
        return types.isEmpty() || types.contains(type) != exclude;
    }

    /** @return true if every type is delivered */
    public boolean acceptsAll() {
        return types.isEmpty();
    }

    /** @return the listed types: those delivered, or for {@link #excludes()} those passed over; empty for all */
    public Set<String> types() {
        return types;
    }

    /** @return true if the listed types are the ones passed over */
    public boolean excludes() {
        return exclude;
    }

    private static Set<String> checked(Collection<String> types) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : types) {
            out.add(EventNames.checkType(t));
        }
        return java.util.Collections.unmodifiableSet(out);
    }


    @Override
    public boolean equals(Object o) {
        return o instanceof TypeFilter f && f.exclude == exclude && f.types.equals(types);
    }

    @Override
    public int hashCode() {
        return types.hashCode() * 31 + Boolean.hashCode(exclude);
    }

    /** @return the text form, which {@link #parse(String)} reads back */
    @Override
    public String toString() {
        return (exclude ? "-" : "") + String.join(",", types);
    }
}
