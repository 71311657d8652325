package dev.ringcast.core.auth;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

/**
 * What a client asks for, as a transport sees it: the action, the topics, and the credentials the
 * request carries (headers, query parameters, the container's authenticated principal). A view
 * over the transport's request, valid only during {@link Authorizer#authorize}.
 */
public interface AccessRequest {

    /** What the client wants to do. */
    enum Action {
        /** Receive the topics' events. */
        SUBSCRIBE,
        /** Publish an event to the topic. */
        PUBLISH
    }

    /** @return the action */
    Action action();

    /** @return the topics concerned, validated names */
    List<String> topics();

    /**
     * @return the transport asking: {@code "sse"}, {@code "websocket"} (a topic connection, its
     *     subscribe messages, and a channel's connection), {@code "longpoll"} (polls and
     *     publishes) or {@code "channels"} (the channels' REST API: registering, reading and
     *     deleting a channel)
     */
    String transport();

    /**
     * @param name a header name, case-insensitive
     * @return its first value, if the request has it
     */
    Optional<String> header(String name);

    /**
     * @param name a query parameter name
     * @return its first value, if the request has it
     */
    Optional<String> queryParameter(String name);

    /**
     * A cookie the request carries. The default reads the {@code Cookie} header
     * ({@code name=value; other=value}); transports that know better (a servlet request's
     * parsed cookies) override it.
     *
     * @param name the cookie's name, case-sensitive
     * @return its value, if the request has it
     */
    default Optional<String> cookie(String name) {
        return header("Cookie").flatMap(header -> Cookies.find(header, name));
    }

    /** @return the client's address as the container sees it */
    String remoteAddress();

    /** @return the principal the container authenticated, if any */
    Optional<Principal> principal();
}
