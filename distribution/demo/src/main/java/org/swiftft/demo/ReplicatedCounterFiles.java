package org.swiftft.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.swiftft.libft.replication.ReplicatedFiles;

/**
 * The counter's files in a replication set, written through libft's {@link ReplicatedFiles}: every
 * change is shipped to the set's backups, so that the standby there finds it when it is promoted.
 * Opening fails unless the local runtime is the set's primary.
 */
final class ReplicatedCounterFiles implements CounterFiles {

    private final ReplicatedFiles files;

    private ReplicatedCounterFiles(ReplicatedFiles files) {
        this.files = files;
    }

    /**
     * @param socket the runtime's replication socket, or null for the one beside {@code SWIFT_CONTROL}
     * @throws IOException when the runtime cannot be reached or refuses (this node is not the set's primary)
     */
    static ReplicatedCounterFiles open(String set, Path socket) throws IOException {
        return new ReplicatedCounterFiles(socket == null ? ReplicatedFiles.open(set) : ReplicatedFiles.open(set, socket));
    }

    @Override
    public Path directory() {
        return files.directory();
    }

    @Override
    public FileChannel channel(String name, OpenOption... options) throws IOException {
        return files.channel(Path.of(name), options);
    }

    @Override
    public void replace(String source, String target) throws IOException {
        files.move(Path.of(source), Path.of(target), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void deleteIfExists(String name) throws IOException {
        files.deleteIfExists(Path.of(name));
    }

    @Override
    public void close() {
        files.close();
    }

    @Override
    public String toString() {
        return files.toString();
    }
}
