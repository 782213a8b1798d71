package org.swiftft.replication.internal;

import org.swiftft.libft.peer.SharedSecret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import org.swiftft.journal.Durability;

/**
 * How a backup of one set runs.
 *
 * @param set            the set's name
 * @param directory      the copy of the set's directory, which nobody else writes
 * @param stateDirectory the replica log and mark; outside {@code directory}
 * @param secret         the set's shared secret
 * @param listen         where to accept the primary; loopback unless configured otherwise
 * @param logDurability  EVERY_APPEND or GROUP_COMMIT: when a record counts as durable
 * @param logCapBytes    replica log size beyond which receiving waits for replay to catch up
 * @param listener       refusals and failures
 */
public record BackupConfig(String set, Path directory, Path stateDirectory, SharedSecret secret,
        InetSocketAddress listen, Durability logDurability, long logCapBytes, ReplicationListener listener) {

    public BackupConfig {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(listener, "listener");
        if (logDurability == Durability.PERIODIC) {
            throw new IllegalArgumentException("set " + set + ": a replica log must fsync before it acknowledges "
                    + "DURABLE; use EVERY_APPEND or GROUP_COMMIT, not PERIODIC");
        }
    }

    /** Loopback on an ephemeral port, group commit, 1 GiB log, logging listener. */
    public static BackupConfig of(String set, Path directory, Path stateDirectory, SharedSecret secret) {
        return new BackupConfig(set, directory, stateDirectory, secret,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Durability.GROUP_COMMIT, 1L << 30,
                ReplicationListener.logging(set));
    }

    public BackupConfig withListener(ReplicationListener newListener) {
        return new BackupConfig(set, directory, stateDirectory, secret, listen, logDurability, logCapBytes,
                newListener);
    }

    public BackupConfig withLogDurability(Durability durability) {
        return new BackupConfig(set, directory, stateDirectory, secret, listen, durability, logCapBytes, listener);
    }

    public BackupConfig withListen(InetSocketAddress address) {
        return new BackupConfig(set, directory, stateDirectory, secret, address, logDurability, logCapBytes, listener);
    }
}
