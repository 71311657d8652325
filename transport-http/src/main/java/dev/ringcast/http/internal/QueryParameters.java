package dev.ringcast.http.internal;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.TypeFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parsing of the query parameters the transports share, with messages that say what a valid
 * value looks like. Each method throws {@link BadRequestException}, which a servlet answers with 400.
 *
 * <p>Stateless; any thread.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * Parses an event id parameter such as {@code last_event} or {@code lastEventId}.
     *
     * @param name the parameter's name, for the message
     * @param value its value
     * @return the id
     * @throws BadRequestException if it is not plain decimal digits (no sign, space, decimal point
     *     or exponent) with a value from 0 to 2^53-1
     */
    public static long eventId(String name, String value) {
        OptionalLong id = parseEventId(value);
        if (id.isPresent()) {
            return id.getAsLong();
        }
        throw new BadRequestException(name + "=" + EventNames.clipped(value) + " is invalid: use the integer id of the last event "
                + "you received, in plain digits (0 to 9007199254740991), e.g. " + name + "=42");
    }

    /**
     * Reads an event id written as plain decimal digits, the way Ringcast writes ids: 1 to 16
     * ASCII digits with a value up to {@link Event#MAX_ID}. No sign, no surrounding space, no
     * decimal point or exponent, no other radix.
     *
     * @param value the text, or null
     * @return the id, or empty if the text is not such an id
     */
    public static OptionalLong parseEventId(String value) {
        if (value == null || value.isEmpty() || value.length() > 16) {
            return OptionalLong.empty();
        }
        long id = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            id = id * 10 + (c - '0');
        }
        return id <= Event.MAX_ID ? OptionalLong.of(id) : OptionalLong.empty();
    }

    /**
     * Parses a type filter parameter, possibly repeated: {@code types=a,b} keeps only those types;
     * a list that starts with {@code -} leaves the listed ones out ({@code types=-log}); repeated
     * values are joined with commas ({@code filter=-log&filter=activity} is {@code -log,activity}).
     * See {@link TypeFilter#parse(String)}.
     *
     * @param name the parameter's name, for the message
     * @param values its values, or null when absent
     * @param absent the filter when the parameter is absent (an empty value means every type)
     * @return the filter
     * @throws BadRequestException if a type is invalid or the list mixes keeping and leaving out
     */
    public static TypeFilter typeFilter(String name, String[] values, TypeFilter absent) {
        if (values == null || values.length == 0) {
            return absent;
        }
        try {
            return TypeFilter.parse(String.join(",", values));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + ": " + e.getMessage());
        }
    }

    /**
     * Parses a type filter parameter given once, every type when absent: see
     * {@link #typeFilter(String, String[], TypeFilter)}.
     *
     * @param value the value, or null
     * @return the filter
     * @throws BadRequestException if a type is invalid
     */
    public static TypeFilter types(String value) {
        return typeFilter("types", value == null ? null : new String[] {value}, TypeFilter.all());
    }

    /**
     * Checks topic names taken from a request.
     *
     * @param values the names, in request order
     * @param max the most topics allowed
     * @return the names, without duplicates, in order
     * @throws BadRequestException if none is given, too many are, or one is invalid
     */
    public static List<String> topics(String[] values, int max) {
        if (values == null || values.length == 0) {
            throw new BadRequestException("no topic given: add ?topic=<name>, repeatable for several topics");
        }
        Set<String> topics = new LinkedHashSet<>();
        for (String v : values) {
            if (!EventNames.isValidTopic(v)) {
                throw new BadRequestException(EventNames.invalidName("topic", v));
            }
            topics.add(v);
        }
        if (topics.size() > max) {
            throw new BadRequestException(topics.size() + " topics requested, over the limit of " + max
                    + " per connection: request fewer");
        }
        return new ArrayList<>(topics);
    }

}
