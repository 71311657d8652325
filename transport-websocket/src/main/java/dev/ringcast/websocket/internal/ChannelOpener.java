package dev.ringcast.websocket.internal;

import dev.ringcast.core.EventNames;
import dev.ringcast.core.auth.AccessRequest;
import dev.ringcast.core.auth.Decision;
import dev.ringcast.websocket.WebSocketSettings;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Optional;

/**
 * Opens a connection to a durable channel, {@code /channels/{name}/ws}: identifies the owner
 * (see {@link ChannelOwners}), finds the owner's channel and attaches the connection to it. The
 * authorizer sees an empty topic list: the channel's topics were authorized when it was
 * registered. Query parameters are ignored; the cursors are the server's.
 *
 * <p>Immutable; any container thread.
 */
public final class ChannelOpener implements SessionOpener {

    private static final System.Logger LOG = System.getLogger(ChannelOpener.class.getName());

    /** The path parameter that names the channel. */
    public static final String NAME_PARAMETER = "name";

    private final ChannelTable table;
    private final WebSocketSettings settings;
    private final Housekeeper housekeeper;

    /**
     * @param table the channels
     * @param settings the settings
     * @param housekeeper the endpoint's threads
     */
    public ChannelOpener(ChannelTable table, WebSocketSettings settings, Housekeeper housekeeper) {
        this.table = table;
        this.settings = settings;
        this.housekeeper = housekeeper;
    }

    @Override
    public Connection open(Session session) {
        String name = session.getPathParameters().get(NAME_PARAMETER);
        if (!EventNames.isValidTopic(name)) {
            return refused(session, 400, "channel name " + (name == null ? "missing" : "\"" + ControlMessage.clip(name) + "\"")
                    + " is invalid: use 1-128 of [A-Za-z0-9._-]");
        }
        SessionAccessRequest access = new SessionAccessRequest(session, AccessRequest.Action.SUBSCRIBE, List.of(),
                "websocket");
        Decision decision;
        try {
            decision = settings.authorizer().authorize(access);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the authorizer threw; closing the WebSocket connection with 1011", e);
            Connection connection = new Connection(session, table.hub(), settings, housekeeper, 0, false,
                    Connection.Hooks.NONE);
            connection.failed(e);
            return connection;
        }
        if (!decision.allowed()) {
            return refused(session, decision.status(), decision.message());
        }
        Optional<String> owner = ChannelOwners.owner(decision, access);
        if (owner.isEmpty()) {
            return refused(session, 401, ChannelOwners.MISSING);
        }
        Channel channel;
        try {
            channel = table.find(owner.get(), name);
        } catch (IllegalStateException e) {
            return refused(session, 503, "the server is shutting down: reconnect later");
        }
        if (channel == null) {
            return refused(session, 404, "you have no channel \"" + name + "\": register it first with PUT on /channels/"
                    + name + " (channels expire after a period without a connection)");
        }
        Connection connection = new Connection(session, table.hub(), settings, housekeeper, Integer.MAX_VALUE, false,
                channel);
        channel.attach(connection);
        return connection;
    }

    private Connection refused(Session session, int status, String message) {
        Connection connection = new Connection(session, table.hub(), settings, housekeeper, 0, false,
                Connection.Hooks.NONE);
        connection.refuse(status, message);
        return connection;
    }
}
