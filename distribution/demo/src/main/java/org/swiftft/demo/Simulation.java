package org.swiftft.demo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CriticalRegion;
import org.swiftft.checkpoint.RecoverableState;
import org.swiftft.checkpoint.StateProvider;
import org.swiftft.journal.Durability;
import org.swiftft.journal.JournalOptions;
import org.swiftft.journal.JournalRecord;
import org.swiftft.libft.checkpoint.CheckpointRequests;
import org.swiftft.libft.checkpoint.Checkpoints;
import org.swiftft.libft.heartbeat.HeartbeatClient;
import org.swiftft.libft.journal.Journals;
import org.swiftft.libft.runtime.RuntimeConnection;

/**
 * The paper's long-running computation: heat spreading on a ring of cells, driven by input messages
 * (each a burst of impulses). Every message is logged to the journal before it is applied; the cells
 * live in a checkpointed off-heap region and the count of messages applied in a state provider. Killed
 * at any instant and restarted, it recovers the checkpoint, replays the messages logged since, and
 * goes on: it finishes with exactly the result an uninterrupted run has, which it prints and writes
 * to {@code STATE/result}. Then it idles, heartbeating, until stopped.
 *
 * <p>{@code Simulation [--messages N] [--cells N] [--checkpoint-every N] [--pause-ms N] [--state DIR]};
 * the state folder defaults to {@code SWIFT_STATE} (the runtime gives every application its own),
 * else {@code ./simulation-state}.
 */
public final class Simulation {

    private static final int IMPULSES_PER_MESSAGE = 256;
    private static final long SEED = 1994; // the year of the original SwiFT paper's experiments, more or less

    private final Settings settings;
    private final RecoverableState state;
    private final DoubleBuffer cells;
    private final long[] applied = new long[1];
    private final AtomicBoolean checkpointDue = new AtomicBoolean();

    private Simulation(Settings settings) throws Exception {
        this.settings = settings;
        Files.createDirectories(settings.state);
        state = Checkpoints.recoverable(
                Checkpoints.open(settings.state.resolve("checkpoints"), "simulation", CheckpointOptions.defaults()),
                // one appender, blocking: each append its own fsync is faster than waiting for a group
                Journals.open(settings.state.resolve("journal"), "inputs", JournalOptions.defaults().withDurability(Durability.EVERY_APPEND)));
        CriticalRegion region = state.store().allocate("cells", settings.cells * Double.BYTES);
        cells = region.buffer().asDoubleBuffer();
        state.store().register("progress", new Progress());
        state.store().onRequest(reason -> checkpointDue.set(true)); // taken between two messages, a quiet point
    }

    public static void main(String[] args) throws Exception {
        Simulation simulation = new Simulation(Settings.parse(args));
        simulation.recover(); // first: a checkpoint request must find the recovered state, never blank memory
        Optional<RuntimeConnection> runtime = simulation.connect();
        Optional<HeartbeatClient> heartbeat = runtime.flatMap(RuntimeConnection::heartbeat).or(HeartbeatClient::fromEnvironment);
        heartbeat.ifPresent(HeartbeatClient::ready);
        simulation.run(heartbeat);
    }

    /** So that checkpoint:take works on it. */
    private Optional<RuntimeConnection> connect() {
        try {
            return RuntimeConnection.options()
                    .onRequest(RuntimeConnection.CHECKPOINT, CheckpointRequests.answeredBy(state.store())).connect();
        } catch (IOException e) {
            System.out.println("simulation: no connection to the runtime (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private void recover() throws Exception {
        RecoverableState.Recovery recovery = state.recover(this::apply);
        System.out.println("simulation: " + (recovery.checkpoint() == null ? "no checkpoint"
                : "checkpoint " + recovery.checkpoint().checkpoint().sequence) + ", " + recovery.replayed()
                + " messages replayed, " + applied[0] + " of " + settings.messages + " applied");
    }

    private void run(Optional<HeartbeatClient> heartbeat) throws Exception {
        while (applied[0] < settings.messages) {
            ByteBuffer message = message(applied[0] + 1);
            state.journal().append(message.duplicate()); // logged before it is applied
            apply(message);
            heartbeat.ifPresent(HeartbeatClient::beat);
            if (applied[0] % settings.checkpointEvery == 0 || checkpointDue.getAndSet(false)) {
                CheckpointDTO taken = state.checkpoint();
                System.out.println("simulation: checkpoint " + taken.sequence + " at message " + applied[0]);
            }
            if (settings.pauseMillis > 0) {
                Thread.sleep(settings.pauseMillis);
            }
        }
        String result = result();
        Files.writeString(settings.state.resolve("result"), result + "\n");
        System.out.println("simulation: finished, result " + result);
        while (true) { // done: idle, so that a supervisor has nothing to restart
            heartbeat.ifPresent(HeartbeatClient::beat);
            if (checkpointDue.getAndSet(false)) {
                state.checkpoint();
            }
            Thread.sleep(200);
        }
    }

    /** The input: where a real system would receive it, this one makes it from its number. */
    private ByteBuffer message(long number) {
        SplittableRandom random = new SplittableRandom(SEED * 1_000_003 + number);
        ByteBuffer message = ByteBuffer.allocate(IMPULSES_PER_MESSAGE * (Integer.BYTES + Double.BYTES));
        for (int i = 0; i < IMPULSES_PER_MESSAGE; i++) {
            message.putInt(random.nextInt(settings.cells)).putDouble(random.nextDouble(-1, 1));
        }
        return message.flip();
    }

    private void apply(JournalRecord record) {
        apply(record.payload());
    }

    /** Each impulse heats a cell, which then shares with its neighbours on the ring. */
    private void apply(ByteBuffer message) {
        ByteBuffer impulses = message.duplicate();
        int n = settings.cells;
        while (impulses.hasRemaining()) {
            int cell = impulses.getInt();
            double heat = cells.get(cell) + impulses.getDouble();
            int left = (cell + n - 1) % n;
            int right = (cell + 1) % n;
            cells.put(left, cells.get(left) + heat / 4);
            cells.put(right, cells.get(right) + heat / 4);
            cells.put(cell, heat / 2);
        }
        applied[0]++;
    }

    /** SHA-256 of the cells and the count: equal for equal states, to the bit. */
    private String result() throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer bytes = ByteBuffer.allocate(settings.cells * Double.BYTES);
        bytes.asDoubleBuffer().put(cells.duplicate().clear());
        digest.update(bytes);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(0, applied[0]));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The count of messages applied, as heap state. */
    private final class Progress implements StateProvider {
        @Override
        public void save(OutputStream out) throws IOException {
            new DataOutputStream(out).writeLong(applied[0]);
        }

        @Override
        public void restore(InputStream in) throws IOException {
            applied[0] = new DataInputStream(in).readLong();
        }
    }

    private record Settings(long messages, int cells, long checkpointEvery, long pauseMillis, Path state) {

        static Settings parse(String[] args) {
            long messages = 20_000;
            int cells = 1 << 17;
            long checkpointEvery = 500;
            long pause = 5;
            String env = System.getenv("SWIFT_STATE");
            Path state = Path.of(env == null || env.isBlank() ? "simulation-state" : env);
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--messages" -> messages = Long.parseLong(args[i + 1]);
                    case "--cells" -> cells = Integer.parseInt(args[i + 1]);
                    case "--checkpoint-every" -> checkpointEvery = Long.parseLong(args[i + 1]);
                    case "--pause-ms" -> pause = Long.parseLong(args[i + 1]);
                    case "--state" -> state = Path.of(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --messages, --cells, --checkpoint-every, --pause-ms, --state");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            return new Settings(messages, cells, checkpointEvery, pause, state);
        }
    }
}
