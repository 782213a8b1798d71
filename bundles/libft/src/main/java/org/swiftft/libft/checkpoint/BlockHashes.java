package org.swiftft.libft.checkpoint;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The 64-bit fingerprint by which a block changed through a region's {@code buffer()}, or in a
 * provider's bytes, is told from one that did not: CRC32C in the high half, CRC32 in the low half.
 *
 * <p>Why two CRCs: both are computed by the CPU's CRC and carry-less-multiply instructions at
 * memory speed, where SHA-256 runs at about 1.3 GiB/s here — too slow to compare hundreds of
 * megabytes at every checkpoint. CRC32C alone misses one change in 2^32. The two polynomials are
 * coprime, so a change goes unseen only if the difference of the old and new block is a multiple of
 * their 64-degree product: for changes that are not crafted against it, odds of 2^-64 per changed
 * block per checkpoint (at a thousand changed blocks a second, once in 600 million years). A CRC is
 * not a cryptographic hash: a writer who wants to hide a change can. The high half is also the
 * block's CRC32C in the file, so a written block is not checksummed twice.
 */
final class BlockHashes {

    private BlockHashes() {
    }

    static long fingerprint(ByteBuffer block) {
        CRC32C c = new CRC32C();
        c.update(block.duplicate());
        CRC32 d = new CRC32();
        d.update(block.duplicate());
        return c.getValue() << 32 | d.getValue();
    }

    static int crc32c(long fingerprint) {
        return (int) (fingerprint >>> 32);
    }

    static int crc32c(ByteBuffer block) {
        CRC32C c = new CRC32C();
        c.update(block.duplicate());
        return (int) c.getValue();
    }
}
