package org.swiftft.demo;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a counter runs: its command line and the variables the runtime sets.
 *
 * @param set            the replication set's name (with {@code --plain}, only a label)
 * @param plain          plain files in this directory instead of the set, or null
 * @param socket         the runtime's replication socket, or null for the one beside {@code SWIFT_CONTROL}
 * @param standbyFiles   where a standby reads the replicated files to keep itself warm, or null
 * @param standby        {@code SWIFT_ROLE=standby}: wait for PROMOTE before serving
 * @param promoteOnStdin a line {@code PROMOTE [EPOCH]} on stdin promotes, as the runtime's request does
 */
record CounterSettings(String set, Path plain, Path socket, Path standbyFiles, String host, int port,
        long checkpointEvery, boolean standby, long epoch, boolean promoteOnStdin) {

    static final String USAGE = "usage: Counter --set NAME [--port N] [--socket PATH] [--checkpoint-every N]"
            + " [--plain DIR] [--dir DIR] [--promote-on-stdin]\n"
            + "  environment: SWIFT_ROLE=primary|standby, SWIFT_HOST (127.0.0.1), SWIFT_EPOCH (0),"
            + " COUNTER_PORT (9100, --port wins)";

    /** @throws IllegalArgumentException saying which option or variable is wrong, and how */
    static CounterSettings parse(String[] args, Map<String, String> environment) {
        String set = null;
        Path plain = null;
        Path socket = null;
        Path standbyFiles = null;
        String port = environment.getOrDefault("COUNTER_PORT", "9100");
        String checkpointEvery = "100";
        boolean promoteOnStdin = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--promote-on-stdin")) {
                promoteOnStdin = true;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value or is unknown");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--set" -> set = value;
                case "--plain" -> plain = Path.of(value);
                case "--socket" -> socket = Path.of(value);
                case "--dir" -> standbyFiles = Path.of(value);
                case "--port" -> port = value;
                case "--checkpoint-every" -> checkpointEvery = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        if (set == null && plain == null) {
            throw new IllegalArgumentException("which replication set? Give --set NAME (or --plain DIR to run without a cluster)");
        }
        if (set == null) {
            set = plain.toAbsolutePath().normalize().getFileName().toString();
        }
        String role = value(environment, "SWIFT_ROLE", "primary");
        if (!role.equals("primary") && !role.equals("standby")) {
            throw new IllegalArgumentException("SWIFT_ROLE is '" + role + "'; it must be primary or standby");
        }
        return new CounterSettings(set, plain, socket, plain != null ? plain : standbyFiles,
                value(environment, "SWIFT_HOST", "127.0.0.1"), (int) number("--port / COUNTER_PORT", port, 0, 65_535),
                number("--checkpoint-every", checkpointEvery, 1, Long.MAX_VALUE), role.equals("standby"),
                number("SWIFT_EPOCH", value(environment, "SWIFT_EPOCH", "0"), 0, Long.MAX_VALUE), promoteOnStdin);
    }

    private static String value(Map<String, String> environment, String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static long number(String what, String value, long min, long max) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(what + " is '" + value + "'; it must be a whole number from " + min + " to " + max);
    }
}
