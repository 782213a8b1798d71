package org.swiftft.replication.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.swiftft.replication.VerificationDTO;

/**
 * {@code replication:verify} on the primary: each backup describes its copy (asked in its operation
 * stream, so as of the operations sent before), and the description is compared with this
 * directory's by block hashes. Operations in flight show as differences: verify a quiet set.
 */
final class SetVerification {

    private final SetSettings settings;
    private final ReplicationPump pump;

    SetVerification(SetSettings settings, ReplicationPump pump) {
        this.settings = settings;
        this.pump = pump;
    }

    CompletionStage<List<VerificationDTO>> run(long timeoutMinutes) {
        List<CompletableFuture<VerificationDTO>> results = new ArrayList<>();
        for (BackupLink link : pump.links()) {
            long sequence = pump.sequence();
            long started = System.currentTimeMillis();
            results.add(link.describeBackup().orTimeout(timeoutMinutes, TimeUnit.MINUTES)
                    .thenApplyAsync(chunks -> compare(link.peer(), sequence, started, chunks))
                    .exceptionally(failure -> unreachable(link.peer(), sequence, started, failure, timeoutMinutes)));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }

    /** A backup that could not be compared: the others are compared all the same. */
    private VerificationDTO unreachable(String peer, long sequence, long started, Throwable failure, long timeoutMinutes) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        VerificationDTO dto = new VerificationDTO();
        dto.set = settings.name();
        dto.peer = peer;
        dto.sequence = sequence;
        dto.durationMillis = System.currentTimeMillis() - started;
        dto.error = cause instanceof TimeoutException ? "it did not describe its copy within " + timeoutMinutes
                + " minutes" : String.valueOf(cause.getMessage());
        return dto;
    }

    private VerificationDTO compare(String peer, long sequence, long started, List<byte[]> chunks) {
        try {
            TreeManifest theirs = TreeManifest.decode(chunks, "set " + settings.name() + " backup " + peer);
            TreeManifest mine = TreeManifest.scan(settings.directory(), path -> false);
            VerificationDTO dto = new VerificationDTO();
            dto.set = settings.name();
            dto.peer = peer;
            dto.sequence = sequence;
            dto.files = mine.files();
            dto.bytes = mine.bytes();
            dto.differences = mine.differences(theirs);
            dto.durationMillis = System.currentTimeMillis() - started;
            return dto;
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }
}
