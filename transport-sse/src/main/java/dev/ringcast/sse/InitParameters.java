package dev.ringcast.sse;

import dev.ringcast.core.TypeFilter;
import dev.ringcast.core.auth.Authorizer;
import dev.ringcast.http.ConnectionLimits;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@link SseSettings} from a servlet's init parameters, for {@code web.xml} users, with the
 * names the long-poll servlet reads: {@code topic-source} ({@code query} or {@code path}),
 * {@code fixed-topic}, {@code types-parameter} (comma-separated names), {@code default-types} (a
 * type filter such as {@code -log}), {@code heartbeat-ms}, {@code retry-ms} ({@code none} for no
 * {@code retry:} line), {@code max-topics}, {@code max-connections},
 * {@code max-connections-per-principal}, {@code max-connections-per-address},
 * {@code allowed-origins} and {@code allowed-hosts} (both comma-separated; {@code cors-origins}
 * is read as {@code allowed-origins}). Absent parameters keep their defaults. The authorizer,
 * which no text can name, is the servlet-context attribute {@link SseServlet#AUTHORIZER_ATTRIBUTE}
 * when one is set; without {@code max-connections*} parameters, the connection limits are the
 * attribute {@link SseServlet#CONNECTION_LIMITS_ATTRIBUTE} when one is set (counters shared with the
 * other transports).
 */
final class InitParameters {

    private InitParameters() {
    }

    static SseSettings settings(ServletConfig config) throws ServletException {
        SseSettings.Builder b = SseSettings.builder();
        try {
            String source = config.getInitParameter("topic-source");
            if (source != null) {
                switch (source.trim().toLowerCase(Locale.ROOT)) {
                    case "query" -> b.topicSource(SseSettings.TopicSource.QUERY);
                    case "path" -> b.topicSource(SseSettings.TopicSource.PATH);
                    default -> throw new IllegalArgumentException("topic-source \"" + source
                            + "\" is invalid: use query or path (or set fixed-topic)");
                }
            }
            String fixed = config.getInitParameter("fixed-topic");
            if (fixed != null) {
                b.fixedTopic(fixed.trim());
            }
            String types = config.getInitParameter("types-parameter");
            if (types != null) {
                b.typesParameter(list(types).toArray(new String[0]));
            }
            String defaultTypes = config.getInitParameter("default-types");
            if (defaultTypes != null) {
                b.defaultTypes(TypeFilter.parse(defaultTypes.trim()));
            }
            String heartbeat = config.getInitParameter("heartbeat-ms");
            if (heartbeat != null) {
                b.heartbeat(Duration.ofMillis(number("heartbeat-ms", heartbeat)));
            }
            String retry = config.getInitParameter("retry-ms");
            if (retry != null) {
                b.retry("none".equalsIgnoreCase(retry.trim()) ? null : Duration.ofMillis(number("retry-ms", retry)));
            }
            String maxTopics = config.getInitParameter("max-topics");
            if (maxTopics != null) {
                b.maxTopics(number("max-topics", maxTopics));
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
            } else if (attribute(config, SseServlet.CONNECTION_LIMITS_ATTRIBUTE) instanceof ConnectionLimits shared) {
                b.connectionLimits(shared);
            }
            String origins = config.getInitParameter("allowed-origins");
            if (origins == null) {
                origins = config.getInitParameter("cors-origins"); // the long-poll servlet's name before 0.1.0
            }
            if (origins != null && !origins.isBlank()) {
                b.allowedOrigins(list(origins));
            }
            String hosts = config.getInitParameter("allowed-hosts");
            if (hosts != null && !hosts.isBlank()) {
                b.allowedHosts(list(hosts));
            }
            if (attribute(config, SseServlet.AUTHORIZER_ATTRIBUTE) instanceof Authorizer a) {
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

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " \"" + value + "\" is not a whole number");
        }
    }
}
