package dev.ringcast.sse;

import dev.ringcast.core.EventNames;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.Position;
import dev.ringcast.core.Reset;
import dev.ringcast.core.Subscription;
import dev.ringcast.core.SubscriptionRequest;
import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.http.internal.QueryParameters;
import dev.ringcast.http.internal.ServletAccessRequest;
import dev.ringcast.http.internal.ServletAuthorization;
import dev.ringcast.http.internal.ServletHubs;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves topics of an {@link EventHub} as Server-Sent Events ({@code text/event-stream}).
 *
 * <h2>Mounting</h2>
 * Any Servlet 6 container: {@code context.addServlet("sse", new SseServlet(hub, settings))} with
 * async support on, or {@code web.xml} with {@code <async-supported>true</async-supported>}: the
 * no-argument constructor takes the hub from the servlet-context attribute {@link #HUB_ATTRIBUTE},
 * and its settings from the attribute {@link #SETTINGS_ATTRIBUTE} if set, otherwise from init
 * parameters ({@code allowed-origins}, {@code allowed-hosts}, {@code heartbeat-ms},
 * {@code retry-ms}, {@code max-topics}, {@code topic-source}, {@code fixed-topic},
 * {@code types-parameter}, {@code default-types} and the connection limits, the names
 * {@code LongPollServlet} reads) with the authorizer in the attribute {@link #AUTHORIZER_ATTRIBUTE}
 * and the connection limits in {@link #CONNECTION_LIMITS_ATTRIBUTE} if set.
 *
 * <h2>Requests</h2>
 * {@code GET ?topic=a[&topic=b][&types=x,y][&lastEventId=..]} (or the topic from the path, see
 * {@link SseSettings.TopicSource}). The stream resumes after the {@code Last-Event-ID} header
 * (sent by browsers on reconnect; it wins over the parameter) or the {@code lastEventId}
 * parameter; without either it starts with the next event. See {@link StreamId} for the id of a
 * multi-topic stream. A header that is not an id this server wrote ({@link StreamId#parseExact}:
 * a sign, spaces, leading zeros, another number of topics) opens the stream with a reset, as an id
 * outside the window would (an EventSource that gets a 4xx gives up for good); a malformed
 * {@code lastEventId} parameter is answered with 400.
 *
 * <h2>The stream</h2>
 * Each event is {@code id:}, {@code event: <type>}, {@code data: <data JSON>}; with
 * {@code envelope=true}, an unnamed event (no {@code event:} line, so an {@code EventSource}'s
 * {@code onmessage} sees every type) whose data is {@code {"id":..,"topic":..,"type":..,"data":..}}.
 * An id the stream
 * cannot continue from is answered with {@code event: reset} whose data names the topic, the
 * requested id and the oldest available, then the events from there. Idle streams get a comment
 * line every heartbeat; a stream whose client went away ends promptly (on the container's async
 * error, or the next heartbeat's failed write) and its subscription with it.
 *
 * <h2>Credentials that expire</h2>
 * When the authorizer's decision has an expiry ({@link Decision#expiresAt()}, as
 * {@code TokenAuthorizer}'s has), the stream ends then: after what is queued, a last event of
 * the reserved type {@code credentials-expired}, whose {@code id:} is the stream's position and
 * whose data is {@code {"error":..,"expiredAt":..,"lastEventId":..}}. The client connects again
 * with a fresh token and {@code lastEventId} (a new {@code EventSource} does not send
 * {@code Last-Event-ID}); the position is in the id, never in the token.
 *
 * <h2>Limits</h2>
 * Every stream takes a place in {@link SseSettings#connectionLimits()} (total, per principal, per
 * address), after the authorizer and before any hub work; a refused stream is answered {@code 429}
 * (the client's limit) or {@code 503} (the server's) with {@code Retry-After} and a JSON error.
 *
 * <p>Async and non-blocking: no thread is held per stream, and no dispatch thread ever blocks on
 * a slow client (see {@link SseConnection}).
 */
public class SseServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet-context attribute that holds the {@link EventHub} when none is passed to the constructor. */
    public static final String HUB_ATTRIBUTE = ServletHubs.HUB_ATTRIBUTE;

    /** The servlet-context attribute that may hold the {@link SseSettings} of a servlet built without them. */
    public static final String SETTINGS_ATTRIBUTE = SseSettings.class.getName();

    /**
     * The servlet-context attribute that may hold the {@link dev.ringcast.core.auth.Authorizer} of
     * a servlet whose settings come from init parameters: {@code dev.ringcast.core.auth.Authorizer},
     * the name {@code LongPollServlet} reads too.
     */
    public static final String AUTHORIZER_ATTRIBUTE = "dev.ringcast.core.auth.Authorizer";

    /**
     * The servlet-context attribute that may hold the {@link ConnectionLimits} of a servlet whose
     * settings come from init parameters without {@code max-connections*}:
     * {@code dev.ringcast.http.ConnectionLimits}, the name {@code LongPollServlet} reads too, so
     * that one set of counters is the application's.
     */
    public static final String CONNECTION_LIMITS_ATTRIBUTE = "dev.ringcast.http.ConnectionLimits";

    private transient EventHub hub;
    private transient SseSettings settings;
    private final transient Set<SseConnection> connections = ConcurrentHashMap.newKeySet();
    private transient ScheduledThreadPoolExecutor timer;

    /**
     * A servlet for {@code web.xml}: takes its hub from the servlet context ({@link #HUB_ATTRIBUTE})
     * and its settings from {@link #SETTINGS_ATTRIBUTE} or the init parameters.
     */
    public SseServlet() {
        this(null, null);
    }

    /**
     * @param hub the hub to serve
     */
    public SseServlet(EventHub hub) {
        this(hub, SseSettings.defaults());
    }

    /**
     * @param hub the hub to serve, or null to take it from the servlet context
     * @param settings the settings, or null to take them from the servlet context or init parameters
     */
    public SseServlet(EventHub hub, SseSettings settings) {
        this.hub = hub;
        this.settings = settings;
    }

    @Override
    public void init() throws ServletException {
        hub = ServletHubs.resolve(hub, getServletContext(), "SseServlet");
        if (settings == null) {
            Object attribute = getServletContext().getAttribute(SETTINGS_ATTRIBUTE);
            settings = attribute instanceof SseSettings s ? s : InitParameters.settings(getServletConfig());
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ringcast-sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a stream that closes drops its expiry task at once
        long every = settings.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeatAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        dropAllConnections();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (settings.allowedHosts().check(request, response)) {
            settings.cors().preflight(request, response, "GET, OPTIONS");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!settings.allowedHosts().check(request, response)) {
            return; // 421: a host this server does not answer to
        }
        if (!settings.cors().apply(request, response)) {
            HttpErrors.send(response, 403, "origin " + request.getHeader("Origin")
                    + " may not open event streams here: add it to the server's allowed CORS origins");
            return;
        }
        List<String> topics;
        TypeFilter types;
        try {
            topics = topics(request);
            types = typeFilter(request);
        } catch (BadRequestException e) {
            HttpErrors.send(response, e.status(), e.getMessage());
            return;
        }
        ServletAccessRequest access = new ServletAccessRequest(request, AccessRequest.Action.SUBSCRIBE, topics, "sse");
        Decision decision = ServletAuthorization.authorize(settings.authorizer(), access, response);
        if (decision == null) {
            return; // denied, or the authorizer failed: answered
        }
        // A stream is an open connection: admitted before any hub work, released when it ends.
        ConnectionLimits.Admission admission;
        try {
            admission = settings.connectionLimits().admit(ConnectionLimits.principalOf(decision, access),
                    request.getRemoteAddr());
        } catch (LimitExceededException e) {
            HttpErrors.send(response, e);
            return;
        }
        boolean streaming = false;
        try {
            streaming = stream(request, response, topics, types, decision, admission);
        } finally {
            if (!streaming) {
                admission.release();
            }
        }
    }

    /** The {@code envelope} parameter: {@code true} sends every event as an unnamed message carrying its envelope. */
    private static boolean envelope(HttpServletRequest request) {
        String value = request.getParameter("envelope");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadRequestException("envelope \"" + (value.length() > 16 ? value.substring(0, 16) + "..." : value)
                + "\" is invalid: use envelope=true to receive every event as an unnamed message, or leave it out");
    }

    /** @return true once an {@link SseConnection} owns the admission (it releases it when it ends) */
    private boolean stream(HttpServletRequest request, HttpServletResponse response, List<String> topics,
                           TypeFilter types, Decision decision, ConnectionLimits.Admission admission)
            throws IOException {
        StartPoint start;
        boolean envelope;
        try {
            envelope = envelope(request);
            start = startPoint(request, topics);
        } catch (BadRequestException e) {
            HttpErrors.send(response, e.status(), e.getMessage());
            return false;
        } catch (LimitExceededException e) {
            HttpErrors.send(response, e);
            return false;
        } catch (IllegalStateException e) {
            HttpErrors.send(response, 503, SHUTTING_DOWN);
            return false;
        }

        // This is a long-lived response: no container timeout; heartbeats find dead peers.
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        // Nothing is written before the subscription exists: the preamble (retry hint, then the
        // stream's position or its reset) waits in the connection, ahead of any event.
        SseConnection connection = new SseConnection(this, async, out, topics, start.ids(), preamble(start), admission,
                envelope);
        async.addListener(connection);
        connections.add(connection);
        // The stream's head, set (not yet sent) before subscribing: a subscription that ends at once
        // (the hub closing) still completes a well-formed, empty stream the client reconnects to.
        // A refusal below replaces it, since nothing is committed yet.
        response.setStatus(200);
        response.setContentType(contentType(request.getHeader("Accept")));
        // Proxies that buffer break event streams: tell them not to.
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        // The container keeps this buffer while the stream is open: ask for a small one (see SseSettings).
        response.setBufferSize(settings.responseBufferSize());
        SubscriptionRequest.Builder subscription = SubscriptionRequest.builder().typeFilter(types);
        for (int i = 0; i < topics.size(); i++) {
            subscription.topic(topics.get(i), Position.after(start.ids()[i]));
        }
        Subscription s;
        try {
            s = hub.subscribe(subscription.build(), connection);
        } catch (LimitExceededException e) {
            HttpErrors.send(response, e);
            connection.close();
            return true;
        } catch (IllegalStateException e) {
            // The hub closed while the stream opened; nothing is committed yet, so say so.
            HttpErrors.send(response, 503, SHUTTING_DOWN);
            connection.close();
            return true;
        }
        connection.attach(s);
        decision.expiresAt().ifPresent(at -> connection.expiry(timer.schedule(() -> connection.expire(
                "your credentials expired at " + at + ": connect again with a fresh token and lastEventId set to this "
                        + "event's id to resume where you left off", at),
                Math.max(0, at.toEpochMilli() - System.currentTimeMillis()), TimeUnit.MILLISECONDS)));
        // The container calls onWritePossible: the preamble goes out at once (so the client's
        // "open" fires before any event), then whatever the subscription delivered meanwhile.
        out.setWriteListener(connection);
        return true;
    }

    private static final String SHUTTING_DOWN = "the event hub is shutting down: reconnect later";

    /**
     * Where a stream starts: each topic's id to read after, and the reset frames to send first
     * when the client's {@code Last-Event-ID} could not be read (empty otherwise).
     */
    private record StartPoint(long[] ids, byte[] resets) {
    }

    /**
     * What a stream sends before any event: the {@code retry:} hint, then its position as an
     * id-only block ({@code id: <position>} and a blank line), which sets the browser's
     * {@code EventSource.lastEventId} and dispatches nothing. So a client cut before its first
     * event reconnects from where it first connected, not from whatever is live by then. A stream
     * whose {@code Last-Event-ID} was unreadable sends its reset frames instead, whose ids do the same.
     */
    private byte[] preamble(StartPoint start) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(96);
        if (settings.retry() != null) {
            b.writeBytes(SseFrames.retry(settings.retry().toMillis()));
        }
        b.writeBytes(start.resets().length > 0 ? start.resets() : SseFrames.position(StreamId.format(start.ids())));
        return b.toByteArray();
    }

    private TypeFilter typeFilter(HttpServletRequest request) {
        List<String> values = new ArrayList<>();
        boolean given = false;
        for (String name : settings.typesParameters()) {
            String[] v = request.getParameterValues(name);
            if (v != null) {
                given = true;
                values.addAll(List.of(v));
            }
        }
        return QueryParameters.typeFilter(settings.typesParameter(), given ? values.toArray(new String[0]) : null,
                settings.defaultTypes());
    }

    /**
     * The stream's content type: {@code text/event-stream}, unless the client's {@code Accept} asks
     * for one of the settings' alternative types and not for {@code text/event-stream}.
     */
    String contentType(String accept) {
        if (accept != null && !settings.alternativeContentTypes().isEmpty()) {
            String lower = accept.toLowerCase(java.util.Locale.ROOT);
            if (!lower.contains("text/event-stream")) {
                for (String alternative : settings.alternativeContentTypes()) {
                    if (lower.contains(alternative.toLowerCase(java.util.Locale.ROOT))) {
                        return alternative;
                    }
                }
            }
        }
        return "text/event-stream;charset=utf-8";
    }

    private List<String> topics(HttpServletRequest request) {
        if (settings.topicSource() == SseSettings.TopicSource.FIXED) {
            return List.of(settings.fixedTopic());
        }
        if (settings.topicSource() == SseSettings.TopicSource.PATH) {
            String path = request.getPathInfo();
            String last = path == null ? null : path.substring(path.lastIndexOf('/') + 1);
            if (last == null || last.isEmpty()) {
                throw new BadRequestException("no topic in the path: request " + request.getServletPath() + "/<topic>");
            }
            return QueryParameters.topics(new String[] {last}, settings.maxTopics());
        }
        return QueryParameters.topics(request.getParameterValues("topic"), settings.maxTopics());
    }

    /**
     * Each topic's id to read after: from the header, the parameter, or each topic's head (live).
     *
     * @throws BadRequestException for a malformed {@code lastEventId} parameter
     * @throws IllegalStateException if the hub is closed
     */
    private StartPoint startPoint(HttpServletRequest request, List<String> topics) {
        String header = request.getHeader("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            Optional<long[]> ids = StreamId.parseExact(header, topics);
            if (ids.isPresent()) {
                return new StartPoint(ids.get(), new byte[0]);
            }
            // An id we cannot read is answered like one outside the window: the stream opens with
            // a reset per topic and continues from the oldest retained event, rather than with a
            // 4xx the browser would take as final.
            long[] oldest = new long[topics.size()];
            Reset[] resets = new Reset[topics.size()];
            for (int i = 0; i < oldest.length; i++) {
                EventHub.TopicWindow window = hub.window(topics.get(i));
                oldest[i] = window.oldestId() - 1;
                resets[i] = new Reset(topics.get(i), 0, window.oldestId(), Reset.Cause.UNKNOWN_ID);
            }
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            String id = StreamId.format(oldest);
            for (Reset r : resets) {
                frames.writeBytes(SseFrames.reset(id, r));
            }
            return new StartPoint(oldest, frames.toByteArray());
        }
        String parameter = request.getParameter("lastEventId");
        if (parameter != null) {
            return new StartPoint(StreamId.parse(parameter, topics).orElseThrow(() -> new BadRequestException(
                    "lastEventId=" + EventNames.clipped(parameter) + " is invalid: use the id of the last event received, "
                            + (topics.size() == 1 ? "an integer in plain digits such as 42"
                            : "for " + topics.size() + " topics the last id of each in request order joined by _, "
                            + "such as 42_17"))), new byte[0]);
        }
        long[] ids = new long[topics.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = hub.window(topics.get(i)).headId();
        }
        return new StartPoint(ids, new byte[0]);
    }


    private void heartbeatAll() {
        for (SseConnection c : connections) {
            c.heartbeat();
        }
    }

    void forget(SseConnection connection) {
        if (connections.remove(connection)) {
            connection.admission().release();
        }
    }

    /** @return how many streams are open now */
    public int openStreams() {
        return connections.size();
    }

    /**
     * Ends every open stream, as a restart or a load balancer would. Clients reconnect and resume
     * with their last id. For operations and tests.
     *
     * @return how many streams were ended
     */
    public int dropAllConnections() {
        List<SseConnection> all = new ArrayList<>(connections);
        for (SseConnection c : all) {
            c.close();
        }
        return all.size();
    }
}
