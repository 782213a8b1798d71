package org.swiftft.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.stream.Collectors;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.detector.ApplicationDTO;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.detector.HistoryEntryDTO;
import org.swiftft.detector.VerdictDTO;
import org.swiftft.detector.WatchSpec;
import org.swiftft.heartbeat.HeartbeatDeadlines;
import org.swiftft.shell.internal.RuntimeCommands.Property;

/** {@code app:} watched applications. */
@Component(service = AppCommands.class, property = {"osgi.command.scope=app", "osgi.command.function=list",
        "osgi.command.function=history", "osgi.command.function=info", "osgi.command.function=log", "osgi.command.function=watch", "osgi.command.function=unwatch",
        "osgi.command.function=start", "osgi.command.function=stop", "osgi.command.function=restart",
        "osgi.command.function=maintenance", "osgi.command.function=request"})
public class AppCommands {

    private static final long WAIT_SECONDS = 60;

    private static final int LOG_LINES = 50;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApplicationSupervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HeartbeatDeadlines heartbeats;

    private Path logFolder;

    @Activate
    void activate(BundleContext context) {
        String home = context.getProperty("swift.home");
        logFolder = Path.of(home == null ? "." : home, "data", "log");
    }

    @Descriptor("Show one application in detail: state, last failure, heartbeat deadlines, open regions")
    public Rows<Property> info(@Descriptor("application name") String name) {
        ApplicationDTO app = service().application(name).orElseThrow(() -> new IllegalArgumentException(
                "no application named '" + name + "' is watched (app:list shows them)"));
        long now = System.currentTimeMillis();
        List<Property> rows = new ArrayList<>();
        rows.add(new Property("name", app.name));
        rows.add(new Property("state", app.state + (app.reason == null ? "" : ": " + app.reason)));
        rows.add(new Property("watched from", app.origin.toString().toLowerCase()));
        rows.add(new Property("pid", app.pid < 0 ? "-" : Long.toString(app.pid)));
        rows.add(new Property("up", app.pid < 0 ? "-" : Durations.of(now - app.startedAt)));
        rows.add(new Property("restarts", Integer.toString(app.restarts)));
        rows.add(new Property("failures in a row", Integer.toString(app.consecutiveFailures)));
        rows.add(new Property("last failure", lastFailure(app.lastVerdict, now)));
        rows.add(new Property("restart policy", app.policy));
        rows.add(new Property("libft connection", app.connected ? "open (app:request works)" : "none"));
        rows.add(new Property("log", logFolder.resolve(name + ".log").toString()));
        HeartbeatDeadlines deadlines = heartbeats;
        if (deadlines != null) {
            deadlines.application(name).ifPresent(beat -> {
                rows.add(new Property("ready", beat.ready ? "yes" : "no"));
                rows.add(new Property("heartbeat timeout", beat.timeoutMillis == 0 ? "-" : beat.timeoutMillis + " ms"
                        + (beat.timeoutAnnounced ? " (announced by the application)" : "")));
                rows.add(new Property("last heartbeat", beat.lastBeat == 0 ? "never" : Durations.of(now - beat.lastBeat) + " ago"));
                rows.add(new Property("open regions", beat.openRegions.stream()
                        .map(r -> r.name + " (due in " + (r.deadline - now) + " ms)").collect(Collectors.joining(", "))));
                rows.add(new Property("status", beat.statusText == null ? "" : beat.statusText));
            });
        }
        return new Rows<>(rows, Column.of("PROPERTY", Property::name), Column.of("VALUE", Property::value));
    }

    @Descriptor("Show the last lines an application wrote (stdout and stderr), from data/log/NAME.log")
    public String log(
            @Descriptor("follow: print new lines as they come, until interrupted (Ctrl-C)")
            @Parameter(names = {"-f", "--follow"}, presentValue = "true", absentValue = "false") boolean follow,
            @Descriptor("application name") String name) throws IOException, InterruptedException {
        service().application(name).orElseThrow(() -> new IllegalArgumentException(
                "no application named '" + name + "' is watched (app:list shows them)"));
        Path log = logFolder.resolve(name + ".log");
        if (!Files.exists(log)) {
            return name + " has written nothing yet (" + log + ")";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        if (!follow) {
            return tail;
        }
        System.out.println(tail);
        follow(log);
        return null;
    }

    /** Prints what is appended to the file until the thread is interrupted (Ctrl-C, or bin/swift hanging up). */
    private static void follow(Path log) throws IOException, InterruptedException {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(channel.size());
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (!Thread.currentThread().isInterrupted()) {
                if (channel.size() < channel.position()) {
                    channel.position(0); // rotated: the file started again
                }
                buffer.clear();
                int read = channel.read(buffer);
                if (read > 0) {
                    System.out.write(buffer.array(), 0, read);
                    System.out.flush();
                } else {
                    Thread.sleep(200);
                }
            }
        }
    }

    @Descriptor("List watched applications: state, pid, uptime, restarts, last failure, last heartbeat or passing probe, open regions")
    public Rows<ApplicationDTO> list() {
        return table(service().applications());
    }

    @Descriptor("Show an application's recent verdicts and actions, oldest first")
    public Rows<HistoryEntryDTO> history(@Descriptor("application name") String name) {
        return new Rows<>(service().history(name),
                Column.of("TIME", h -> Instant.ofEpochMilli(h.time)),
                Column.of("EVENT", h -> h.type),
                Column.of("DECISION", h -> h.decision == null ? "" : h.decision),
                Column.of("DETAIL", h -> h.message == null ? "" : h.message));
    }

    @Descriptor("Launch a command and supervise it: restarted per its restart policy when it crashes or hangs")
    public Rows<ApplicationDTO> watch(
            @Descriptor("heartbeat timeout in ms; 0: the command does not heartbeat")
            @Parameter(names = {"-t", "--heartbeat-timeout"}, absentValue = "0") long heartbeatTimeout,
            @Descriptor("restart policy (scripts/NAME.groovy)")
            @Parameter(names = {"-p", "--policy"}, absentValue = "restart") String policy,
            @Descriptor("application name") String name,
            @Descriptor("the command, then its arguments") String[] command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("app:watch NAME COMMAND [ARGS...]: no command given for " + name);
        }
        WatchSpec spec = new WatchSpec();
        spec.name = name;
        spec.command = command[0];
        spec.args = List.of(command).subList(1, command.length);
        spec.heartbeatTimeoutMillis = heartbeatTimeout;
        spec.policy = policy;
        return table(List.of(service().watch(spec)));
    }

    @Descriptor("Stop an application and forget it")
    public String unwatch(@Descriptor("application name") String name) throws Exception {
        return await(service().unwatch(name)) ? name + " unwatched" : "no application named '" + name + "' was watched";
    }

    @Descriptor("Start a stopped or failed application")
    public Rows<ApplicationDTO> start(@Descriptor("application name") String name) throws Exception {
        return table(List.of(await(service().start(name))));
    }

    @Descriptor("Stop an application on purpose (SIGTERM, then SIGKILL after its grace period); it stays stopped")
    public Rows<ApplicationDTO> stop(@Descriptor("application name") String name) throws Exception {
        return table(List.of(await(service().stop(name))));
    }

    @Descriptor("Stop, then start an application (an operator's restart, not a failure)")
    public Rows<ApplicationDTO> restart(@Descriptor("application name") String name) throws Exception {
        return table(List.of(await(service().restart(name))));
    }

    @Descriptor("Send a request to an application connected through libft (CHECKPOINT, PREPARE_STOP, PROMOTE, or one"
            + " of its own) and show its answer")
    public String request(
            @Descriptor("how long to wait for the answer, in ms")
            @Parameter(names = {"-t", "--timeout"}, absentValue = "10000") long timeout,
            @Descriptor("application name") String name,
            @Descriptor("the request's verb, such as CHECKPOINT") String verb,
            @Descriptor("the request's argument, if any") String[] argument) throws Exception {
        if (timeout <= 0) {
            throw new IllegalArgumentException("the timeout (-t) must be a positive number of milliseconds, not " + timeout);
        }
        String answer = await(service().request(name, verb, String.join(" ", argument), timeout));
        return name + " answered " + verb + (answer.isEmpty() ? "" : ": " + answer);
    }

    @Descriptor("Maintenance for one application: its failures are recorded, not recovered")
    public Rows<ApplicationDTO> maintenance(@Descriptor("application name") String name,
            @Descriptor("on or off") String onOrOff) {
        return table(List.of(service().maintenance(name, onOff(onOrOff))));
    }

    @Descriptor("Maintenance for the whole runtime: every failure is recorded, none recovered")
    public String maintenance(@Descriptor("on or off") String onOrOff) {
        service().maintenance(onOff(onOrOff));
        return "runtime-wide maintenance " + (service().maintenance() ? "on" : "off");
    }

    private static boolean onOff(String word) {
        switch (word.toLowerCase()) {
            case "on":
            case "true":
                return true;
            case "off":
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("maintenance takes on or off, not '" + word + "'");
        }
    }

    private ApplicationSupervisor service() {
        ApplicationSupervisor service = supervisor;
        if (service == null) {
            throw new IllegalStateException("the detector is not running: feature:install detector");
        }
        return service;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("not done within " + WAIT_SECONDS + " s; app:list shows where it stands", e);
        }
    }

    private static Rows<ApplicationDTO> table(List<ApplicationDTO> applications) {
        long now = System.currentTimeMillis();
        return new Rows<>(applications,
                Column.of("NAME", a -> a.name),
                Column.of("STATE", a -> a.state),
                Column.of("PID", a -> a.pid < 0 ? "-" : a.pid),
                Column.of("UPTIME", a -> a.pid < 0 || a.startedAt == 0 ? "-" : Durations.of(now - a.startedAt)),
                Column.of("RESTARTS", a -> a.restarts),
                Column.of("LAST FAILURE", a -> lastFailure(a.lastVerdict, now)),
                Column.of("LIFE SIGN", a -> a.lastSignOfLifeAt == 0 ? "-" : Durations.of(now - a.lastSignOfLifeAt) + " ago"),
                Column.of("REGIONS", a -> a.openRegions.isEmpty() ? "-" : String.join(",", a.openRegions)),
                Column.of("POLICY", a -> a.policy),
                Column.of("REASON", a -> a.reason == null ? "" : a.reason));
    }

    private static String lastFailure(VerdictDTO verdict, long now) {
        return verdict == null ? "-" : verdict.kind + " " + verdict.message + ", " + Durations.of(now - verdict.time) + " ago";
    }
}
