package org.swiftft.libft.replication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.swiftft.libft.replication.wire.Operation;

/** A set's directory, a fake runtime serving it and a writer opened on it. */
final class WriterFixture implements AutoCloseable {

    static final String SET = "orders";

    final Path directory;
    final FakeWriterRuntime runtime;
    final ReplicatedFiles files;

    private WriterFixture(Path directory, FakeWriterRuntime runtime, ReplicatedFiles files) {
        this.directory = directory;
        this.runtime = runtime;
        this.files = files;
    }

    static WriterFixture open(Path temp, ReplicationLevel level) throws IOException {
        return open(temp, level, false);
    }

    static WriterFixture open(Path temp, ReplicationLevel level, boolean manualAcks) throws IOException {
        Path directory = Files.createDirectories(temp.resolve("set"));
        FakeWriterRuntime runtime = new FakeWriterRuntime(temp, directory, level);
        if (manualAcks) {
            runtime.acknowledgeManually();
        }
        return new WriterFixture(directory, runtime, ReplicatedFiles.open(SET, runtime.socket()));
    }

    /** An operation as one line, data shown as text: tests compare these. */
    static String show(Operation operation) {
        if (operation instanceof Operation.WriteAt w) {
            return "WriteAt " + w.path() + " " + w.position() + " " + text(w.data());
        } else if (operation instanceof Operation.Append a) {
            return "Append " + a.path() + " " + a.offset() + " " + text(a.data());
        } else if (operation instanceof Operation.Truncate t) {
            return "Truncate " + t.path() + " " + t.size();
        } else if (operation instanceof Operation.Rename r) {
            return "Rename " + r.path() + " " + r.target();
        } else if (operation instanceof Operation.SetAttributes s) {
            return "SetAttributes " + s.path() + " "
                    + (s.permissions() == Operation.SetAttributes.UNCHANGED_PERMISSIONS ? "-" : Integer.toOctalString(s.permissions()))
                    + " " + (s.modifiedMillis() == Operation.SetAttributes.UNCHANGED_TIME ? "-" : s.modifiedMillis());
        }
        return operation.getClass().getSimpleName() + " " + operation.path();
    }

    private static String text(byte[] data) {
        return data.length > 64 ? data.length + " bytes" : new String(data, StandardCharsets.UTF_8);
    }

    String nextShown() throws InterruptedException {
        return show(runtime.nextOperation());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        runtime.close(); // first: wakes a writer still waiting for an ACK the test never sent
        files.close();
    }
}
