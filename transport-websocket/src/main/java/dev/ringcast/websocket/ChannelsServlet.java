package dev.ringcast.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.AllowedHosts;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.http.internal.RequestBodies;
import dev.ringcast.http.internal.ServletAccessRequest;
import dev.ringcast.http.internal.ServletAuthorization;
import dev.ringcast.websocket.internal.ChannelOwners;
import dev.ringcast.websocket.internal.ChannelTable;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The REST API of durable channels, mounted at {@code /channels/*}:
 *
 * <ul>
 *   <li>{@code PUT /channels/{name}} with {@code {"topics":["orders","payments"]}}: create (201) or
 *       update (200) the caller's channel; answers the channel</li>
 *   <li>{@code GET /channels/{name}}: the channel (200), or 404</li>
 *   <li>{@code DELETE /channels/{name}}: delete it (204; its open connection is closed with
 *       {@link RingcastCloseCodes#CHANNEL_GONE}), or 404</li>
 *   <li>{@code GET /channels}: {@code {"channels":[...]}}, the caller's channels</li>
 * </ul>
 * A channel is answered as {@code {"name":..,"topics":[..],"connected":..,"queuedEvents":..,
 * "lastEventIds":{"orders":42},"idleSince":"<ISO-8601>"|null,"expiresAt":"<ISO-8601>"|null}}
 * (see {@link ChannelInfo}). Errors are {@code {"error": "<what is wrong and how to fix it>"}}: 400
 * for a body that is not UTF-8 JSON of that shape, 413 for one over 64 KiB (read and discarded
 * first, see {@link RequestBodies}), 408 for one not sent within 20 s (bodies are read without
 * blocking, before anything else), 503 with {@code Retry-After} when the registry holds its most
 * channels or the hub its most topics, 500 if the authorizer throws (see {@link ServletAuthorization}).
 *
 * <h2>Owners</h2>
 * Each request is first put to the {@link Authorizer} (action {@code SUBSCRIBE}, transport
 * {@code "channels"}, the body's topics for a PUT, no topic otherwise); a denial is answered with
 * its status. The owner is then the principal the decision names ({@code Decision.allowAs}),
 * else the container's authenticated principal, else the key of an
 * {@code Authorization: Bearer <key>} header; with none of them the answer is 401. The channel
 * endpoint identifies owners the same way, so give it the same authorizer. Channels are per
 * owner: another owner's channel of the same name is simply not there (404), so the API never
 * tells whether a name is used by someone else.
 *
 * <h2>One channel per owner</h2>
 * {@link #oneChannel(ChannelRegistry, String, List)} makes the servlet of an API that gives each
 * key one channel at a fixed URL (such as {@code /v2/notification/websocket}): mounted at that
 * exact path, {@code PUT} registers the owner's channel of the fixed name over fixed topics (no
 * body needed; one sent is ignored), {@code GET} reads it, {@code DELETE} deletes it; the answer's
 * shape and the 404's message are the API's own. Pair it with the channel endpoint of the same
 * fixed name ({@link RingcastWebSocket#channelEndpointConfig(ChannelRegistry, WebSocketSettings, String, String)}).
 *
 * <p>Thread-safe; requests are short and blocking (small JSON bodies).
 */
public class ChannelsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final transient ChannelRegistry registry;
    private final transient Authorizer authorizer;
    // One-channel mode: the fixed name and topics, else null.
    private final String fixedName;
    private final transient List<String> fixedTopics;
    private final transient Function<ChannelInfo, ?> representation;
    private final transient Function<String, String> notFoundMessage;
    private final transient AllowedHosts allowedHosts;

    /**
     * Owners from the container's principal or an {@code Authorization: Bearer} key.
     *
     * @param registry the channels
     */
    public ChannelsServlet(ChannelRegistry registry) {
        this(registry, Authorizer.permitAll());
    }

    /**
     * @param registry the channels
     * @param authorizer decides, and may name the owner with {@code Decision.allowAs}
     */
    public ChannelsServlet(ChannelRegistry registry, Authorizer authorizer) {
        this(registry, authorizer, null, null, ChannelsServlet::toJson, ChannelsServlet::defaultNotFound,
                AllowedHosts.any());
    }

    /**
     * The REST side of the channel endpoint built from the same settings: their authorizer and
     * their allowed hosts (a request naming another {@code Host} gets 421).
     *
     * @param registry the channels
     * @param settings the channel endpoint's settings
     */
    public ChannelsServlet(ChannelRegistry registry, WebSocketSettings settings) {
        this(registry, settings.authorizer(), null, null, ChannelsServlet::toJson, ChannelsServlet::defaultNotFound,
                settings.allowedHosts());
    }

    private ChannelsServlet(ChannelRegistry registry, Authorizer authorizer, String fixedName, List<String> fixedTopics,
                            Function<ChannelInfo, ?> representation, Function<String, String> notFoundMessage,
                            AllowedHosts allowedHosts) {
        this.allowedHosts = Objects.requireNonNull(allowedHosts, "allowed hosts");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.fixedName = fixedName;
        this.fixedTopics = fixedTopics;
        this.representation = representation;
        this.notFoundMessage = notFoundMessage;
    }

    /**
     * Starts the servlet of one channel per owner, mounted at an exact path: see the class comment.
     *
     * @param registry the channels
     * @param channelName the name of every owner's channel, 1-128 of {@code [A-Za-z0-9._-]}
     * @param topics the topics the channel reads, set by every {@code PUT}
     * @return a builder
     */
    public static OneChannel oneChannel(ChannelRegistry registry, String channelName, List<String> topics) {
        return new OneChannel(registry, channelName, topics);
    }

    /** Builds a {@link ChannelsServlet} of one channel per owner. Not thread-safe. */
    public static final class OneChannel {
        private final ChannelRegistry registry;
        private final String name;
        private final List<String> topics;
        private Authorizer authorizer = Authorizer.permitAll();
        private Function<ChannelInfo, ?> representation = ChannelsServlet::toJson;
        private Function<String, String> notFoundMessage = ChannelsServlet::defaultNotFound;
        private AllowedHosts allowedHosts = AllowedHosts.any();

        private OneChannel(ChannelRegistry registry, String name, List<String> topics) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.name = EventNames.checkTopic(name);
            topics.forEach(EventNames::checkTopic);
            this.topics = List.copyOf(topics);
        }

        /**
         * @param hook decides, and may name the owner with {@code Decision.allowAs}; give the
         *     channel endpoint the same
         * @return this builder
         */
        public OneChannel authorizer(Authorizer hook) {
            this.authorizer = Objects.requireNonNull(hook, "authorizer");
            return this;
        }

        /**
         * @param toBody the channel as the API answers it: an object Jackson writes as the JSON
         *     body of {@code PUT} and {@code GET} (a {@code Map} keeps its order); default the
         *     {@link ChannelsServlet} shape
         * @return this builder
         */
        public OneChannel representation(Function<ChannelInfo, ?> toBody) {
            this.representation = Objects.requireNonNull(toBody, "representation");
            return this;
        }

        /**
         * @param message the message of the 404 for an owner without the channel, from the
         *     channel's name: say how this API registers it
         * @return this builder
         */
        public OneChannel notFoundMessage(Function<String, String> message) {
            this.notFoundMessage = Objects.requireNonNull(message, "not found message");
            return this;
        }

        /**
         * @param hosts the host names the servlet answers to (others get 421); default any
         * @return this builder
         */
        public OneChannel allowedHosts(AllowedHosts hosts) {
            this.allowedHosts = Objects.requireNonNull(hosts, "allowed hosts");
            return this;
        }

        /** @return the servlet */
        public ChannelsServlet build() {
            return new ChannelsServlet(registry, authorizer, name, topics, representation, notFoundMessage, allowedHosts);
        }
    }

    /**
     * Reads the request's body first, without blocking (a client that sends it slowly holds no
     * thread; one that takes over {@link RequestBodies#DEFAULT_BODY_TIMEOUT} gets a 408), then serves it.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowedHosts.check(request, response)) {
            return; // 421: a host this server does not answer to (DNS rebinding)
        }
        RequestBodies.readNonBlocking(request, response, MAX_BODY_BYTES, RequestBodies.DEFAULT_BODY_TIMEOUT,
                size -> "the body is " + size + ", over the limit of " + MAX_BODY_BYTES + " bytes: send {\"topics\":[...]} only",
                body -> {
                    try {
                        if (fixedName != null) {
                            serveOne(request, response);
                        } else {
                            serve(request, response, body);
                        }
                    } catch (LimitExceededException e) {
                        HttpErrors.send(response, e);
                    }
                });
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, byte[] body) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] segments = path.isEmpty() || path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        String method = request.getMethod();
        try {
            if (segments.length == 0) {
                if (!method.equals("GET")) {
                    methodNotAllowed(response, "GET", "list your channels with GET; create one with PUT /channels/<name>");
                    return;
                }
                Optional<String> owner = owner(request, response, List.of());
                if (owner.isPresent()) {
                    List<Object> all = new ArrayList<>();
                    registry.list(owner.get()).forEach(c -> all.add(toJson(c)));
                    send(response, 200, Map.of("channels", all));
                }
                return;
            }
            if (segments.length == 2 && segments[1].equals("ws")) {
                response.setHeader("Upgrade", "websocket");
                HttpErrors.send(response, 426, "this is a channel's WebSocket endpoint: connect with a WebSocket client to ws://"
                        + request.getHeader("Host") + request.getRequestURI());
                return;
            }
            if (segments.length != 1) {
                HttpErrors.send(response, 404, "no such resource: use /channels/<name> (PUT, GET, DELETE) or /channels/<name>/ws");
                return;
            }
            String name = segments[0];
            switch (method) {
                case "PUT" -> put(request, response, name, body);
                case "GET" -> get(request, response, name);
                case "DELETE" -> delete(request, response, name);
                default -> methodNotAllowed(response, "PUT, GET, DELETE",
                        "use PUT to register, GET to read, DELETE to delete a channel");
            }
        } catch (IllegalArgumentException e) {
            HttpErrors.send(response, 400, e.getMessage());
        } catch (IllegalStateException e) {
            if (registry.isClosed() || registry.table().hub().isClosed()) {
                HttpErrors.send(response, 503, "the server is shutting down: try again later");
            } else {
                HttpErrors.send(response, 409, e.getMessage());
            }
        }
    }

    private void serveOne(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        try {
            switch (method) {
                case "PUT" -> {
                    // the topics are fixed: a body sent anyway was read and is ignored
                    Optional<String> owner = owner(request, response, fixedTopics);
                    if (owner.isPresent()) {
                        ChannelTable.Registration r = registry.registerReporting(owner.get(), fixedName, fixedTopics);
                        send(response, r.created() ? 201 : 200, representation.apply(r.channel()));
                    }
                }
                case "GET" -> get(request, response, fixedName);
                case "DELETE" -> delete(request, response, fixedName);
                default -> methodNotAllowed(response, "PUT, GET, DELETE",
                        "use PUT to register the channel, GET to read it, DELETE to delete it");
            }
        } catch (IllegalStateException e) {
            if (registry.isClosed() || registry.table().hub().isClosed()) {
                HttpErrors.send(response, 503, "the server is shutting down: try again later");
            } else {
                HttpErrors.send(response, 409, e.getMessage());
            }
        }
    }

    private void put(HttpServletRequest request, HttpServletResponse response, String name, byte[] body)
            throws IOException {
        List<String> topics;
        try {
            topics = topics(RequestBodies.utf8Json(body));
        } catch (BadRequestException e) {
            HttpErrors.send(response, e.status(), e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            HttpErrors.send(response, 400, e.getMessage());
            return;
        }
        Optional<String> owner = owner(request, response, topics);
        if (owner.isEmpty()) {
            return;
        }
        ChannelTable.Registration r = registry.registerReporting(owner.get(), name, topics);
        send(response, r.created() ? 201 : 200, representation.apply(r.channel()));
    }

    private void get(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        Optional<String> owner = owner(request, response, List.of());
        if (owner.isEmpty()) {
            return;
        }
        Optional<ChannelInfo> channel = registry.get(owner.get(), name);
        if (channel.isPresent()) {
            send(response, 200, representation.apply(channel.get()));
        } else {
            HttpErrors.send(response, 404, notFoundMessage.apply(EventNames.clipped(name)));
        }
    }

    private void delete(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        Optional<String> owner = owner(request, response, List.of());
        if (owner.isEmpty()) {
            return;
        }
        if (registry.delete(owner.get(), name)) {
            response.setStatus(204);
        } else {
            HttpErrors.send(response, 404, notFoundMessage.apply(EventNames.clipped(name)));
        }
    }

    private static String defaultNotFound(String name) {
        return "you have no channel \"" + name + "\": register it with PUT /channels/"
                + name + " and a body {\"topics\":[...]} (channels expire after a period without a connection)";
    }

    /** Authorizes and names the owner; answers the request and returns empty if it cannot go on. */
    private Optional<String> owner(HttpServletRequest request, HttpServletResponse response, List<String> topics)
            throws IOException {
        ServletAccessRequest access = new ServletAccessRequest(request, AccessRequest.Action.SUBSCRIBE, topics, "channels");
        Decision decision = ServletAuthorization.authorize(authorizer, access, response);
        if (decision == null) {
            return Optional.empty(); // denied, or the authorizer failed: answered
        }
        Optional<String> owner = ChannelOwners.owner(decision, access);
        if (owner.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            HttpErrors.send(response, 401, ChannelOwners.MISSING);
        }
        return owner;
    }

    private static List<String> topics(byte[] body) throws IOException {
        String example = "send {\"topics\":[\"orders\",\"payments\"]}";
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON (" + e.getOriginalMessage() + "): " + example);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object: " + example);
        }
        JsonNode topics = root.get("topics");
        if (topics == null || !topics.isArray()) {
            throw new IllegalArgumentException("the body has no \"topics\" array: " + example + " (an empty array for none)");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : topics) {
            if (!t.isTextual()) {
                throw new IllegalArgumentException("topic " + t + " is not a string: " + example);
            }
            names.add(t.asText());
        }
        return names;
    }

    private static Map<String, Object> toJson(ChannelInfo c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", c.name());
        json.put("topics", c.topics());
        json.put("connected", c.connected());
        json.put("queuedEvents", c.queuedEvents());
        json.put("lastEventIds", c.lastEventIds());
        json.put("idleSince", c.idleSince() == null ? null : c.idleSince().toString());
        json.put("expiresAt", c.expiresAt() == null ? null : c.expiresAt().toString());
        return json;
    }

    private static void send(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void methodNotAllowed(HttpServletResponse response, String allow, String hint) throws IOException {
        response.setHeader("Allow", allow);
        HttpErrors.send(response, 405, "method not allowed here: " + hint);
    }

}
