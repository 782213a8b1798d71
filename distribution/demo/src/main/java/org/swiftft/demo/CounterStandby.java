package org.swiftft.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.swiftft.libft.runtime.RequestHandler;

/**
 * A standby's waiting: it keeps the JVM warm for a fast promotion by recovering the replicated files
 * read-only every {@value #WARM_EVERY_MS} ms (loading and compiling the recovery and record code, and
 * reading the files into the page cache), ignoring what fails, since replication may be changing the
 * files under it. With {@code --promote-on-stdin}, a line {@code PROMOTE [EPOCH]} on stdin promotes it
 * as the runtime's PROMOTE request does: for tests, and for trying fail-over without a cluster.
 */
final class CounterStandby {

    static final long WARM_EVERY_MS = 2_000;

    private final ScheduledExecutorService warmer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "counter-standby-warm");
        thread.setDaemon(true);
        return thread;
    });
    private final Path files;
    private final Consumer<String> status;

    private CounterStandby(Path files, Consumer<String> status) {
        this.files = files;
        this.status = status;
    }

    /**
     * @param files   the replicated directory to read, or null when it is not known here (a replicated
     *                set without {@code --dir}): then only the code is warmed
     * @param status  told what the files hold after each warm-up, e.g. for the runtime's status line
     * @param promote called with the epoch of a {@code PROMOTE} line on stdin, or null not to read stdin
     */
    static CounterStandby start(Path files, Consumer<String> status, RequestHandler promote) {
        CounterStandby standby = new CounterStandby(files, status);
        standby.warmer.scheduleWithFixedDelay(standby::warm, 0, WARM_EVERY_MS, TimeUnit.MILLISECONDS);
        if (promote != null) {
            Thread reader = new Thread(() -> readPromotions(promote), "counter-standby-stdin");
            reader.setDaemon(true);
            reader.start();
        }
        return standby;
    }

    /** Ends the warm-ups; a promotion calls it once it serves. */
    void stop() {
        warmer.shutdownNow();
    }

    private void warm() {
        try {
            CounterProtocol.parse("ADD warm 1");
            CounterJournal.record(new CounterJournal.Change(1, "warm", 1));
            if (files == null) {
                status.accept("standby, waiting for PROMOTE");
                return;
            }
            CounterRecovery recovery = CounterRecovery.read(files);
            CounterSnapshot.encode(recovery.state().seq(), recovery.state().totals());
            status.accept("standby, replicated files at seq " + recovery.state().seq() + ", waiting for PROMOTE");
        } catch (Exception e) {
            // files half-replicated, or not there yet: the promotion's own recovery is the one that counts
        }
    }

    private static void readPromotions(RequestHandler promote) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.strip().split(" +", 2);
                if (!words[0].equals("PROMOTE")) {
                    System.out.println("counter: stdin takes only PROMOTE [EPOCH], not '" + line + "'");
                    continue;
                }
                try {
                    promote.handle(words.length > 1 ? words[1] : "");
                } catch (Exception e) {
                    System.out.println("counter: promotion failed: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            // stdin closed: no more promotions from there
        }
    }
}
