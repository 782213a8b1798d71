package org.swiftft.replication.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Fixed blocks or a rolling checksum for copy mode? Not a test (it is slow and prints numbers): run
 * it with {@code java -cp target/classes:target/test-classes:<libft jar> ...BlockMatchingMeasurement}.
 *
 * <p>For typical changes to a 10 MB file it compares the bytes that would be sent and the CPU
 * spent on the new version (the old signatures are at hand in both cases, as copy mode keeps them):
 * fixed 64 KiB blocks with SHA-256/128 (what copy mode does), the same with CRC32C (to show what
 * the strong hash costs), and rsync's rolling weak checksum with a strong check on a weak match, at
 * 64 KiB and 8 KiB blocks. A rolling match is counted as 16 bytes of reference.
 *
 * <p>Measured here (2 vCPU), bytes sent / CPU ms: append 4 KiB: fixed 4,096 / 6.1, rolling 64K
 * 6,656 / 11.2; overwrite 4 KiB: 65,536 / 5.3 vs 68,080 / 10.1 (rolling 8K 28,656 / 11.0); 20
 * scattered 100 B writes: 1.2 MB / 5.3 vs 1.2 MB / 12.6 (rolling 8K 192 KB); insert 100 B in the
 * middle: 5.2 MB / 5.9 vs 2,660 B / 10.5; new file 10 MB / 5.1 vs 10 MB / 25.4. CRC32C instead of
 * SHA-256 saves about 5 ms per 10 MB. Rolling wins only on inserts, costs twice the CPU, and its
 * matches at shifted offsets cannot be expressed with today's operations (CopyFile copies a whole
 * file; a CopyRange operation in libft would be needed): fixed blocks it is.
 */
public final class BlockMatchingMeasurement {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int SIZE = 10 << 20;

    private record Result(long bytesSent, long cpuNanos) {
    }

    public static void main(String[] args) throws Exception {
        Random random = new Random(42);
        byte[] old = new byte[SIZE];
        random.nextBytes(old);
        Map<String, byte[]> changes = new java.util.LinkedHashMap<>();
        changes.put("append 4 KiB (log)", concat(old, bytes(random, 4096)));
        byte[] overwrite = old.clone();
        System.arraycopy(bytes(random, 4096), 0, overwrite, SIZE / 2, 4096);
        changes.put("overwrite 4 KiB in place", overwrite);
        byte[] scattered = old.clone();
        for (int i = 0; i < 20; i++) {
            System.arraycopy(bytes(random, 100), 0, scattered, random.nextInt(SIZE - 100), 100);
        }
        changes.put("overwrite 20 x 100 B scattered", scattered);
        byte[] inserted = new byte[SIZE + 100];
        System.arraycopy(old, 0, inserted, 0, SIZE / 2);
        System.arraycopy(bytes(random, 100), 0, inserted, SIZE / 2, 100);
        System.arraycopy(old, SIZE / 2, inserted, SIZE / 2 + 100, SIZE / 2);
        changes.put("insert 100 B in the middle", inserted);
        changes.put("new file (no old version)", null);

        System.out.printf("%-32s %-26s %12s %10s%n", "change (10 MB file)", "method", "bytes sent", "CPU ms");
        for (Map.Entry<String, byte[]> change : changes.entrySet()) {
            byte[] now = change.getValue() == null ? old : change.getValue();
            byte[] base = change.getValue() == null ? new byte[0] : old;
            // The old version's signatures exist already (copy mode keeps them): built outside the timing.
            List<Object> sha = signatures(base, BlockSignatures.BLOCK_BYTES, true);
            List<Object> crc = signatures(base, BlockSignatures.BLOCK_BYTES, false);
            Rolling r64 = new Rolling(base, 64 << 10);
            Rolling r8 = new Rolling(base, 8 << 10);
            print(change.getKey(), "fixed 64K SHA-256/128", measure(() -> fixed(sha, now, BlockSignatures.BLOCK_BYTES, true)));
            print("", "fixed 64K CRC32C", measure(() -> fixed(crc, now, BlockSignatures.BLOCK_BYTES, false)));
            print("", "rolling 64K", measure(() -> r64.sent(now)));
            print("", "rolling 8K", measure(() -> r8.sent(now)));
        }
    }

    private static void print(String change, String method, Result r) {
        System.out.printf("%-32s %-26s %12d %10.1f%n", change, method, r.bytesSent, r.cpuNanos / 1e6);
    }

    /** Median CPU of five runs after two for warming up. */
    private static Result measure(java.util.function.Supplier<Long> run) {
        long sent = 0;
        long[] cpu = new long[5];
        for (int i = -2; i < cpu.length; i++) {
            long start = CPU.getCurrentThreadCpuTime();
            sent = run.get();
            if (i >= 0) {
                cpu[i] = CPU.getCurrentThreadCpuTime() - start;
            }
        }
        Arrays.sort(cpu);
        return new Result(sent, cpu[cpu.length / 2]);
    }

    /** Bytes of the blocks of {@code now} whose hash differs from {@code old}'s block at the same index. */
    private static List<Object> signatures(byte[] old, int block, boolean strong) {
        List<Object> hashes = new ArrayList<>();
        for (int at = 0; at < old.length; at += block) {
            hashes.add(hash(old, at, Math.min(block, old.length - at), strong));
        }
        return hashes;
    }

    private static long fixed(List<Object> oldHashes, byte[] now, int block, boolean strong) {
        long sent = 0;
        for (int at = 0, i = 0; at < now.length; at += block, i++) {
            int length = Math.min(block, now.length - at);
            Object hash = hash(now, at, length, strong);
            if (i >= oldHashes.size() || !equal(oldHashes.get(i), hash)) {
                sent += length;
            }
        }
        return sent;
    }

    private static Object hash(byte[] data, int at, int length, boolean strong) {
        if (strong) {
            return strong(data, at, length);
        }
        CRC32C crc = new CRC32C();
        crc.update(data, at, length);
        return crc.getValue();
    }

    private static boolean equal(Object a, Object b) {
        return a instanceof byte[] x ? Arrays.equals(x, (byte[]) b) : a.equals(b);
    }

    private static byte[] strong(byte[] data, int at, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.wrap(data, at, length));
            return Arrays.copyOf(sha.digest(), 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** rsync's algorithm: literal bytes plus 16 bytes per matched block. */
    private static final class Rolling {
        private final int block;
        private final Map<Integer, List<Integer>> weak = new HashMap<>();
        private final Map<Integer, byte[]> strongOf = new HashMap<>();
        private final boolean[] tags = new boolean[1 << 16];

        Rolling(byte[] old, int block) {
            this.block = block;
            for (int at = 0, i = 0; at + block <= old.length; at += block, i++) {
                int w = weak(old, at, block);
                weak.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
                strongOf.put(i, strong(old, at, block));
                tags[(w ^ (w >>> 16)) & 0xffff] = true;
            }
        }

        long sent(byte[] now) {
            long sent = 0;
            int at = 0;
            int literalFrom = 0;
            int a = 0;
            int b = 0;
            boolean fresh = true;
            while (at + block <= now.length) {
                if (fresh) {
                    int w = weak(now, at, block);
                    a = w & 0xffff;
                    b = w >>> 16;
                    fresh = false;
                }
                int w = (b << 16) | a;
                if (tags[(w ^ (w >>> 16)) & 0xffff] && weak.containsKey(w) && matches(now, at, weak.get(w))) {
                    sent += at - literalFrom + 16;
                    at += block;
                    literalFrom = at;
                    fresh = true;
                    continue;
                }
                int out = now[at] & 0xff;
                int in = at + block < now.length ? now[at + block] & 0xff : 0;
                a = (a - out + in) & 0xffff;
                b = (b - block * out + a) & 0xffff;
                at++;
            }
            return sent + (now.length - literalFrom);
        }

        private boolean matches(byte[] now, int at, List<Integer> candidates) {
            byte[] hash = strong(now, at, block);
            for (int i : candidates) {
                if (Arrays.equals(hash, strongOf.get(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static int weak(byte[] data, int at, int length) {
        int a = 0;
        int b = 0;
        for (int i = 0; i < length; i++) {
            int x = data[at + i] & 0xff;
            a += x;
            b += (length - i) * x;
        }
        return ((b & 0xffff) << 16) | (a & 0xffff);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
