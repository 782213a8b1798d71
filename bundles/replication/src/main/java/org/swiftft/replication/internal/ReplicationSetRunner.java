package org.swiftft.replication.internal;

import org.swiftft.libft.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.log.Logger;
import org.swiftft.libft.replication.wire.Operation;
import org.swiftft.replication.PeerStatusDTO;
import org.swiftft.replication.ReplicationException;
import org.swiftft.replication.ReplicationMode;
import org.swiftft.replication.ReplicationStatusDTO;
import org.swiftft.replication.ReplicationStatusDTO.State;
import org.swiftft.replication.Role;
import org.swiftft.replication.VerificationDTO;

/**
 * One configured set on this runtime, in its current role: a {@link ReplicationPump} fed by the
 * set's writer (replay mode) or its directory watcher (copy mode) while primary, a
 * {@link ReplicaBackup} while backup. Role changes come from {@link #assumeRole}; the role and epoch
 * are kept in {@link SetRoleFile} so that a restart comes back in them.
 *
 * <p>Thread-safe: role changes and writers are serialised on this object.
 */
final class ReplicationSetRunner implements AutoCloseable {

    /** A backup becoming primary applies its whole replica log first; beyond this it refuses the role. */
    private static final Duration APPLY_BEFORE_PROMOTION = Duration.ofSeconds(60);
    /** A peer whose oldest unacknowledged operation is older than this is catching up, not in sync. */
    private static final long IN_SYNC_LAG_MILLIS = 1_000;
    private static final long VERIFY_TIMEOUT_MINUTES = 10;

    private final SetSettings settings;
    private final Path stateDirectory;
    private final SetEvents events;
    private final ReplicationListener listener;
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastError;
    private final java.util.Map<String, String> lastLogged = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long lastErrorAt;
    private volatile Role role;
    private volatile long epoch;
    private volatile String failure;
    private volatile ReplicationPump pump;
    private volatile CopyModeSource copySource;
    private volatile ReplicaBackup backup;
    private final SetWriters writers;

    /** What the runner tells its owner: refusals and failures as events, role changes. */
    interface SetEvents {
        void refused(String set, String peer, String message);

        void roleChanged(String set, Role role, long epoch);

        void resynced(String set, String peer, String message);
    }

    ReplicationSetRunner(SetSettings settings, Path stateDirectory, SetEvents events, Logger log) {
        this.settings = settings;
        this.stateDirectory = stateDirectory;
        this.events = events;
        this.writers = new SetWriters(settings.name());
        this.listener = new ReplicationListener() {
            @Override
            public void refused(String peer, String message) {
                refused.incrementAndGet();
                error(message);
                if (firstTime(peer, message)) {
                    log.warn("replication set {}: refused {}: {}", settings.name(), peer, message);
                }
                events.refused(settings.name(), peer, message);
            }

            @Override
            public void resynced(String peer, String message) {
                log.info("replication set {}: backup {} {}", settings.name(), peer, message);
                events.resynced(settings.name(), peer, message);
            }

            @Override
            public void failed(String peer, String message) {
                error(message);
                if (firstTime(peer, message)) {
                    log.warn("replication set {}: {}: {}", settings.name(), peer, message);
                }
            }
        };
    }

    String name() {
        return settings.name();
    }

    SetSettings settings() {
        return settings;
    }

    /** A peer that stays down, or keeps being refused, is logged once per message, not at every attempt. */
    private boolean firstTime(String peer, String message) {
        return !message.equals(lastLogged.put(peer, message));
    }

    /** The set is well again (IN_SYNC, or a new role): an old error would only mislead. */
    void clearError() {
        lastLogged.clear();
        lastError = null;
        lastErrorAt = 0;
    }

    private void error(String message) {
        lastError = message;
        lastErrorAt = System.currentTimeMillis();
    }

    /** Takes the persisted role (or the configured one) and starts it. */
    synchronized void start() throws IOException {
        Files.createDirectories(settings.directory());
        SetRoleFile assumed = SetRoleFile.read(stateDirectory, settings.role());
        role = assumed.role();
        epoch = assumed.epoch();
        startRole();
    }

    private void startRole() throws IOException {
        if (role == Role.PRIMARY) {
            pump = new ReplicationPump(new PumpConfig(settings.name(), settings.directory(), stateDirectory.resolve("pump"),
                    settings.secret(), settings.level(), settings.peers(), epoch, settings.backpressureBytes(),
                    settings.logCapBytes(), settings.degradeAfter(), this::pauseWriters, listener));
            if (settings.mode() == ReplicationMode.COPY) {
                try {
                    copySource = new CopyModeSource(CopyModeConfig.of(settings.name(), settings.directory(),
                            stateDirectory.resolve("copy"), settings.level()).withQuiet(settings.quiet())
                            .withListener(listener), pump);
                } catch (IOException | RuntimeException e) {
                    pump.close();
                    pump = null;
                    throw e;
                }
            }
        } else {
            try {
                backup = new ReplicaBackup(new BackupConfig(settings.name(), settings.directory(),
                        stateDirectory.resolve("replica"), settings.secret(), settings.listen(),
                        org.swiftft.journal.Durability.GROUP_COMMIT, settings.logCapBytes(), listener));
            } catch (java.net.BindException e) {
                throw new IOException("listen = " + SetSettings.text(settings.listen()) + " cannot be bound (" + e.getMessage()
                        + "): another set or program has it, or the address is not this host's; give each set its own port", e);
            }
        }
    }

    private void stopRole() throws IOException {
        WriterConnection ended = writers.takeAway();
        if (ended != null) {
            ended.fail("set " + settings.name() + " is no longer primary on this runtime: write on the new primary");
        }
        if (copySource != null) {
            copySource.close(); // before the pump it submits to
            copySource = null;
        }
        if (pump != null) {
            pump.close();
            pump = null;
        }
        if (backup != null) {
            backup.close();
            backup = null;
        }
    }

    /**
     * Takes a role under a newer epoch. A backup becoming primary applies its replica log first; a
     * primary becoming backup ends its writer and its links.
     */
    synchronized ReplicationStatusDTO assumeRole(Role newRole, long newEpoch) throws ReplicationException {
        if (newEpoch <= epoch()) {
            throw new ReplicationException(settings.name(), "set " + settings.name() + " is at epoch " + epoch()
                    + "; a role change needs a newer epoch, not " + newEpoch);
        }
        try {
            if (backup != null && newRole == Role.PRIMARY) {
                long received = backup.receivedSequence();
                if (!backup.awaitApplied(received, APPLY_BEFORE_PROMOTION)) {
                    throw new ReplicationException(settings.name(), "set " + settings.name() + ": the replica log "
                            + "could not be applied up to " + received + " within " + APPLY_BEFORE_PROMOTION.toSeconds()
                            + " s (applied " + backup.appliedSequence() + "; " + backup.replayFailure()
                            + "); the role is unchanged");
                }
            }
            stopRole();
            if (newRole == Role.BACKUP) {
                ReplicaBackup.prepareForEpoch(stateDirectory.resolve("replica"), newEpoch);
            } else {
                // An older primaryship's log: every backup resyncs in the new epoch, so none of it is shipped again.
                DurableFiles.removeTree(stateDirectory.resolve("pump"));
            }
            new SetRoleFile(newRole, newEpoch).write(stateDirectory);
            role = newRole;
            epoch = newEpoch;
            failure = null;
            clearError();
            startRole();
        } catch (IOException e) {
            failure = "taking the role " + newRole + " at epoch " + newEpoch + " failed: " + e.getMessage();
            error(failure);
            throw new ReplicationException(settings.name(), "set " + settings.name() + ": " + failure, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicationException(settings.name(), "set " + settings.name() + ": interrupted while applying "
                    + "the replica log; the role is unchanged", e);
        }
        events.roleChanged(settings.name(), newRole, newEpoch);
        return status();
    }

    // ---- the writer (replay mode) ----

    /** Holds whoever writes the set for a resync: the copy source's rounds, or the connected writer. */
    private PumpConfig.Hold pauseWriters() throws IOException, InterruptedException {
        CopyModeSource source = copySource;
        return source != null ? source.pause() : writers.hold();
    }

    /** Makes {@code connection} the set's one writer. @throws IllegalArgumentException with the reason for the writer */
    void attach(WriterConnection connection) {
        writers.attach(connection, () -> {
            if (role != Role.PRIMARY || pump == null) {
                return "this runtime is " + role + " of set " + settings.name() + " (epoch " + epoch()
                        + "): write on its primary";
            }
            if (settings.mode() != ReplicationMode.REPLAY) {
                return "set " + settings.name() + " is in copy mode: write the directory " + settings.directory()
                        + " directly; the runtime watches it";
            }
            return null;
        });
    }

    void detach(WriterConnection connection) {
        writers.detach(connection);
    }

    /** The current pump, for the writer's operations; {@code null} if this runtime is not primary. */
    ReplicationPump pump() {
        return pump;
    }

    /**
     * The writer went away without saying BYE: it may have sent its last operation without applying
     * it. Applying it again here is harmless if it did (operations are idempotent) and makes the
     * primary hold what the backups got if it did not.
     */
    void applyLastOperation(Operation operation) {
        try {
            Replayer replayer = new Replayer(settings.directory());
            replayer.apply(operation, "set " + settings.name() + " (the last operation of a writer that ended)");
            replayer.syncTouched();
        } catch (IOException e) {
            listener.failed("writer", "applying the last operation of a writer that ended, on " + operation.path()
                    + ", failed: " + e.getMessage() + "; verify the set (replication:verify " + settings.name() + ")");
        }
    }

    // ---- verify and resync (on the primary) ----

    /** Compares each backup's copy with this directory by block hashes; a quiet set shows no differences. */
    CompletionStage<List<VerificationDTO>> verify() {
        ReplicationPump current = pump;
        if (current == null) {
            return ReplicationSetsService.failed(settings.name(), "this runtime is " + role + " of set "
                    + settings.name() + ": verify on its primary");
        }
        return new SetVerification(settings, current).run(VERIFY_TIMEOUT_MINUTES);
    }

    /** Every backup resyncs at once (its link reconnects to do it); completes when all are IN_SYNC again. */
    CompletionStage<ReplicationStatusDTO> resync() {
        ReplicationPump current = pump;
        if (current == null) {
            return ReplicationSetsService.failed(settings.name(), "this runtime is " + role + " of set "
                    + settings.name() + ": resync on its primary");
        }
        java.util.Map<BackupLink, String> before = new java.util.HashMap<>();
        for (BackupLink link : current.links()) {
            before.put(link, String.valueOf(link.lastResync()));
        }
        current.resync();
        return CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(VERIFY_TIMEOUT_MINUTES);
            while (System.nanoTime() < deadline && pump == current) {
                boolean done = before.entrySet().stream()
                        .allMatch(e -> !e.getValue().equals(String.valueOf(e.getKey().lastResync())));
                ReplicationStatusDTO status = status();
                if (done && status.state == State.IN_SYNC) {
                    return status;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new java.util.concurrent.CompletionException(new ReplicationException(settings.name(), "set "
                    + settings.name() + " is not IN_SYNC after the resync: " + status().lastError));
        });
    }

    // ---- status ----

    ReplicationStatusDTO status() {
        ReplicationPump pump = this.pump;
        ReplicaBackup backup = this.backup;
        ReplicationStatusDTO dto = new ReplicationStatusDTO();
        dto.name = settings.name();
        dto.directory = settings.directory().toString();
        dto.role = role;
        dto.mode = settings.mode();
        dto.level = settings.level();
        dto.epoch = epoch();
        dto.refused = refused.get() + (backup == null ? 0 : backup.refusedCount());
        dto.lastError = lastError;
        dto.lastErrorAt = lastErrorAt;
        if (pump != null) {
            dto.sequence = pump.sequence();
            dto.peers = pump.peers();
            dto.state = primaryState(dto.peers);
        } else if (backup != null) {
            dto.sequence = backup.appliedSequence();
            dto.peers = List.of(primaryPeer(backup));
            dto.state = backup.replayFailure() != null ? State.FAILED
                    : !backup.hasPrimary() ? State.DEGRADED
                    : backup.appliedSequence() < backup.receivedSequence() ? State.CATCHING_UP : State.IN_SYNC;
        } else {
            dto.state = State.FAILED;
        }
        if (failure != null) {
            dto.state = State.FAILED;
            dto.lastError = failure;
        }
        return dto;
    }

    private State primaryState(List<PeerStatusDTO> peers) {
        State state = State.IN_SYNC;
        for (PeerStatusDTO peer : peers) {
            if (!peer.connected) {
                return State.DEGRADED;
            }
            if (peer.lagMillis > settings.degradeAfter().toMillis()) {
                return State.DEGRADED; // connected but stalled: acknowledgements go on without it
            }
            if (peer.lagMillis > IN_SYNC_LAG_MILLIS) {
                state = State.CATCHING_UP;
            }
        }
        return state;
    }

    private static PeerStatusDTO primaryPeer(ReplicaBackup backup) {
        PeerStatusDTO dto = new PeerStatusDTO();
        String primary = backup.primaryAddress();
        dto.address = primary != null ? primary + " (its primary)" : SetSettings.text(backup.address()) + " (waiting for a primary)";
        dto.role = Role.BACKUP;
        dto.connected = backup.hasPrimary();
        dto.durableSequence = backup.durableSequence();
        dto.appliedSequence = backup.appliedSequence();
        dto.lagOperations = Math.max(0, backup.receivedSequence() - backup.appliedSequence());
        dto.lastError = backup.replayFailure();
        return dto;
    }

    Role role() {
        return role;
    }

    /** The set's epoch here: a backup adopts a newer primary's epoch when that primary connects. */
    long epoch() {
        ReplicaBackup current = backup;
        return current == null ? epoch : Math.max(epoch, current.epoch());
    }

    @Override
    public synchronized void close() throws IOException {
        stopRole();
    }
}
