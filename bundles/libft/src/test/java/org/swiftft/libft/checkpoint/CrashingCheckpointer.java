package org.swiftft.libft.checkpoint;

import java.nio.file.Path;

/**
 * The crash test's child process: recovers, then advances its state and checkpoints in a loop
 * until it is killed. Before each checkpoint it prints {@code TAKING step digest}; after the
 * checkpoint is acknowledged, {@code ACK sequence step}.
 */
public final class CrashingCheckpointer {

    private CrashingCheckpointer() {
    }

    public static void main(String[] args) throws Exception {
        CrashState state = new CrashState(Path.of(args[0]));
        state.store.recover();
        while (true) {
            state.advance();
            System.out.println("TAKING " + state.step() + " " + state.digest());
            System.out.flush();
            long sequence = state.store.checkpoint().sequence;
            System.out.println("ACK " + sequence + " " + state.step());
            System.out.flush();
        }
    }
}
