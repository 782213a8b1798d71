package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;

/**
 * What one region or provider contributes to a checkpoint being written: the blocks that changed
 * (all of them in a full checkpoint) and their CRC32Cs, and what to remember once the checkpoint is
 * durable, so that the next increment is measured against it.
 *
 * @param changed   indexes of the blocks to write, ascending
 * @param data      the bytes of each changed block, in the same order
 * @param crcs      CRC32C of each changed block
 * @param onDurable remembers the fingerprints of this checkpoint; run only if it became durable
 */
record BlockCapture(String name, byte type, long totalLength, int[] changed, ByteBuffer[] data, int[] crcs,
        Runnable onDurable) {
}
