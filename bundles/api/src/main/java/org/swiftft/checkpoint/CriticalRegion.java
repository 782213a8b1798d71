package org.swiftft.checkpoint;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named region of off-heap memory whose content is part of every checkpoint: the original
 * t_ftmalloc. The application keeps its critical data in it and writes it directly.
 *
 * <p>Every change made before a checkpoint begins is in that checkpoint, however it was made; the
 * store finds the changed blocks itself (writes through {@link #write} are tracked and cost nothing
 * to find, changes made through {@link #buffer()} are found by comparison). Not thread-safe beyond
 * what {@link ByteBuffer} is; valid until its store is closed or it is unregistered.
 */
@ProviderType
public interface CriticalRegion {

    String name();

    int size();

    /**
     * The region's memory, a direct buffer of {@link #size()} bytes. Each call returns a new view
     * (own position and limit) of the same memory.
     */
    ByteBuffer buffer();

    /**
     * Copies {@code src} (position to limit) into the region at {@code offset}.
     *
     * @throws IndexOutOfBoundsException if it does not fit
     */
    void write(int offset, ByteBuffer src);

    /**
     * Copies from the region at {@code offset} into {@code dst} until {@code dst} is full.
     *
     * @throws IndexOutOfBoundsException if the region ends first
     */
    void read(int offset, ByteBuffer dst);
}
