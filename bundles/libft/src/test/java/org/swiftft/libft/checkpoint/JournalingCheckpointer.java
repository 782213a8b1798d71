package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.swiftft.checkpoint.RecoverableState;

/**
 * The combined crash test's child: every step is an input logged to the journal before it is
 * applied, and every fifth step is checkpointed. It prints {@code ACK step} once a step's input is
 * durable.
 */
public final class JournalingCheckpointer {

    private JournalingCheckpointer() {
    }

    public static void main(String[] args) throws Exception {
        JournaledCrashState crash = new JournaledCrashState(Path.of(args[0]));
        RecoverableState state = crash.state;
        while (true) {
            long next = crash.checkpointed.step() + 1;
            state.journal().append(ByteBuffer.allocate(Long.BYTES).putLong(0, next));
            System.out.println("ACK " + next);
            System.out.flush();
            crash.checkpointed.advance();
            if (next % 5 == 0) {
                state.checkpoint();
            }
        }
    }
}
