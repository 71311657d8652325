package dev.ringcast.longpoll;

import dev.ringcast.core.Event;
import dev.ringcast.core.EventHub;
import dev.ringcast.core.EventNames;
import dev.ringcast.core.LimitExceededException;
import dev.ringcast.core.Position;
import dev.ringcast.core.SubscriptionRequest;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.http.internal.BadRequestException;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.HttpErrors;
import dev.ringcast.http.internal.ServletHubs;
import dev.ringcast.http.internal.QueryParameters;
import dev.ringcast.http.internal.RequestBodies;
import dev.ringcast.http.internal.ServletAccessRequest;
import dev.ringcast.http.internal.ServletAuthorization;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Long-poll and HTTP publish over an {@link EventHub}: {@code GET} answers with the events after
 * the client's {@code last_event} as a JSON array, at once if there are any, otherwise when one
 * arrives or the poll's timeout passes; {@code POST} publishes one event.
 *
 * <h2>Mounting</h2>
 * Any Servlet 6 container, with async support on:
 * <ul>
 * <li>in code: {@code new LongPollServlet(hub, settings)}, mapped for example to {@code /poll}
 *     (topic in the {@code topic} query parameter) or, with {@link LongPollSettings.TopicSource#PATH},
 *     to {@code /topics/*} to serve {@code /topics/<topic>/events};</li>
 * <li>in {@code web.xml}: the no-argument constructor takes the hub from the servlet-context
 *     attribute {@link #HUB_ATTRIBUTE}, and its settings from the attribute
 *     {@link #SETTINGS_ATTRIBUTE} if set, otherwise from init parameters ({@code topic-source}
 *     {@code query|path}, {@code max-batch}, {@code default-timeout-ms}, {@code max-timeout-ms},
 *     {@code max-body-bytes}, {@code allowed-origins} comma-separated, and the limits: see the
 *     module's README) with the authorizer in the attribute {@link #AUTHORIZER_ATTRIBUTE}, the
 *     connection limits in {@link #CONNECTION_LIMITS_ATTRIBUTE} and the publish rate in
 *     {@link #PUBLISH_RATE_LIMIT_ATTRIBUTE} if set.
 *     {@code SseServlet} reads the same names.</li>
 * </ul>
 *
 * <h2>Polls ({@code GET})</h2>
 * <ul>
 * <li>{@code last_event=N} (N &gt; 0): the events after N. If N is older than the topic retains,
 *     or not from this topic's history (before a restart, or above the head), the answer starts
 *     with a reset element (see below), then the events from the oldest available.</li>
 * <li>{@code last_event=0}: "I have seen nothing, give me everything retained": the retained
 *     events from the oldest; a reset element first only if the topic no longer holds all it ever
 *     had (the same {@code 0} as every other transport).</li>
 * <li>no {@code last_event}: only events published after the poll arrived, held until one does
 *     (a client that has seen nothing is not flooded with history unless it asks with 0).</li>
 * <li>{@code timeout=ms}: how long to hold the poll, 0 up to {@link LongPollSettings#maxTimeout()}
 *     (larger values are lowered to it); default {@link LongPollSettings#defaultTimeout()}. When it
 *     passes with nothing new, the answer is {@code []}.</li>
 * </ul>
 * The answer is {@code 200} with {@code [{"type":..,"data":..,"number":<id>}, ...]}, at most
 * {@link LongPollSettings#maxBatch()} events, with {@code Cache-Control: no-cache} and the header
 * {@code Ringcast-Position}: the {@code last_event} to poll with next (the last {@code number}, or
 * for {@code []} the id the poll started after, so a client knows its position before its first
 * event); the client continues with {@code last_event} set to the last {@code number} it got. The reset element is
 * {@code {"type":"reset","data":{"topic":..,"requested":N,"oldest":M,"cause":..},"number":M-1}}: its
 * number makes a client that continues from the last number receive the events from M on.
 *
 * <h2>Publishes ({@code POST})</h2>
 * Body {@code {"type": "<string>", "data": <any JSON>}} with {@code Content-Type: application/json};
 * answered {@code 201 {"id": <id>}} once the event is stored. Errors: 415 (content type), 413 (body
 * over {@link LongPollSettings#maxBodyBytes()}), 400 (a body that is not UTF-8, invalid JSON, missing
 * or non-string {@code type}, missing {@code data}, an invalid topic or type, data over the hub's
 * limit). A body refused before it was read to its end is drained first, so that a client that
 * writes its whole body before reading gets the answer (see {@link dev.ringcast.http.internal.RequestBodies}).
 *
 * <h2>Who may poll and publish</h2>
 * Every request is checked, in this order, before it touches the hub: its {@code Host}
 * ({@link LongPollSettings#allowedHosts()}, 421), its {@code Origin} ({@link LongPollSettings#cors()},
 * 403; by default only the request's own origin, so a cross-site form or {@code text/plain}
 * {@code POST} cannot publish), then the authorizer ({@code SUBSCRIBE} for a poll, {@code PUBLISH}
 * for a publish). A poll whose credentials expire ({@link Decision#expiresAt()}) is held at most
 * until then.
 *
 * <p>Every error is a 4xx (503 while the hub closes, 500 if the authorizer throws) with
 * {@code {"error": "<what is wrong and how to fix it>"}}; an {@link dev.ringcast.core.auth.Authorizer}
 * denial answers with its status and message.
 *
 * <h2>Limits</h2>
 * A held poll is an open connection: it takes a place in {@link LongPollSettings#connectionLimits()}
 * (total, per principal, per address) and counts against {@link LongPollSettings#maxHeldPolls()};
 * a refused poll is answered {@code 429} (the client's limit) or {@code 503} (the server's) with
 * {@code Retry-After}, before any hub work. A publish takes a token from
 * {@link LongPollSettings#publishRateLimit()} ({@code 429} with {@code Retry-After} when the
 * client's bucket is empty).
 *
 * <h2>Threads</h2>
 * A held poll holds no thread: it is an async request, a subscription (a cursor) and a timer
 * entry. The answer is written with non-blocking I/O (see {@code HeldPoll}); the servlet starts
 * one timer thread in {@link #init()} and stops it in {@link #destroy()}. A publish reads its
 * (bounded) body with non-blocking I/O too, within {@link LongPollSettings#bodyTimeout()}: a
 * client that sends it a byte now and then holds no thread.
 */
public class LongPollServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet-context attribute that holds the {@link EventHub} when none is passed to the constructor. */
    public static final String HUB_ATTRIBUTE = ServletHubs.HUB_ATTRIBUTE;

    /** The servlet-context attribute that may hold the {@link LongPollSettings} of a servlet built without them. */
    public static final String SETTINGS_ATTRIBUTE = LongPollSettings.class.getName();

    /**
     * The servlet-context attribute that may hold the {@link dev.ringcast.core.auth.Authorizer} of
     * a servlet whose settings come from init parameters: {@code dev.ringcast.core.auth.Authorizer},
     * the name {@code SseServlet} reads too.
     */
    public static final String AUTHORIZER_ATTRIBUTE = "dev.ringcast.core.auth.Authorizer";

    /**
     * The servlet-context attribute that may hold the {@link ConnectionLimits} of a servlet whose
     * settings come from init parameters without {@code max-connections*}:
     * {@code dev.ringcast.http.ConnectionLimits}, the name {@code SseServlet} reads too.
     */
    public static final String CONNECTION_LIMITS_ATTRIBUTE = "dev.ringcast.http.ConnectionLimits";

    /**
     * The servlet-context attribute that may hold the {@link dev.ringcast.http.PublishRateLimit} of a
     * servlet whose settings come from init parameters without {@code publishes-per-second} or
     * {@code publish-burst}: {@code dev.ringcast.http.PublishRateLimit}.
     */
    public static final String PUBLISH_RATE_LIMIT_ATTRIBUTE = "dev.ringcast.http.PublishRateLimit";

    /**
     * How far past a poll's own timeout the container's async timeout is set: a backstop that
     * only fires if the answer's write is stuck. The poll's timeout is the servlet's own timer,
     * so that every answer, events or {@code []}, goes through one compare-and-set; a container
     * timeout would call {@code onTimeout} on a container thread while a dispatch thread may be
     * writing events, a race the Servlet spec leaves to each container.
     */
    private static final long BACKSTOP_MILLIS = 30_000;

    private transient EventHub hub;
    private transient LongPollSettings settings;
    private final transient Set<HeldPoll> polls = ConcurrentHashMap.newKeySet();
    private transient ScheduledThreadPoolExecutor timer;
    private final transient Queue<Thread> timerThreads = new ConcurrentLinkedQueue<>();

    /**
     * A servlet for {@code web.xml}: takes its hub from the servlet context ({@link #HUB_ATTRIBUTE})
     * and its settings from {@link #SETTINGS_ATTRIBUTE} or the init parameters.
     */
    public LongPollServlet() {
        this(null, null);
    }

    /**
     * A servlet with the default settings.
     *
     * @param hub the hub to serve
     */
    public LongPollServlet(EventHub hub) {
        this(hub, LongPollSettings.defaults());
    }

    /**
     * A servlet for code that builds its own server.
     *
     * @param hub the hub to serve, or null to take it from the servlet context
     * @param settings the settings, or null to take them from the servlet context or init parameters
     */
    public LongPollServlet(EventHub hub, LongPollSettings settings) {
        this.hub = hub;
        this.settings = settings;
    }

    @Override
    public void init() throws ServletException {
        hub = ServletHubs.resolve(hub, getServletContext(), "LongPollServlet");
        if (settings == null) {
            Object attribute = getServletContext().getAttribute(SETTINGS_ATTRIBUTE);
            settings = attribute instanceof LongPollSettings s ? s : InitParameters.settings(getServletConfig());
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ringcast-longpoll-timeout");
            t.setDaemon(true);
            timerThreads.add(t);
            return t;
        });
        // Answered polls cancel their timeout: drop it from the queue at once, not when it would fire.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Answers every held poll with {@code []} and stops the timer thread, waiting for it to end. */
    @Override
    public void destroy() {
        for (HeldPoll poll : new ArrayList<>(polls)) {
            poll.answerEmpty();
        }
        if (timer != null) {
            timer.shutdownNow();
            // Containers look for threads a web application left behind right after destroy(), and
            // a pool's thread is still alive for a moment after the pool reports it terminated.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            try {
                for (Thread t : timerThreads) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the settings in force (after {@link #init()} for a servlet built without them) */
    public LongPollSettings settings() {
        return settings;
    }

    /** @return how many polls are held now */
    public int heldPolls() {
        return polls.size();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!settings.allowedHosts().check(request, response)) {
            return; // 421: a host this server does not answer to (DNS rebinding)
        }
        switch (request.getMethod()) {
            case "GET" -> doGet(request, response);
            case "POST" -> doPost(request, response);
            case "OPTIONS" -> doOptions(request, response);
            default -> {
                response.setHeader("Allow", "GET, POST, OPTIONS");
                HttpErrors.send(response, 405, "method " + request.getMethod()
                        + " is not allowed here: GET polls for events, POST publishes one");
            }
        }
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        settings.cors().preflight(request, response, "GET, POST, OPTIONS");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!allowedOrigin(request, response)) {
            return;
        }
        String topic;
        long lastEvent;
        long timeoutMillis;
        try {
            topic = topic(request);
            lastEvent = lastEvent(request.getParameter("last_event"));
            timeoutMillis = timeoutMillis(request.getParameter("timeout"));
        } catch (BadRequestException e) {
            HttpErrors.send(response, e.status(), e.getMessage());
            return;
        }
        ServletAccessRequest access = new ServletAccessRequest(request, AccessRequest.Action.SUBSCRIBE, List.of(topic),
                "longpoll");
        Decision decision = ServletAuthorization.authorize(settings.authorizer(), access, response);
        if (decision == null || !open(response)) {
            return;
        }
        if (decision.expiresAt().isPresent()) {
            // Held at most until the credentials expire: then answered [], and the next poll is told (401).
            long left = decision.expiresAt().get().toEpochMilli() - System.currentTimeMillis();
            timeoutMillis = Math.max(0, Math.min(timeoutMillis, left));
        }
        // A held poll is an open connection: admitted before any hub work, released when it ends.
        ConnectionLimits.Admission admission;
        try {
            if (polls.size() >= settings.maxHeldPolls()) {
                throw new LimitExceededException("the server holds its most polls (" + settings.maxHeldPolls()
                        + "): poll again later; its operator can raise LongPollSettings.maxHeldPolls", 503);
            }
            admission = settings.connectionLimits().admit(ConnectionLimits.principalOf(decision, access),
                    request.getRemoteAddr());
        } catch (LimitExceededException e) {
            HttpErrors.send(response, e);
            return;
        }
        boolean held = false;
        try {
            held = hold(request, response, topic, lastEvent, timeoutMillis, admission);
        } finally {
            if (!held) {
                admission.release(); // refused or failed before a poll took it over
            }
        }
    }

    /** @return true once a {@link HeldPoll} owns the admission (it releases it when it ends) */
    private boolean hold(HttpServletRequest request, HttpServletResponse response, String topic, long lastEvent,
                         long timeoutMillis, ConnectionLimits.Admission admission) throws IOException {
        // Where the poll starts, and the id it starts after: while the topic's head is still that
        // id, nothing is on its way to the poll, so its timeout may answer [].
        long startId;
        long position;
        try {
            EventHub.TopicWindow window = hub.window(topic);
            if (lastEvent < 0) {
                startId = window.headId(); // "what comes next": after the head as the poll arrives
                position = startId;
            } else if (lastEvent == 0) {
                startId = window.oldestId() - 1; // "everything retained": a reset only if something is gone
                position = 0;
            } else {
                startId = lastEvent;
                position = lastEvent;
            }
        } catch (LimitExceededException e) {
            HttpErrors.send(response, e);
            return false;
        } catch (IllegalStateException e) {
            HttpErrors.send(response, 503, "the event hub is closed: poll again later");
            return false;
        }
        Position from = Position.after(lastEvent < 0 ? startId : lastEvent);
        response.setStatus(200);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");

        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutMillis + BACKSTOP_MILLIS);
        ServletOutputStream out = response.getOutputStream();
        HeldPoll poll = new HeldPoll(this, hub, timer, async, response, out, topic, startId, position,
                settings.maxBatch(), timeoutMillis, admission);
        async.addListener(poll);
        polls.add(poll);
        out.setWriteListener(poll);
        try {
            poll.attach(hub.subscribe(SubscriptionRequest.of(topic, from), poll));
        } catch (LimitExceededException e) {
            poll.refuse(e);
            return true;
        } catch (IllegalStateException e) {
            poll.answer(503, HttpErrors.body("the event hub is closed: poll again later"));
            return true;
        }
        poll.expireAfter(timeoutMillis);
        return true;
    }

    /**
     * Publishes: the body is read first, without blocking (a slow client holds no thread; one that
     * takes longer than {@link LongPollSettings#bodyTimeout()} gets a 408), then every check runs
     * and the event is published, so every refusal comes after the whole body was read.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RequestBodies.readNonBlocking(request, response, settings.maxBodyBytes(), settings.bodyTimeout(),
                size -> "the body is " + size + ", over the limit of " + settings.maxBodyBytes() + " bytes: publish "
                        + "less data, or raise LongPollSettings.maxBodyBytes",
                body -> publish(request, response, body));
    }

    private void publish(HttpServletRequest request, HttpServletResponse response, byte[] rawBody) throws IOException {
        if (!allowedOrigin(request, response)) {
            return;
        }
        Event event;
        try {
            String topic = topic(request);
            ServletAccessRequest access = new ServletAccessRequest(request, AccessRequest.Action.PUBLISH,
                    List.of(topic), "longpoll");
            Decision decision = ServletAuthorization.authorize(settings.authorizer(), access, response);
            if (decision == null) {
                return;
            }
            settings.publishRateLimit().acquire(ConnectionLimits.principalOf(decision, access), request.getRemoteAddr());
            checkContentType(request.getContentType(), settings.untypedJsonBodies());
            PublishBody body = PublishBody.parse(RequestBodies.utf8Json(rawBody));
            if (!open(response)) {
                return;
            }
            try {
                event = hub.publishJson(topic, body.type(), body.data());
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        } catch (BadRequestException e) {
            HttpErrors.send(response, e.status(), e.getMessage());
            return;
        } catch (LimitExceededException e) {
            HttpErrors.send(response, e);
            return;
        } catch (IllegalStateException e) {
            HttpErrors.send(response, 503, "the event hub is closed: publish again later");
            return;
        }
        byte[] answer = PollFrames.published(event.id());
        response.setStatus(201);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    private boolean allowedOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (settings.cors().apply(request, response)) {
            return true;
        }
        RequestBodies.discard(request, response, RequestBodies.drainLimit(settings.maxBodyBytes()));
        HttpErrors.send(response, 403, "origin " + request.getHeader("Origin")
                + " may not poll or publish here: add it to the server's allowed CORS origins");
        return false;
    }

    private boolean open(HttpServletResponse response) throws IOException {
        if (!hub.isClosed()) {
            return true;
        }
        HttpErrors.send(response, 503, "the event hub is closed: try again later");
        return false;
    }

    /** The topic, from the query or the path as configured. */
    private String topic(HttpServletRequest request) {
        String topic;
        if (settings.topicSource() == LongPollSettings.TopicSource.PATH) {
            String path = request.getPathInfo();
            int slash = path == null ? -1 : path.indexOf('/', 1);
            if (path == null || slash < 0 || !path.startsWith("/") || !path.substring(slash).equals("/events")) {
                throw new BadRequestException(404, "no such resource " + request.getRequestURI() + ": use "
                        + request.getContextPath() + request.getServletPath() + "/<topic>/events");
            }
            topic = path.substring(1, slash);
        } else {
            String[] values = request.getParameterValues("topic");
            if (values == null || values.length == 0) {
                throw new BadRequestException("no topic given: add ?topic=<name>");
            }
            if (Arrays.stream(values).distinct().count() > 1) {
                throw new BadRequestException(values.length + " topics given: a poll reads one topic, "
                        + "because last_event is an id in that topic; poll each topic separately");
            }
            topic = values[0];
        }
        if (!EventNames.isValidTopic(topic)) {
            throw new BadRequestException(EventNames.invalidName("topic", topic));
        }
        return topic;
    }

    /**
     * Parses {@code last_event}.
     *
     * @param value the parameter, or null
     * @return the id; -1 without the parameter
     */
    static long lastEvent(String value) {
        return value == null ? -1 : QueryParameters.eventId("last_event", value);
    }

    private long timeoutMillis(String value) {
        long max = settings.maxTimeout().toMillis();
        if (value == null) {
            return settings.defaultTimeout().toMillis();
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return Math.min(millis, max);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new BadRequestException("timeout=" + EventNames.clipped(value) + " is invalid: use how long to wait in milliseconds, "
                + "0 to " + max + ", e.g. timeout=30000");
    }

    private static void checkContentType(String contentType, boolean untyped) {
        String accepted = untyped ? "application/json, text/plain or no Content-Type" : "application/json";
        String what = "Content-Type " + (contentType == null ? "is missing" : EventNames.quoted(contentType) + " is not JSON")
                + ": send the body as " + accepted + " (UTF-8 JSON)";
        if (contentType == null) {
            if (untyped) {
                return;
            }
            throw new BadRequestException(415, what);
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim();
        if (!type.equalsIgnoreCase("application/json") && !(untyped && type.equalsIgnoreCase("text/plain"))) {
            throw new BadRequestException(415, what);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new BadRequestException(415, "Content-Type charset " + EventNames.quoted(charset)
                            + " is not supported: JSON is UTF-8, send charset=utf-8 or none");
                }
            }
        }
    }

    /** Reads the body; one over the limit is drained (so the client reads the 413) and refused. */
    private byte[] readBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return RequestBodies.read(request, response, settings.maxBodyBytes(), size -> "the body is " + size
                + ", over the limit of " + settings.maxBodyBytes() + " bytes: publish less data, or raise "
                + "LongPollSettings.maxBodyBytes");
    }


    void forget(HeldPoll poll) {
        if (polls.remove(poll)) {
            poll.admission().release();
        }
    }
}
