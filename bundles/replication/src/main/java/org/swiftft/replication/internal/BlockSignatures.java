package org.swiftft.replication.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The block hashes of one version of a file as copy mode shipped it: fixed blocks of
 * {@link #BLOCK_BYTES}, each hashed with SHA-256 cut to {@link #HASH_BYTES}. A changed block whose
 * hash matched the old one would be silently lost on the backup, so the hash must make that
 * practically impossible: 128 bits of SHA-256 do (CRC32C, 40 times faster, would miss about one
 * change in four billion blocks); SHA-256 hashes about 2 GB/s here (5 ms per 10 MB), below the cost of reading
 * and shipping the changed bytes. Fixed blocks rather than a rolling checksum: see
 * {@code BlockMatchingMeasurement} in the tests.
 *
 * <p>Immutable once built; a {@link Builder} is for one thread.
 */
final class BlockSignatures {

    static final int BLOCK_BYTES = 64 << 10;
    static final int HASH_BYTES = 16;

    private final byte[] hashes;

    private BlockSignatures(byte[] hashes) {
        this.hashes = hashes;
    }

    /** Rebuilds signatures read back from the state file. */
    static BlockSignatures of(byte[] hashes) {
        if (hashes.length % HASH_BYTES != 0) {
            throw new IllegalArgumentException(hashes.length + " bytes of hashes is not a multiple of " + HASH_BYTES);
        }
        return new BlockSignatures(hashes.clone());
    }

    int blocks() {
        return hashes.length / HASH_BYTES;
    }

    /** Whether block {@code index} had the hash {@code hash} (false past the end). */
    boolean sameBlock(int index, byte[] hash) {
        if (index >= blocks()) {
            return false;
        }
        int from = index * HASH_BYTES;
        return Arrays.equals(hashes, from, from + HASH_BYTES, hash, 0, HASH_BYTES);
    }

    byte[] hashes() {
        return hashes.clone();
    }

    /** Hashes blocks in order; the last may be shorter than a block. */
    static final class Builder {
        private final MessageDigest sha256;
        private byte[] hashes = new byte[16 * HASH_BYTES];
        private int count;

        Builder() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        /** Hashes the buffer's remaining bytes as the next block; returns the hash. */
        byte[] add(ByteBuffer block) {
            sha256.update(block);
            byte[] hash = Arrays.copyOf(sha256.digest(), HASH_BYTES);
            if ((count + 1) * HASH_BYTES > hashes.length) {
                hashes = Arrays.copyOf(hashes, hashes.length * 2);
            }
            System.arraycopy(hash, 0, hashes, count * HASH_BYTES, HASH_BYTES);
            count++;
            return hash;
        }

        BlockSignatures build() {
            return new BlockSignatures(Arrays.copyOf(hashes, count * HASH_BYTES));
        }
    }
}
