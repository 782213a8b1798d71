package org.swiftft.demo;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.swiftft.libft.heartbeat.HeartbeatClient;
import org.swiftft.libft.runtime.RuntimeConnection;

/**
 * The stateful demo for cluster fail-over: named counters served over TCP, every acknowledged change
 * kept across a SIGKILL of the primary's host. Its files ({@code counter.checkpoint}, see
 * {@link CounterSnapshot}; {@code counter.journal}, see {@link CounterJournal}) live in a replication
 * set's directory written through libft's replicated files, so the standby on a backup finds them.
 *
 * <pre>
 * Counter --set NAME [--port N] [--socket PATH] [--checkpoint-every N] [--plain DIR] [--dir DIR] [--promote-on-stdin]
 * </pre>
 *
 * <ul>
 * <li>{@code SWIFT_ROLE=primary} (the default) recovers, listens on {@code SWIFT_HOST} (127.0.0.1) at
 * {@code --port}, else {@code COUNTER_PORT}, else 9100, and prints {@code serving on HOST:PORT at seq N}.
 * <li>{@code SWIFT_ROLE=standby} opens no port and writes nothing; it waits for the runtime's
 * {@code PROMOTE EPOCH} request, then recovers from the files replicated meanwhile, serves, and answers
 * {@code promoted at seq N}. {@code --dir DIR} names the set's directory on this host, so that the
 * standby keeps warm by reading it (libft tells a process the directory only once it is primary).
 * <li>{@code --plain DIR}: plain files in DIR, no runtime needed; {@code --promote-on-stdin}: a line
 * {@code PROMOTE [EPOCH]} on stdin promotes a standby as the runtime's request does.
 * <li>SIGTERM stops accepting, answers the requests in flight, and exits 0; a change that can no longer
 * be made durable (the runtime ended the writer: this node is no longer primary) exits 1.
 * </ul>
 * The protocol is {@link CounterProtocol}'s. {@code SWIFT_EPOCH} is the epoch ROLE reports until a
 * promotion brings a new one. Under a runtime it heartbeats, sends READY once serving or waiting,
 * answers CHECKPOINT with a snapshot, and acknowledges PREPARE_STOP (SIGTERM does the stopping).
 */
public final class Counter {

    private static final long BEAT_EVERY_MS = 200;
    private static final long STOP_GRACE_MS = 10_000;

    private final CounterSettings settings;
    private volatile long epoch;
    private volatile int exitStatus;
    // set before any request can come, read by the runtime's request thread and the standby's warm-ups
    private volatile Optional<RuntimeConnection> runtime = Optional.empty();
    private volatile Optional<HeartbeatClient> heartbeat = Optional.empty();
    private CounterStandby standby;
    private CounterStore store;
    private CounterServer server;

    private Counter(CounterSettings settings) {
        this.settings = settings;
        this.epoch = settings.epoch();
    }

    public static void main(String[] args) throws InterruptedException {
        CounterSettings settings;
        try {
            settings = CounterSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("counter: " + e.getMessage() + "\n" + CounterSettings.USAGE);
            System.exit(2);
            return;
        }
        Counter counter = new Counter(settings);
        try {
            counter.start();
        } catch (Exception e) {
            counter.exit(1, "counter: cannot start: " + e.getMessage());
        }
        new CountDownLatch(1).await(); // the work is on other threads; the JVM ends through exit or a signal
    }

    private void start() throws Exception {
        System.out.println("counter: set " + settings.set() + ", role " + (settings.standby() ? "standby" : "primary")
                + ", epoch " + epoch + (settings.plain() != null ? ", plain files in " + settings.plain() : ", replicated"));
        // halts with exitStatus: the JVM's own status after SIGTERM is 143, and a clean stop is 0
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopGracefully, "counter-stop"));
        connectToTheRuntime();
        if (!settings.standby()) {
            serve(epoch);
            return;
        }
        if (runtime.isEmpty() && !settings.promoteOnStdin()) {
            throw new IllegalStateException("a standby waits for PROMOTE, but no SwiFT runtime launched this process"
                    + " (SWIFT_APP, SWIFT_TOKEN, SWIFT_CONTROL) and --promote-on-stdin is not given");
        }
        synchronized (this) {
            if (store != null) {
                return; // the runtime's PROMOTE came first: serving already
            }
            standby = CounterStandby.start(settings.standbyFiles(), this::status,
                    settings.promoteOnStdin() ? this::promote : null);
            System.out.println("standby for set " + settings.set() + " at epoch " + epoch + ": waiting for PROMOTE");
        }
        heartbeat.ifPresent(HeartbeatClient::ready); // start-up is over: the runtime's heartbeat clock may start
    }

    /** PROMOTE for the runtime's requests and stdin: argument the new epoch, blank to keep the current one. */
    private synchronized String promote(String argument) throws IOException {
        if (store != null) {
            return "already primary at seq " + store.seq() + ", epoch " + epoch;
        }
        long newEpoch = argument == null || argument.isBlank() ? epoch
                : CounterSettings.number("PROMOTE's epoch", argument, 0, Long.MAX_VALUE);
        serve(newEpoch);
        if (standby != null) {
            standby.stop(); // only now: a failed promotion leaves a standby that is still warm
        }
        String answer = "promoted at seq " + store.seq();
        System.out.println(answer);
        return answer;
    }

    /**
     * Recovers, opens the files for writing and the port; on failure closes what it opened, so that a
     * standby can be promoted again.
     */
    private synchronized void serve(long newEpoch) throws IOException {
        CounterFiles files = settings.plain() != null ? new PlainCounterFiles(settings.plain())
                : ReplicatedCounterFiles.open(settings.set(), settings.socket());
        CounterStore opened;
        try {
            opened = CounterStore.open(files, settings.checkpointEvery(), this::failed,
                    line -> System.out.println("counter: " + line));
        } catch (IOException | RuntimeException e) {
            files.close();
            throw e;
        }
        epoch = newEpoch;
        try {
            server = CounterServer.start(settings.host(), settings.port(),
                    new CounterProtocol(opened, () -> "primary EPOCH " + epoch));
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        store = opened;
        String serving = "serving on " + settings.host() + ":" + server.port() + " at seq " + opened.seq();
        System.out.println(serving);
        status("primary, " + serving + ", epoch " + epoch);
        heartbeat.ifPresent(HeartbeatClient::ready);
    }

    /** Requests before serving find no store; the handlers say so rather than fail obscurely. */
    private void connectToTheRuntime() {
        try {
            runtime = RuntimeConnection.options()
                    .onRequest(RuntimeConnection.PROMOTE, this::promote)
                    .onRequest(RuntimeConnection.CHECKPOINT, reason -> checkpoint())
                    .onRequest(RuntimeConnection.PREPARE_STOP, grace -> "stopping after the requests in flight")
                    .connect();
        } catch (IOException e) {
            System.out.println("counter: no connection to the runtime (" + e.getMessage() + "); going on without");
        }
        heartbeat = runtime.flatMap(RuntimeConnection::heartbeat).or(HeartbeatClient::fromEnvironment);
        heartbeat.ifPresent(client -> {
            ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "counter-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            beats.scheduleAtFixedRate(client::beat, 0, BEAT_EVERY_MS, TimeUnit.MILLISECONDS);
        });
    }

    private String checkpoint() throws IOException {
        CounterStore current;
        synchronized (this) {
            current = store;
        }
        if (current == null) {
            return "no checkpoint: a standby writes none (the primary's are replicated here)";
        }
        return "checkpoint at seq " + current.checkpoint();
    }

    private void status(String text) {
        heartbeat.ifPresent(client -> client.status(text));
    }

    /** The store can no longer make changes durable: exit, so that the cluster fails over. */
    private void failed(IOException e) {
        new Thread(() -> exit(1, "counter: changes can no longer be made durable (" + e.getMessage()
                + "); exiting so that a standby takes over"), "counter-exit").start();
    }

    private void exit(int status, String message) {
        exitStatus = status;
        System.err.println(message);
        System.exit(status);
    }

    /** The shutdown hook: finish the requests in flight, close the files, end with {@link #exitStatus}. */
    private void stopGracefully() {
        try {
            synchronized (this) {
                if (standby != null) {
                    standby.stop();
                }
                if (server != null) {
                    server.stop(STOP_GRACE_MS);
                }
                if (store != null) {
                    store.close();
                    System.out.println("counter: stopped at seq " + store.seq());
                }
                runtime.ifPresent(RuntimeConnection::close);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            e.printStackTrace(); // halt() would swallow it
            exitStatus = Math.max(exitStatus, 1);
        } finally {
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitStatus);
        }
    }
}
