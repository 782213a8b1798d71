package org.swiftft.replication.internal;

import java.util.concurrent.CompletionStage;
import org.swiftft.libft.replication.wire.Operation;

/**
 * Where a source of operations (libft's writers in replay mode, the directory watcher in copy mode)
 * hands them to replication. {@link ReplicationPump} is the one transport; this interface lets copy
 * mode be tested against a recording or counting sink and keeps it from depending on the pump's
 * other methods.
 *
 * <p>Operations are numbered, logged and applied on the backups in the order submit is called.
 */
public interface OperationSink {

    /**
     * Hands one operation to replication; may wait while too much is unacknowledged (backpressure).
     *
     * @return a stage completing with the operation's sequence when it is acknowledged at the set's
     *         consistency level, or exceptionally if the sink closes first (the operation then stays
     *         in the primary's log and is shipped when the sink starts again)
     * @throws IllegalArgumentException if the operation is larger than a frame can carry
     * @throws IllegalStateException    if the sink is closed or failed: nothing was accepted
     * @throws InterruptedException     if interrupted while waiting for room: nothing was accepted
     */
    CompletionStage<Long> submit(Operation operation) throws InterruptedException;
}
