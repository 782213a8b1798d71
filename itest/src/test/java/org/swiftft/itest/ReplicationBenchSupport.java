package org.swiftft.itest;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the replication benchmarks share: libft's ReplicatedFiles, loaded from the runtime's own jar
 * (itest does not depend on libft, and the benchmarks should drive exactly the jar the runtime ships),
 * CPU time of a process from /proc, and medians.
 */
final class ReplicationBenchSupport {

    private ReplicationBenchSupport() {
    }

    /** One open ReplicatedFiles of a set, called through reflection: open, channel, deleteIfExists, close. */
    static final class Writer implements AutoCloseable {
        private final Object files;
        private final Method channel;
        private final Method deleteIfExists;
        private final Method close;
        final Path directory;

        Writer(Path runtime, String set) throws IOException {
            Path jar = runtime.resolve("system/org/swiftft/org.swiftft.libft/0.1.0-SNAPSHOT/org.swiftft.libft-0.1.0-SNAPSHOT.jar");
            try {
                ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                        ReplicationBenchSupport.class.getClassLoader());
                Class<?> type = loader.loadClass("org.swiftft.libft.replication.ReplicatedFiles");
                files = type.getMethod("open", String.class, Path.class)
                        .invoke(null, set, runtime.resolve("run/replication.sock"));
                channel = type.getMethod("channel", Path.class, OpenOption[].class);
                deleteIfExists = type.getMethod("deleteIfExists", Path.class);
                close = type.getMethod("close");
                directory = (Path) type.getMethod("directory").invoke(files);
            } catch (ReflectiveOperationException e) {
                throw unwrap(e);
            }
        }

        FileChannel channel(Path path, OpenOption... options) throws IOException {
            try {
                return (FileChannel) channel.invoke(files, path, options);
            } catch (ReflectiveOperationException e) {
                throw unwrap(e);
            }
        }

        void deleteIfExists(Path path) throws IOException {
            try {
                deleteIfExists.invoke(files, path);
            } catch (ReflectiveOperationException e) {
                throw unwrap(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                close.invoke(files);
            } catch (ReflectiveOperationException e) {
                throw unwrap(e);
            }
        }

        private static IOException unwrap(ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            if (cause instanceof IOException io) {
                return io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            return new IOException(cause);
        }
    }

    /** The runtime's pid, as bin/swiftd wrote it. */
    static long runtimePid(Path runtime) throws IOException {
        return Long.parseLong(Files.readString(runtime.resolve("data/swiftd.pid")).strip());
    }

    /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + (pid == 0 ? "self" : Long.toString(pid)) + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat(5)
    }

    /** Waits until {@code file} has {@code size} bytes, polling every 50 µs; false after {@code timeoutMs}. */
    static boolean awaitSize(Path file, long size, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                if (Files.size(file) >= size) {
                    return true;
                }
            } catch (IOException absentYet) {
                // not created on the backup yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
        return false;
    }

    /** "median (min–max)" of the samples, each formatted with {@code format}. */
    static String summary(List<Double> samples, String format) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")", median(sorted), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static double median(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The sample at quantile q (nearest rank). */
    static double quantile(List<Double> samples, double q) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
