package org.swiftft.replication.internal;

import org.swiftft.libft.peer.SharedSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.swiftft.replication.ConsistencyLevel;

/**
 * How the primary side of one set runs.
 *
 * @param set               the set's name
 * @param directory         the primary's copy of the set's directory, read by resync
 * @param stateDirectory    the primary's operation log; outside the replicated directory
 * @param secret            the set's shared secret
 * @param level             when a submitted operation is acknowledged
 * @param backups           the backups' addresses
 * @param epoch             this primaryship's epoch, carried by every frame
 * @param backpressureBytes operations not yet durable on every counted backup beyond which submit waits
 * @param logCapBytes       the pump's log size beyond which what only absent backups lack is dropped
 *                          (they resync when they return) rather than filling the disk
 * @param degradeAfter      how long a lost backup still counts for acknowledgements (it may come back
 *                          at once); after that the set is degraded and acknowledgements go on without it
 * @param writers           holds the set's writers while a resync reads the directory
 * @param listener          refusals and failures
 */
public record PumpConfig(String set, Path directory, Path stateDirectory, SharedSecret secret, ConsistencyLevel level,
        List<InetSocketAddress> backups, long epoch, long backpressureBytes, long logCapBytes, Duration degradeAfter,
        WriterPause writers, ReplicationListener listener) {

    /** Holds whoever writes the set's directory, until the returned hold is closed. */
    public interface WriterPause {
        Hold pause() throws IOException, InterruptedException;

        /** Nobody but the caller writes the directory (tests apply operations themselves). */
        WriterPause NONE = () -> () -> { };
    }

    /** A pause in force. */
    public interface Hold extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    public PumpConfig {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(degradeAfter, "degradeAfter");
        Objects.requireNonNull(writers, "writers");
        Objects.requireNonNull(listener, "listener");
        backups = List.copyOf(backups);
        if (backpressureBytes <= 0 || logCapBytes <= 0 || epoch < 0) {
            throw new IllegalArgumentException("set " + set + ": backpressure and log cap must be positive and the epoch "
                    + "not negative, not " + backpressureBytes + ", " + logCapBytes + " and " + epoch);
        }
    }

    /** Epoch 1, 64 MiB backpressure, backups count for 5 s after a loss, no writers to pause, logging listener. */
    public static PumpConfig of(String set, Path directory, Path stateDirectory, SharedSecret secret,
            ConsistencyLevel level, List<InetSocketAddress> backups) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, 1, 64L << 20, 1L << 30,
                Duration.ofSeconds(5), WriterPause.NONE, ReplicationListener.logging(set));
    }

    public PumpConfig withBackpressure(long bytes) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, epoch, bytes, logCapBytes, degradeAfter,
                writers, listener);
    }

    public PumpConfig withDegradeAfter(Duration after) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, epoch, backpressureBytes, logCapBytes, after,
                writers, listener);
    }

    public PumpConfig withEpoch(long newEpoch) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, newEpoch, backpressureBytes,
                logCapBytes, degradeAfter, writers, listener);
    }

    public PumpConfig withSecret(SharedSecret newSecret) {
        return new PumpConfig(set, directory, stateDirectory, newSecret, level, backups, epoch, backpressureBytes,
                logCapBytes, degradeAfter, writers, listener);
    }

    public PumpConfig withLogCap(long bytes) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, epoch, backpressureBytes, bytes,
                degradeAfter, writers, listener);
    }

    public PumpConfig withWriters(WriterPause newWriters) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, epoch, backpressureBytes,
                logCapBytes, degradeAfter, newWriters, listener);
    }

    public PumpConfig withListener(ReplicationListener newListener) {
        return new PumpConfig(set, directory, stateDirectory, secret, level, backups, epoch, backpressureBytes,
                logCapBytes, degradeAfter, writers, newListener);
    }
}
