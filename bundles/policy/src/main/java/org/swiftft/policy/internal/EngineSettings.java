package org.swiftft.policy.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The engine's configuration, checked: a value that is not a number, or out of range, is replaced
 * by the value in force (or the default) and named in {@link #problems()}, so a typo in
 * {@code etc/org.swiftft.policy.cfg} never stops the engine.
 */
record EngineSettings(Path folder, long deadlineMillis, int brokenAfter, long settleMillis, int maxThreads,
        List<String> problems) {

    static final EngineSettings DEFAULTS = new EngineSettings(null, 100, 3, 50, 16, List.of());

    /**
     * @param fallback      the settings in force, whose values replace bad ones
     * @param defaultFolder the folder when {@code scripts.dir} is empty
     */
    static EngineSettings of(PolicyEngineConfiguration config, EngineSettings fallback, Path defaultFolder) {
        List<String> problems = new ArrayList<>();
        String dir = read("scripts.dir", config::scripts_dir, "", problems);
        Path folder = dir.isBlank() ? defaultFolder : Path.of(dir).toAbsolutePath().normalize();
        long deadline = atLeast("call.deadline.ms", read("call.deadline.ms", config::call_deadline_ms,
                fallback.deadlineMillis, problems), 1, fallback.deadlineMillis, problems);
        int brokenAfter = (int) atLeast("broken.after.timeouts", read("broken.after.timeouts",
                config::broken_after_timeouts, fallback.brokenAfter, problems), 1, fallback.brokenAfter, problems);
        long settle = atLeast("settle.ms", read("settle.ms", config::settle_ms, fallback.settleMillis, problems), 0,
                fallback.settleMillis, problems);
        int threads = (int) atLeast("max.call.threads", read("max.call.threads", config::max_call_threads,
                fallback.maxThreads, problems), 1, fallback.maxThreads, problems);
        return new EngineSettings(folder, deadline, brokenAfter, settle, threads, List.copyOf(problems));
    }

    /** Declarative Services converts a value when it is read: a bad one throws there. */
    private static <T> T read(String key, Supplier<T> value, T fallback, List<String> problems) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            problems.add(key + ": " + e.getMessage() + " is not a valid value; using " + fallback);
            return fallback;
        }
    }

    private static long atLeast(String key, long value, long minimum, long fallback, List<String> problems) {
        if (value >= minimum) {
            return value;
        }
        problems.add(key + " = " + value + " is below " + minimum + "; using " + fallback);
        return fallback;
    }
}
