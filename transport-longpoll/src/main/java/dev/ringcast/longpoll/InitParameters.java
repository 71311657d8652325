package dev.ringcast.longpoll;

import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.ConnectionLimits;
import dev.ringcast.http.PublishRateLimit;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads {@link LongPollSettings} from a servlet's init parameters, for {@code web.xml} users:
 * {@code topic-source} ({@code query} or {@code path}), {@code max-batch},
 * {@code default-timeout-ms}, {@code max-timeout-ms}, {@code max-body-bytes},
 * {@code untyped-json-bodies}, {@code max-held-polls}, {@code body-timeout-ms},
 * {@code max-connections}, {@code max-connections-per-principal}, {@code max-connections-per-address},
 * {@code publishes-per-second}, {@code publish-burst}, {@code allowed-origins} and {@code allowed-hosts}
 * (both comma-separated). Absent parameters keep their defaults. {@code batch-limit} and
 * {@code cors-origins}, the old names of {@code max-batch} and {@code allowed-origins}, are still read.
 * The authorizer, which no text can name, is the servlet-context attribute
 * {@link LongPollServlet#AUTHORIZER_ATTRIBUTE} when one is set; without the limits' parameters,
 * the connection limits and publish rate are the attributes
 * {@link LongPollServlet#CONNECTION_LIMITS_ATTRIBUTE} and
 * {@link LongPollServlet#PUBLISH_RATE_LIMIT_ATTRIBUTE} when set (shared with the other transports).
 */
final class InitParameters {

    private InitParameters() {
    }

    static LongPollSettings settings(ServletConfig config) throws ServletException {
        LongPollSettings.Builder b = LongPollSettings.builder();
        try {
            String source = config.getInitParameter("topic-source");
            if (source != null) {
                switch (source.trim().toLowerCase(Locale.ROOT)) {
                    case "query" -> b.topicSource(LongPollSettings.TopicSource.QUERY);
                    case "path" -> b.topicSource(LongPollSettings.TopicSource.PATH);
                    default -> throw new IllegalArgumentException("topic-source \"" + source
                            + "\" is invalid: use query or path");
                }
            }
            String batch = config.getInitParameter("max-batch");
            String batchName = "max-batch";
            if (batch == null) {
                batch = config.getInitParameter("batch-limit"); // its name before 0.1.0
                batchName = "batch-limit";
            }
            if (batch != null) {
                b.maxBatch(number(batchName, batch));
            }
            String maxTimeout = config.getInitParameter("max-timeout-ms");
            if (maxTimeout != null) {
                b.maxTimeout(Duration.ofMillis(number("max-timeout-ms", maxTimeout)));
            }
            String timeout = config.getInitParameter("default-timeout-ms");
            if (timeout != null) {
                b.defaultTimeout(Duration.ofMillis(number("default-timeout-ms", timeout)));
            }
            String body = config.getInitParameter("max-body-bytes");
            if (body != null) {
                b.maxBodyBytes(number("max-body-bytes", body));
            }
            String untyped = config.getInitParameter("untyped-json-bodies");
            if (untyped != null) {
                b.untypedJsonBodies(Boolean.parseBoolean(untyped.trim()));
            }
            String held = config.getInitParameter("max-held-polls");
            if (held != null) {
                b.maxHeldPolls(number("max-held-polls", held));
            }
            String bodyTimeout = config.getInitParameter("body-timeout-ms");
            if (bodyTimeout != null) {
                b.bodyTimeout(Duration.ofMillis(number("body-timeout-ms", bodyTimeout)));
            }
            String connections = config.getInitParameter("max-connections");
            String perPrincipal = config.getInitParameter("max-connections-per-principal");
            String perAddress = config.getInitParameter("max-connections-per-address");
            if (connections != null || perPrincipal != null || perAddress != null) {
                ConnectionLimits.Builder limits = ConnectionLimits.builder();
                if (connections != null) {
                    limits.maxConnections(number("max-connections", connections));
                }
                if (perPrincipal != null) {
                    limits.maxPerPrincipal(number("max-connections-per-principal", perPrincipal));
                }
                if (perAddress != null) {
                    limits.maxPerAddress(number("max-connections-per-address", perAddress));
                }
                b.connectionLimits(limits.build());
            } else if (attribute(config, LongPollServlet.CONNECTION_LIMITS_ATTRIBUTE) instanceof ConnectionLimits shared) {
                b.connectionLimits(shared);
            }
            String rate = config.getInitParameter("publishes-per-second");
            String burst = config.getInitParameter("publish-burst");
            if (rate != null || burst != null) {
                b.publishRateLimit(PublishRateLimit.of(
                        rate != null ? number("publishes-per-second", rate) : PublishRateLimit.DEFAULT_PER_SECOND,
                        burst != null ? number("publish-burst", burst) : PublishRateLimit.DEFAULT_BURST));
            } else if (attribute(config, LongPollServlet.PUBLISH_RATE_LIMIT_ATTRIBUTE) instanceof PublishRateLimit shared) {
                b.publishRateLimit(shared);
            }
            String origins = config.getInitParameter("allowed-origins");
            if (origins == null) {
                origins = config.getInitParameter("cors-origins"); // its name before 0.1.0
            }
            if (origins != null && !origins.isBlank()) {
                b.allowedOrigins(Arrays.stream(origins.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList());
            }
            String hosts = config.getInitParameter("allowed-hosts");
            if (hosts != null && !hosts.isBlank()) {
                b.allowedHosts(Arrays.stream(hosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList());
            }
            if (attribute(config, LongPollServlet.AUTHORIZER_ATTRIBUTE) instanceof Authorizer a) {
                b.authorizer(a);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ServletException("servlet " + config.getServletName() + ": " + e.getMessage(), e);
        }
    }

    private static Object attribute(ServletConfig config, String name) {
        return config.getServletContext() != null ? config.getServletContext().getAttribute(name) : null;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " \"" + value + "\" is not a whole number");
        }
    }
}
