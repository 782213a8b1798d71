package org.swiftft.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.swiftft.libft.replication.ReplicatedFiles;

/**
 * A ledger kept in a replicated directory: it appends numbered entries to {@code ledger.txt}
 * through libft's replicated files, forcing each one, and prints {@code acknowledged N} once entry N
 * is acknowledged at the set's level — so whatever it printed last, a backup holds. Started again,
 * it goes on after the last entry in the file (on whichever runtime is primary now).
 *
 * <p>{@code Ledger --set NAME [--socket PATH] [--entries N] [--pause-ms N] [--entry-bytes N]}; the
 * socket defaults to the one beside {@code SWIFT_CONTROL} (set for applications the runtime
 * launches), else {@code -Dswift.control}.
 */
public final class Ledger {

    private Ledger() {
    }

    public static void main(String[] args) throws Exception {
        String set = option(args, "--set", null);
        if (set == null) {
            System.err.println("usage: Ledger --set NAME [--socket PATH] [--entries N] [--pause-ms N] [--entry-bytes N]");
            System.exit(2);
        }
        String socket = option(args, "--socket", null);
        long entries = Long.parseLong(option(args, "--entries", "1000"));
        long pauseMillis = Long.parseLong(option(args, "--pause-ms", "0"));
        int entryBytes = Integer.parseInt(option(args, "--entry-bytes", "64"));
        try (ReplicatedFiles files = socket == null ? ReplicatedFiles.open(set) : ReplicatedFiles.open(set, Path.of(socket))) {
            Path ledger = files.directory().resolve("ledger.txt");
            long next = lastEntry(ledger) + 1;
            System.out.println("ledger " + ledger + " (" + files.level() + "), starting at entry " + next);
            try (FileChannel channel = files.channel(ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                long whole = wholeLines(ledger);
                if (channel.size() > whole) {
                    channel.truncate(whole); // a torn last entry: it was never acknowledged
                }
                for (long n = next; n < next + entries; n++) {
                    channel.write(ByteBuffer.wrap(entry(n, entryBytes)));
                    channel.force(false);
                    System.out.println("acknowledged " + n);
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
            }
        }
        System.out.println("done");
    }

    /** {@code N <padding>\n}, {@code bytes} long (at least the number and the newline). */
    static byte[] entry(long n, int bytes) {
        StringBuilder line = new StringBuilder(Long.toString(n)).append(' ');
        while (line.length() < bytes - 1) {
            line.append((char) ('a' + (n + line.length()) % 26));
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes up to and including the last newline. */
    static long wholeLines(Path ledger) throws IOException {
        byte[] bytes = Files.readAllBytes(ledger);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    /** The number of the last whole entry in the file, 0 if none. */
    static long lastEntry(Path ledger) throws IOException {
        if (!Files.exists(ledger)) {
            return 0;
        }
        List<String> lines = List.of(new String(Files.readAllBytes(ledger), 0, (int) wholeLines(ledger),
                StandardCharsets.UTF_8).split("\n"));
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            if (space > 0) {
                try {
                    return Long.parseLong(line.substring(0, space));
                } catch (NumberFormatException e) {
                    // a torn line: look at the one before
                }
            }
        }
        return 0;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
