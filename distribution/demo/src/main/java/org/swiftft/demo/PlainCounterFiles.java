package org.swiftft.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The counter's files on this disk alone ({@code --plain DIR}): no runtime, no backups. */
final class PlainCounterFiles implements CounterFiles {

    private final Path directory;

    /** Creates the directory if it is missing. */
    PlainCounterFiles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory).toAbsolutePath();
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public FileChannel channel(String name, OpenOption... options) throws IOException {
        return FileChannel.open(directory.resolve(name), options);
    }

    /** The rename, then an fsync of the directory, so that the rename outlives a power cut too. */
    @Override
    public void replace(String source, String target) throws IOException {
        Files.move(directory.resolve(source), directory.resolve(target), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    @Override
    public void deleteIfExists(String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name));
    }

    @Override
    public void close() {
        // nothing held open: the channels are the store's
    }

    @Override
    public String toString() {
        return "plain files in " + directory;
    }
}
