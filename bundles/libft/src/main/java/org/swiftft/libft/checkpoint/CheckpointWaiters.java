package org.swiftft.libft.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;

/** Futures for "the next checkpoint this store takes", however it comes to be taken. Thread-safe. */
final class CheckpointWaiters {

    private final List<CompletableFuture<CheckpointDTO>> waiting = new ArrayList<>();

    synchronized CompletableFuture<CheckpointDTO> next() {
        CompletableFuture<CheckpointDTO> next = new CompletableFuture<>();
        waiting.add(next);
        return next;
    }

    void taken(CheckpointDTO checkpoint) {
        drain().forEach(waiter -> waiter.complete(checkpoint));
    }

    void failed(CheckpointException failure) {
        drain().forEach(waiter -> waiter.completeExceptionally(failure));
    }

    private synchronized List<CompletableFuture<CheckpointDTO>> drain() {
        List<CompletableFuture<CheckpointDTO>> drained = List.copyOf(waiting);
        waiting.clear();
        return drained;
    }
}
