package org.swiftft.detector.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code data/run/NAME.pid}: the process group of each running application, with its leader's
 * start time. A runtime that is killed takes its direct children with it (parent-death signal), but
 * their own children live on in the group; the next runtime finds the records and kills what is left,
 * so nothing runs unsupervised or twice. The start time tells a group of ours from a new process
 * that got the same pid.
 */
final class LaunchRecords {

    private final Path folder;

    LaunchRecords(Path folder) {
        this.folder = folder;
    }

    void launched(String application, ProcessHandle leader) throws IOException {
        Files.createDirectories(folder);
        String start = leader.info().startInstant().map(Instant::toString).orElse("-");
        Path temporary = folder.resolve(application + ".pid.tmp");
        Files.writeString(temporary, leader.pid() + " " + start + "\n");
        Files.move(temporary, folder.resolve(application + ".pid"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    void ended(String application) {
        try {
            Files.deleteIfExists(folder.resolve(application + ".pid"));
        } catch (IOException e) {
            // a stale record only costs the next start a harmless check
        }
    }

    /** Kills the process groups a previous runtime left, and forgets their records. */
    void killLeftovers(Consumer<String> report) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> records = Files.newDirectoryStream(folder, "*.pid")) {
            for (Path record : records) {
                killLeftover(record, report);
                Files.deleteIfExists(record);
            }
        } catch (IOException e) {
            report.accept("cannot read the launch records in " + folder + ": " + e.getMessage());
        }
    }

    private static void killLeftover(Path record, Consumer<String> report) throws IOException {
        String[] fields = Files.readString(record).strip().split(" ");
        long pid;
        try {
            pid = Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            report.accept(record + " is not a launch record; removed");
            return;
        }
        Optional<ProcessHandle> leader = ProcessHandle.of(pid);
        Optional<String> started = leader.flatMap(p -> p.info().startInstant()).map(Instant::toString);
        if (leader.isPresent() && fields.length > 1 && started.isPresent() && !started.get().equals(fields[1])) {
            report.accept(record + ": pid " + pid + " now belongs to another process; left alone");
            return;
        }
        ProcessGroups.signal(pid, "KILL");
        report.accept("killed what a previous runtime left of process group " + pid + " (" + record.getFileName() + ")");
    }
}
