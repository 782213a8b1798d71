package org.swiftft.itest;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.swiftft.itest.ReplicationBenchSupport.cpuTicks;
import static org.swiftft.itest.ReplicationBenchSupport.median;
import static org.swiftft.itest.ReplicationBenchSupport.summary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Replay-mode write cost: the same workload through libft's ReplicatedFiles on the sets rep-async,
 * rep-received and rep-durable, and on a plain FileChannel forced at the same points, in one run, the
 * order of the four rotated run to run; then 256 MiB over a plain loopback TCP socket pair, and round
 * trips over a Unix socket (what libft speaks to its runtime) and loopback TCP (primary to backup).
 *
 * <pre>
 * itest/bench/replication_runtimes.sh start
 * java -cp CLASSES org.swiftft.itest.ReplicationWriteBench /tmp/swift-rep/primary /tmp/swift-rep/backup 5
 * </pre>
 *
 * Each sample: "returned" is from opening the channel to the last force() and close() returning;
 * "on backup" until the backup's copy has every byte (its size polled every 50 µs); CPU is utime+stime
 * of this process, the primary runtime and the backup runtime over the sample, up to "on backup".
 */
public final class ReplicationWriteBench {

    record Workload(String name, int writeBytes, int writes, int forceEvery) {
        long bytes() {
            return (long) writeBytes * writes;
        }
    }

    record Sample(double returnedMs, double onBackupMs, double clientCpuS, double primaryCpuS, double backupCpuS) {
    }

    private static final String[] VARIANTS = {"plain", "async", "received", "durable"};

    private final Path primary;
    private final Path backup;
    private final Path plainDir;
    private final Map<String, ReplicationBenchSupport.Writer> writers = new LinkedHashMap<>();
    private final long primaryPid;
    private final long backupPid;
    private final byte[] random = new byte[1 << 20];

    private ReplicationWriteBench(Path primary, Path backup) throws IOException {
        this.primary = primary;
        this.backup = backup;
        this.plainDir = primary.resolve("data/plain");
        Files.createDirectories(plainDir);
        for (String level : new String[] {"async", "received", "durable"}) {
            writers.put(level, new ReplicationBenchSupport.Writer(primary, "rep-" + level));
        }
        primaryPid = ReplicationBenchSupport.runtimePid(primary);
        backupPid = ReplicationBenchSupport.runtimePid(backup);
        new Random(42).nextBytes(random);
    }

    public static void main(String[] args) throws Exception {
        Path primary = Path.of(args[0]).toAbsolutePath();
        Path backup = Path.of(args[1]).toAbsolutePath();
        int runs = Integer.parseInt(args[2]);
        int largeMiB = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        List<Workload> workloads = List.of(
                new Workload("4 KiB writes, force every write", 4096, 1024, 1),
                new Workload("4 KiB writes, force every 64", 4096, 8192, 64),
                new Workload("1 MiB writes, " + largeMiB + " MiB file, force every 16 MiB", 1 << 20, largeMiB, 16));
        ReplicationWriteBench bench = new ReplicationWriteBench(primary, backup);
        try {
            bench.run(workloads, runs);
        } finally {
            for (ReplicationBenchSupport.Writer writer : bench.writers.values()) {
                writer.close();
            }
        }
    }

    private void run(List<Workload> workloads, int runs) throws Exception {
        // one untimed warm-up pass: JIT, the runtimes' first connections, files' first allocation
        for (Workload workload : workloads) {
            for (String variant : VARIANTS) {
                sample(new Workload(workload.name, workload.writeBytes, Math.max(16, workload.writes / 8),
                        workload.forceEvery), variant, "warm");
            }
        }
        Map<String, Map<String, List<Sample>>> results = new LinkedHashMap<>();
        List<Double> tcpMs = new ArrayList<>();
        List<Double> tcpToFileMs = new ArrayList<>();
        Workload large = workloads.get(workloads.size() - 1);
        for (int run = 0; run < runs; run++) {
            for (Workload workload : workloads) {
                for (int i = 0; i < VARIANTS.length; i++) {
                    String variant = VARIANTS[(i + run) % VARIANTS.length];
                    Sample sample = sample(workload, variant, "r" + run);
                    results.computeIfAbsent(workload.name, k -> new LinkedHashMap<>())
                            .computeIfAbsent(variant, k -> new ArrayList<>()).add(sample);
                    System.err.printf(Locale.ROOT, "run %d %-45s %-8s %s%n", run, workload.name, variant, sample);
                }
            }
            tcpMs.add(loopbackTcp(large.bytes(), large.writeBytes, null));
            tcpToFileMs.add(loopbackTcp(large.bytes(), large.writeBytes, plainDir.resolve("tcp-sink")));
        }
        report(results, workloads, runs);
        double mib = large.bytes() / (double) (1 << 20);
        System.out.printf(Locale.ROOT, "%nloopback TCP, %.0f MiB in %d KiB writes, receiver discards: %s ms, %.0f MiB/s%n",
                mib, large.writeBytes / 1024, summary(tcpMs, "%.0f"), mib / median(tcpMs) * 1000);
        System.out.printf(Locale.ROOT, "loopback TCP, receiver writes a file (no fsync): %s ms, %.0f MiB/s%n",
                summary(tcpToFileMs, "%.0f"), mib / median(tcpToFileMs) * 1000);
        roundTrips();
    }

    /** One run of {@code workload} through {@code variant}, the file removed afterwards (untimed). */
    private Sample sample(Workload workload, String variant, String tag) throws IOException {
        String name = "w-" + tag + "-" + workload.writeBytes + "-" + workload.writes + "-" + workload.forceEvery;
        ReplicationBenchSupport.Writer writer = writers.get(variant);
        Path onBackup = writer == null ? null : backup.resolve("data/rep-" + variant).resolve(name);
        long[] cpu0 = {cpuTicks(0), cpuTicks(primaryPid), cpuTicks(backupPid)};
        long start = System.nanoTime();
        try (FileChannel channel = writer == null
                ? FileChannel.open(plainDir.resolve(name), CREATE_NEW, WRITE)
                : writer.channel(Path.of(name), CREATE_NEW, WRITE)) {
            int offset = 0;
            for (int i = 1; i <= workload.writes; i++) {
                if (offset + workload.writeBytes > random.length) {
                    offset = 0;
                }
                ByteBuffer buffer = ByteBuffer.wrap(random, offset, workload.writeBytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                offset += workload.writeBytes;
                if (i % workload.forceEvery == 0 || i == workload.writes) {
                    channel.force(false);
                }
            }
        }
        long returned = System.nanoTime();
        if (onBackup != null && !ReplicationBenchSupport.awaitSize(onBackup, workload.bytes(), 120_000)) {
            throw new IllegalStateException(onBackup + " did not reach " + workload.bytes() + " bytes in 120 s");
        }
        long applied = System.nanoTime();
        long[] cpu1 = {cpuTicks(0), cpuTicks(primaryPid), cpuTicks(backupPid)};
        if (writer == null) {
            Files.delete(plainDir.resolve(name));
        } else {
            writer.deleteIfExists(Path.of(name));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Files.exists(onBackup) && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        }
        return new Sample((returned - start) / 1e6, (applied - start) / 1e6, (cpu1[0] - cpu0[0]) / 100.0,
                (cpu1[1] - cpu0[1]) / 100.0, (cpu1[2] - cpu0[2]) / 100.0);
    }

    private void report(Map<String, Map<String, List<Sample>>> results, List<Workload> workloads, int runs) {
        for (Workload workload : workloads) {
            Map<String, List<Sample>> byVariant = results.get(workload.name);
            List<Sample> plain = byVariant.get("plain");
            System.out.printf(Locale.ROOT, "%n%s (%d × %d B = %.1f MiB), %d runs%n", workload.name, workload.writes,
                    workload.writeBytes, workload.bytes() / (double) (1 << 20), runs);
            System.out.println("| variant | returned, ms | ratio to plain (same run) | on backup, ms | MiB/s to backup"
                    + " | per write, µs | CPU s client / primary / backup |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (String variant : VARIANTS) {
                List<Sample> samples = byVariant.get(variant);
                List<Double> returned = new ArrayList<>();
                List<Double> onBackup = new ArrayList<>();
                List<Double> ratio = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    returned.add(samples.get(i).returnedMs);
                    onBackup.add(samples.get(i).onBackupMs);
                    ratio.add(samples.get(i).returnedMs / plain.get(i).returnedMs);
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %.1f | %.2f / %.2f / %.2f |%n", variant,
                        summary(returned, "%.1f"), summary(ratio, "%.2f"), summary(onBackup, "%.1f"),
                        workload.bytes() / (double) (1 << 20) / median(onBackup) * 1000,
                        median(returned) * 1000 / workload.writes,
                        median(samples.stream().map(Sample::clientCpuS).toList()),
                        median(samples.stream().map(Sample::primaryCpuS).toList()),
                        median(samples.stream().map(Sample::backupCpuS).toList()));
            }
        }
    }

    /** Sends {@code bytes} over a loopback TCP connection in writes of {@code chunk}; ms until all are read. */
    private double loopbackTcp(long bytes, int chunk, Path sinkFile) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread receiver = new Thread(() -> {
                try (Socket socket = server.accept(); InputStream in = socket.getInputStream();
                        FileChannel sink = sinkFile == null ? null : FileChannel.open(sinkFile,
                                java.nio.file.StandardOpenOption.CREATE, WRITE,
                                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (sink != null) {
                            sink.write(ByteBuffer.wrap(buffer, 0, n));
                        }
                    }
                    socket.getOutputStream().write(1);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            receiver.start();
            long start = System.nanoTime();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                OutputStream out = socket.getOutputStream();
                for (long sent = 0; sent < bytes; sent += chunk) {
                    out.write(random, 0, chunk);
                }
                socket.shutdownOutput();
                if (socket.getInputStream().read() != 1) {
                    throw new IllegalStateException("the receiver did not confirm");
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            receiver.join();
            if (sinkFile != null) {
                Files.delete(sinkFile);
            }
            return ms;
        }
    }

    /** Round trips of a small request and a 4 KiB one, each answered by 16 bytes, over a Unix socket and loopback TCP. */
    private void roundTrips() throws Exception {
        Path socketFile = Files.createTempFile("rtt", ".sock");
        Files.delete(socketFile);
        for (String transport : new String[] {"unix", "tcp"}) {
            for (int request : new int[] {64, 4096}) {
                List<Double> micros = new ArrayList<>();
                try (ServerSocketChannel server = transport.equals("unix")
                        ? ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socketFile))
                        : ServerSocketChannel.open().bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    Thread echo = new Thread(() -> {
                        try (SocketChannel peer = server.accept()) {
                            ByteBuffer in = ByteBuffer.allocate(request);
                            ByteBuffer out = ByteBuffer.allocate(16);
                            while (true) {
                                in.clear();
                                while (in.hasRemaining()) {
                                    if (peer.read(in) < 0) {
                                        return;
                                    }
                                }
                                out.clear();
                                peer.write(out);
                            }
                        } catch (IOException e) {
                            // the client closed
                        }
                    });
                    echo.start();
                    try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                        if (transport.equals("tcp")) {
                            client.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                        }
                        ByteBuffer out = ByteBuffer.allocate(request);
                        ByteBuffer in = ByteBuffer.allocate(16);
                        for (int i = 0; i < 25_000; i++) {
                            long start = System.nanoTime();
                            out.clear();
                            client.write(out);
                            in.clear();
                            while (in.hasRemaining()) {
                                client.read(in);
                            }
                            if (i >= 5_000) {
                                micros.add((System.nanoTime() - start) / 1e3);
                            }
                        }
                    }
                    echo.join();
                } finally {
                    Files.deleteIfExists(socketFile);
                }
                System.out.printf(Locale.ROOT, "round trip, %s socket, %d B request / 16 B reply: p50 %.1f µs, p99 %.1f µs%n",
                        transport, request, median(micros), ReplicationBenchSupport.quantile(micros, 0.99));
            }
        }
    }
}
