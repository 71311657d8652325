package dev.ringcast.http;

import dev.ringcast.core.EventNames;
import dev.ringcast.http.internal.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host names a server answers to: the defence against DNS rebinding. A hostile page whose
 * own name the attacker re-points at this server (say at {@code 127.0.0.1}) is same-origin with
 * itself in the browser, so neither CORS nor an origin check stops it; but its requests name the
 * attacker's host in {@code Host}. A server that answers only to its own names refuses them.
 * Every Ringcast transport has this setting; a refused request gets <b>421</b> (Misdirected
 * Request) and {@code {"error": ...}}, a WebSocket handshake the same or an error frame 421 and
 * close 1008.
 *
 * <p>Entries: {@code example.com} (any port), {@code example.com:8443} (that port only),
 * {@code 127.0.0.1:8080}, {@code [::1]:8080}, or {@code *.example.com} (any subdomain of
 * example.com, not example.com itself). Compared case-insensitively. {@link #any()} (the
 * transports' default) answers to every host: fine behind a reverse proxy that checks the host, or
 * for a server that needs credentials on every request; otherwise list the names.
 *
 * <p>Immutable; any thread.
 */
public final class AllowedHosts {

    private static final AllowedHosts ANY = new AllowedHosts(List.of());

    private record Entry(String host, int port, boolean wildcard) {
    }

    private final List<String> names;
    private final List<Entry> entries;

    private AllowedHosts(List<String> names) {
        this.names = List.copyOf(names);
        List<Entry> parsed = new ArrayList<>();
        for (String n : names) {
            boolean wildcard = n.startsWith("*.");
            String rest = wildcard ? n.substring(1) : n; // keep the dot: ".example.com"
            Optional<Origins.HostAndPort> hp = Origins.hostAndPort(wildcard ? "x" + rest : rest, -1);
            if (hp.isEmpty() || n.contains("/") || n.contains("@") || (n.indexOf('*', wildcard ? 1 : 0) >= 0)) {
                throw new IllegalArgumentException("allowed host \"" + n + "\" is invalid: use host[:port] such as "
                        + "example.com, localhost:8080, [::1]:8080 or *.example.com");
            }
            parsed.add(new Entry(wildcard ? hp.get().host().substring(1) : hp.get().host(), hp.get().port(), wildcard));
        }
        this.entries = List.copyOf(parsed);
    }

    /** @return a check that answers to every host (no DNS-rebinding defence): the transports' default */
    public static AllowedHosts any() {
        return ANY;
    }

    /**
     * @param hosts the names the server answers to, as above; empty means {@link #any()}
     * @return the check
     * @throws IllegalArgumentException if an entry is malformed
     */
    public static AllowedHosts of(Collection<String> hosts) {
        Objects.requireNonNull(hosts, "hosts");
        return hosts.isEmpty() ? ANY : new AllowedHosts(List.copyOf(hosts));
    }

    /**
     * The names of a server bound to a loopback address: {@code 127.0.0.1}, {@code localhost}
     * and {@code [::1]}, with the port (or any port, for 0).
     *
     * @param port the server's port, or 0 if not known
     * @return the check
     */
    public static AllowedHosts loopback(int port) {
        String suffix = port > 0 ? ":" + port : "";
        return of(List.of("127.0.0.1" + suffix, "localhost" + suffix, "[::1]" + suffix));
    }

    /** @return true if every host is answered */
    public boolean isAny() {
        return entries.isEmpty();
    }

    /** @return the entries, as given; empty for {@link #any()} */
    public List<String> hosts() {
        return names;
    }

    /**
     * @param host a request's {@code Host}: {@code host[:port]}; null if it has none
     * @return whether the server answers to it
     */
    public boolean allows(String host) {
        if (entries.isEmpty()) {
            return true;
        }
        Optional<Origins.HostAndPort> hp = Origins.hostAndPort(host == null ? null : host.trim(), -1);
        if (hp.isEmpty()) {
            return false;
        }
        for (Entry e : entries) {
            boolean name = e.wildcard() ? hp.get().host().endsWith(e.host()) && hp.get().host().length() > e.host().length()
                    : hp.get().host().equals(e.host());
            if (name && (e.port() < 0 || e.port() == hp.get().port())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param host the refused {@code Host}
     * @return the refusal's message
     */
    public String refusal(String host) {
        return "this server does not answer to the host " + (host == null ? "(none)" : EventNames.quoted(host)) + " (a page whose name was re-pointed at "
                + "this server, DNS rebinding, sends such requests): use one of " + String.join(", ", names)
                + ", or add the name to the server's allowed hosts";
    }

    /**
     * Checks a servlet request, and answers it if refused: 421 with a JSON error, after draining
     * what is left of its body (see {@link RequestBodies}).
     *
     * @param request the request
     * @param response its response, not committed
     * @return true if the request may go on; false once it has been answered
     * @throws IOException if writing the answer fails
     */
    public boolean check(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (entries.isEmpty()) {
            return true;
        }
        String host = Origins.requestHost(request);
        if (allows(host)) {
            return true;
        }
        RequestBodies.discard(request, response, RequestBodies.MIN_DRAIN_BYTES);
        HttpErrors.send(response, 421, refusal(host));
        return false;
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "any host" : names.toString();
    }

}
