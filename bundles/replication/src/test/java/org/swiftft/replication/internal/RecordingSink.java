package org.swiftft.replication.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftft.libft.replication.wire.Operation;

/** Passes operations on to the pump, keeping them and counting the content bytes submitted. */
final class RecordingSink implements OperationSink {

    private final OperationSink target;
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicLong dataBytes = new AtomicLong();

    RecordingSink(OperationSink target) {
        this.target = target;
    }

    @Override
    public CompletionStage<Long> submit(Operation operation) throws InterruptedException {
        synchronized (operations) {
            operations.add(operation);
        }
        dataBytes.addAndGet(operation.dataBytes());
        return target.submit(operation);
    }

    List<Operation> operations() {
        synchronized (operations) {
            return List.copyOf(operations);
        }
    }

    /** Operations since the call that returned {@code mark} from {@link #mark()}. */
    List<Operation> since(int mark) {
        synchronized (operations) {
            return List.copyOf(operations.subList(mark, operations.size()));
        }
    }

    int mark() {
        synchronized (operations) {
            return operations.size();
        }
    }

    long dataBytes() {
        return dataBytes.get();
    }
}
