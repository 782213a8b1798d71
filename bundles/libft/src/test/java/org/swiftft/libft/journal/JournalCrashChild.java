package org.swiftft.libft.journal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalOptions;

/**
 * The process {@link JournalCrashTest} kills: opens the journal, then appends from three waiting
 * threads and one pipelining thread until it is killed, reporting on stdout, one line each and
 * only once acknowledged: {@code A <sequence> <event id>}; one event in sixty is large. It also truncates now and then,
 * announcing {@code T <up to>} before it does. Arguments: directory, durability, run number.
 */
public final class JournalCrashChild {

    static final String JOURNAL = "crash";

    private static PrintStream out;

    private JournalCrashChild() {
    }

    static JournalOptions options(Durability level) {
        return new JournalOptions(level, 200, 20, 512 << 10, 256L << 20, 16 << 10);
    }

    /**
     * The event with this id: checkable from the id alone, of varying length. Ids starting "big"
     * make events of 100-300 KB, written over many pages, so that a kill can land inside a write.
     */
    static ByteBuffer event(String id) {
        int length = id.startsWith("big") ? 100_000 + Math.floorMod(id.hashCode(), 200_000)
                : Math.floorMod(id.hashCode(), 300);
        String body = id + "|" + "x".repeat(length);
        return ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Path dir = Path.of(args[0]);
        Durability level = Durability.valueOf(args[1]);
        String run = args[2];
        report("OPENING");
        Journal journal = Journals.open(dir, JOURNAL, options(level));
        report("READY " + journal.lastSequence() + " " + journal.firstSequence());
        for (int t = 0; t < 3; t++) {
            int thread = t;
            start(() -> {
                for (long i = 0; ; i++) {
                    String id = (thread == 2 && i % 20 == 19 ? "big" : "") + thread + ":" + run + ":" + i;
                    report("A " + journal.append(event(id)) + " " + id);
                    if (thread == 0 && i % 300 == 299 && journal.lastDurableSequence() > 2_000) {
                        long upTo = journal.lastDurableSequence() - 2_000;
                        report("T " + upTo);
                        journal.truncate(upTo);
                    }
                }
            });
        }
        Semaphore window = new Semaphore(32);
        start(() -> {
            for (long i = 0; ; i++) {
                String id = "3:" + run + ":" + i;
                window.acquire();
                journal.appendAsync(event(id)).whenComplete((seq, failure) -> {
                    if (failure == null) {
                        report("A " + seq + " " + id);
                    } else {
                        fail(failure);
                    }
                    window.release();
                });
            }
        });
    }

    private interface Loop {
        void run() throws Exception;
    }

    private static void start(Loop loop) {
        new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable e) {
                fail(e);
            }
        }).start();
    }

    private static void report(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void fail(Throwable e) {
        report("ERROR " + e);
        e.printStackTrace();
        System.exit(2);
    }
}
