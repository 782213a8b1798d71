package org.swiftft.libft.heartbeat;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open region with a deadline, as returned by {@link HeartbeatClient#enter(String, long)};
 * closing the handle leaves the region, so that
 * {@code try (Region commit = client.enter("commit", 3000)) { ... }} leaves it on every path —
 * the original libft's FtHbeat(thread, timeout) around a critical section.
 *
 * <p><b>Threading:</b> thread-safe; {@link #close()} sends {@code LEAVE} at most once, whichever
 * thread calls it first. Failure behaviour is the client's: never thrown, counted.
 */
public final class Region implements AutoCloseable {

    private final HeartbeatClient client;
    private final String name;
    private final AtomicBoolean left = new AtomicBoolean();

    Region(HeartbeatClient client, String name) {
        this.client = client;
        this.name = name;
    }

    /** The region's name. */
    public String name() {
        return name;
    }

    /** Leaves the region ({@code TOKEN LEAVE name}) the first time it is called; later calls do nothing. */
    @Override
    public void close() {
        if (left.compareAndSet(false, true)) {
            client.leave(name);
        }
    }

    @Override
    public String toString() {
        return "Region[" + name + (left.get() ? ", left" : "") + "]";
    }
}
