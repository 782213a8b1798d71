package org.swiftft.libft.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/** {@link HeartbeatClient#beat()} may sit on an application's hot path: it must not make garbage. */
class HeartbeatAllocationTest {

    private static final int WARM_UP_BEATS = 20_000;
    private static final int MEASURED_BEATS = 10_000;
    /** Room for the measuring calls themselves; one allocation per beat would be at least 160 KB. */
    private static final long ALLOWED_BYTES = 1_024;

    @Test
    void beatAllocatesNothingOnTheHeap() throws IOException {
        com.sun.management.ThreadMXBean threads = hotSpotThreads();
        long thread = Thread.currentThread().getId();
        try (LoopbackReceiver runtime = new LoopbackReceiver();
             HeartbeatClient client = HeartbeatClient.connect(HeartbeatClientTest.TOKEN, runtime.endpoint())) {
            // Warm up so that class loading and the JIT's first compilations are not counted.
            beat(client, WARM_UP_BEATS);
            threads.getThreadAllocatedBytes(thread);

            // The least of three rounds: a one-off event on this thread (a deoptimisation materialising
            // an object, late class initialisation) can land in any one round, while a beat that
            // allocated would show in all three, at least 160 KB each.
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                beat(client, MEASURED_BEATS);
                allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            }

            assertTrue(allocated < ALLOWED_BYTES,
                    MEASURED_BEATS + " beats allocated " + allocated + " bytes; a beat must allocate nothing");
            // The receiver's buffer overflows and the kernel drops the surplus there; sends still succeed.
            assertEquals(0, client.failedSends());
        }
    }

    private static void beat(HeartbeatClient client, int times) {
        for (int i = 0; i < times; i++) {
            client.beat();
        }
    }

    private static com.sun.management.ThreadMXBean hotSpotThreads() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counting needs HotSpot's ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting is not supported");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
