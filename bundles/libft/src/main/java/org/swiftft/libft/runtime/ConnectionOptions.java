package org.swiftft.libft.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.swiftft.libft.runtime.wire.ControlProtocol;

/**
 * How to connect to the runtime: the request handlers (given before connecting, so that no request
 * finds the application unprepared) and, for a self-registration, what the runtime needs to restart
 * this process. Not thread-safe; build it on one thread, then {@link #connect()} or {@link #register()}.
 */
public final class ConnectionOptions {

    final Map<String, RequestHandler> handlers = new LinkedHashMap<>();
    Map<String, String> environment = System.getenv();
    Path socket;
    String name;
    List<String> commandLine = currentCommandLine();
    String workingDirectory = System.getProperty("user.dir");
    Map<String, String> restartEnvironment;
    long heartbeatTimeoutMillis;
    String policy;
    long stopGraceMillis = -1;

    /** Set by the runtime for each launch: never carried into a restart from an old one. */
    private static final java.util.Set<String> PER_LAUNCH = java.util.Set.of(RuntimeConnection.ENV_APP, RuntimeConnection.ENV_TOKEN,
            ControlProtocol.ENV_CONTROL, "SWIFT_HEARTBEAT", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID");

    ConnectionOptions() {
    }

    /**
     * Answers the requests named {@code verb} ({@link RuntimeConnection#CHECKPOINT},
     * {@link RuntimeConnection#PREPARE_STOP}, {@link RuntimeConnection#PROMOTE}, or one of the
     * operator's own through {@code app:request}). A request with no handler is answered with an error.
     */
    public ConnectionOptions onRequest(String verb, RequestHandler handler) {
        if (!ControlProtocol.isVerb(verb)) {
            throw new IllegalArgumentException("request verb '" + verb + "' must be 1 to 32 of A-Z, 0-9, _");
        }
        handlers.put(verb, Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /** The runtime's application socket; by default {@code SWIFT_CONTROL}, else {@code -Dswift.control}. */
    public ConnectionOptions socket(Path socket) {
        this.socket = socket;
        return this;
    }

    /**
     * The application's name for a self-registration: 1 to 64 letters, digits, {@code .-_}.
     *
     * @throws IllegalArgumentException naming the name when it is not one
     */
    public ConnectionOptions name(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("application name '" + name + "' must be 1-64 letters, digits, '.', '-' or '_'");
        }
        this.name = name;
        return this;
    }

    /**
     * What the runtime runs to restart this application after a failure; by default this process's
     * own command line. Empty: the runtime cannot restart it, and its first failure leaves it FAILED.
     */
    public ConnectionOptions commandLine(List<String> commandLine) {
        this.commandLine = List.copyOf(commandLine);
        return this;
    }

    /** Where a restart runs; by default this process's working directory. */
    public ConnectionOptions workingDirectory(String workingDirectory) {
        this.workingDirectory = workingDirectory;
        return this;
    }

    /**
     * The environment a restart runs with, on top of the runtime's; by default this process's own
     * (less the variables the runtime sets for each launch), so that a restart runs as this process did.
     */
    public ConnectionOptions restartEnvironment(Map<String, String> variables) {
        this.restartEnvironment = Map.copyOf(variables);
        return this;
    }

    /** No heartbeat for this long is a hang; 0 (the default) for no heartbeat deadline. */
    public ConnectionOptions heartbeatTimeoutMillis(long heartbeatTimeoutMillis) {
        this.heartbeatTimeoutMillis = heartbeatTimeoutMillis;
        return this;
    }

    /** The restart policy's name ({@code scripts/NAME.groovy}); by default {@code restart}. */
    public ConnectionOptions policy(String policy) {
        this.policy = policy;
        return this;
    }

    /** Time between SIGTERM and SIGKILL when the runtime stops this application. */
    public ConnectionOptions stopGraceMillis(long stopGraceMillis) {
        this.stopGraceMillis = stopGraceMillis;
        return this;
    }

    /** The environment to read {@code SWIFT_*} from, instead of this process's: for tests and launchers. */
    public ConnectionOptions environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /**
     * Connects as the application the runtime launched ({@code SWIFT_APP}, {@code SWIFT_TOKEN},
     * {@code SWIFT_CONTROL}).
     *
     * @return empty when those variables are absent: the process was not launched by SwiFT and runs unchanged
     * @throws IOException when the runtime cannot be reached or refuses the token; the message says which
     */
    public Optional<RuntimeConnection> connect() throws IOException {
        Optional<String> launchedAs = launchedAs();
        if (launchedAs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RuntimeConnection.open(this, launchedAs.get(), false));
    }

    /**
     * Asks the runtime to watch this process (the original FtRegWatch). When the runtime itself
     * launched it under this name (a restart after a failure), this connects as {@link #connect()} does
     * instead. A registered process that loses its runtime keeps running, and the connection registers
     * again when the runtime is back.
     *
     * @throws IOException              when the runtime cannot be reached or refuses; the message says why
     * @throws IllegalArgumentException when no name is set
     * @throws IllegalStateException    when the runtime launched this process under another name
     */
    public RuntimeConnection register() throws IOException {
        if (name == null) {
            throw new IllegalArgumentException("a self-registration needs the application's name: ConnectionOptions.name(...)");
        }
        Optional<String> launchedAs = launchedAs();
        if (launchedAs.isPresent() && !launchedAs.get().equals(name)) {
            throw new IllegalStateException("this process was launched by the SwiFT runtime as '" + launchedAs.get()
                    + "' and is watched already: register under that name (or use connect()), not as '" + name + "'");
        }
        return RuntimeConnection.open(this, name, launchedAs.isEmpty());
    }

    private Optional<String> launchedAs() {
        String app = environment.get(RuntimeConnection.ENV_APP);
        String token = environment.get(RuntimeConnection.ENV_TOKEN);
        String control = environment.get(RuntimeConnection.ENV_CONTROL);
        if (blank(app) || blank(token) || blank(control)) {
            return Optional.empty();
        }
        return Optional.of(app);
    }

    /** The socket: set, or from the environment, or from {@code -Dswift.control}. */
    /** @throws IllegalArgumentException when no socket is known */
    Path socket() {
        if (socket != null) {
            return socket;
        }
        String control = environment.get(RuntimeConnection.ENV_CONTROL);
        if (blank(control)) {
            control = System.getProperty("swift.control");
        }
        if (blank(control)) {
            throw new IllegalArgumentException("where is the runtime? Set ConnectionOptions.socket(...), " + RuntimeConnection.ENV_CONTROL
                    + " or -Dswift.control to its application socket (SWIFT_HOME/run/app.sock)");
        }
        return Path.of(control);
    }

    /** The REGISTER line's key=value words. */
    Map<String, String> registration() {
        Map<String, String> values = new LinkedHashMap<>();
        if (!commandLine.isEmpty()) {
            values.put(ControlProtocol.KEY_COMMAND_LINE, quoted(commandLine));
        }
        if (workingDirectory != null) {
            values.put(ControlProtocol.KEY_WORKING_DIRECTORY, workingDirectory);
        }
        if (heartbeatTimeoutMillis > 0) {
            values.put(ControlProtocol.KEY_HEARTBEAT_TIMEOUT, Long.toString(heartbeatTimeoutMillis));
        }
        if (policy != null) {
            values.put(ControlProtocol.KEY_POLICY, policy);
        }
        if (stopGraceMillis >= 0) {
            values.put(ControlProtocol.KEY_STOP_GRACE, Long.toString(stopGraceMillis));
        }
        Map<String, String> variables = restartEnvironment != null ? restartEnvironment : environment;
        variables.forEach((name, value) -> {
            if (!PER_LAUNCH.contains(name) && !name.contains(" ") && !name.contains("=")) {
                values.put(ControlProtocol.KEY_ENVIRONMENT_PREFIX + name, value);
            }
        });
        return values;
    }

    /** Each word in single quotes, a quote inside as {@code '\''}: how a watch file's command.line is read. */
    static String quoted(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add("'" + word.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    /**
     * This process's command line from {@code /proc/self/cmdline}, whole: ProcessHandle.Info stops at
     * an empty argument and gives nothing past one page, so a long class path would be lost.
     */
    static List<String> currentCommandLine() {
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> words = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    words.add(new String(bytes, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (!words.isEmpty()) {
                // the executable as the kernel knows it, in case argv[0] is not a path (java found on PATH)
                ProcessHandle.current().info().command().ifPresent(command -> words.set(0, command));
            }
            return words;
        } catch (IOException | RuntimeException e) {
            return List.of(); // no /proc: the runtime cannot restart this process unless commandLine(...) is given
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
