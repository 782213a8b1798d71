package org.swiftft.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One line per command received on the control socket: when, which user, the command, and how it
 * ended. An operator's record of who changed the runtime, so each line is flushed as written.
 */
final class AuditLog implements AutoCloseable {

    private final Writer out;

    AuditLog(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    synchronized void record(String user, String command, int status, long millis, String failure) {
        try {
            out.write(Instant.now() + " user=" + user + " status=" + status + " ms=" + millis + " command="
                    + quote(command) + (failure == null ? "" : " error=" + quote(failure)) + "\n");
            out.flush();
        } catch (IOException e) {
            System.err.println("SwiFT: cannot write the audit log: " + e.getMessage());
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
