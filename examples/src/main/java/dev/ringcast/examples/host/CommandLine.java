package dev.ringcast.examples.host;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The flags of an example's {@code main}: {@code --name value} pairs from a fixed set, and
 * {@code --help}. Bad input ends the program with status 2 and a message that says what to pass.
 *
 * <p>Immutable once parsed; any thread.
 */
public final class CommandLine {

    private final Map<String, String> values;
    private final String usage;

    private CommandLine(Map<String, String> values, String usage) {
        this.values = values;
        this.usage = usage;
    }

    /**
     * Parses the arguments; prints the usage and exits 0 on {@code --help}, exits 2 on an
     * unknown flag or a flag without its value.
     *
     * @param args the arguments of {@code main}
     * @param allowed the flags the example takes, without their dashes, such as {@code "port"}
     * @param usage the text {@code --help} prints, and errors repeat
     * @return the parsed flags
     */
    public static CommandLine parse(String[] args, Set<String> allowed, String usage) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name == null || !allowed.contains(name)) {
                fail("unknown argument " + arg, usage);
            }
            if (i + 1 >= args.length) {
                fail("--" + name + " needs a value", usage);
            }
            values.put(name, args[++i]);
        }
        return new CommandLine(values, usage);
    }

    /**
     * @param fallback the default port
     * @return {@code --port}, or the default
     */
    public int port(int fallback) {
        String value = values.get("port");
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below says what is valid
        }
        fail("--port " + value + " is invalid: use 0 to 65535 (0 picks a free port)", usage);
        return fallback;
    }

    /**
     * @param name the flag, without dashes
     * @param fallback its default
     * @return its value, or the default
     */
    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * @param name the flag, without dashes; its value is an ISO-8601 duration such as {@code PT24H}
     * @param fallback its default
     * @return its value, or the default
     */
    public Duration duration(String name, Duration fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(value);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // the message below says what is valid
        }
        fail("--" + name + " " + value + " is invalid: use a positive ISO-8601 duration such as PT24H or PT0.5S", usage);
        return fallback;
    }

    private static void fail(String message, String usage) {
        PrintStream err = System.err;
        err.println(message);
        err.println();
        err.println(usage);
        System.exit(2);
    }
}
