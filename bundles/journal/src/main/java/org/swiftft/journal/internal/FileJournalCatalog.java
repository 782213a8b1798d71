package org.swiftft.journal.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.swiftft.journal.JournalCatalog;
import org.swiftft.journal.JournalDTO;
import org.swiftft.libft.journal.JournalFiles;
import org.swiftft.libft.runtime.StateLayout;

/**
 * Every journal under {@code state/}: {@code state/APPLICATION/journal/NAME-*.jnl}, written by
 * applications through libft in their own processes or by runtime components. Read from the files,
 * without their lock, so a writer is never disturbed.
 */
@Component(service = JournalCatalog.class)
public class FileJournalCatalog implements JournalCatalog {

    private Path state;

    @Activate
    void activate(BundleContext context) {
        state = StateLayout.root(Path.of(java.util.Objects.requireNonNullElse(context.getProperty("swift.home"), ".")));
    }

    public FileJournalCatalog() {
        // for Declarative Services
    }

    /** For tests: a catalog of the given state folder. */
    FileJournalCatalog(Path state) {
        this.state = state;
    }

    @Override
    public List<JournalDTO> journals() {
        List<JournalDTO> journals = new ArrayList<>();
        for (Path folder : applicationFolders()) {
            Path directory = folder.resolve("journal");
            try {
                for (String name : JournalFiles.names(directory)) {
                    journals.add(describe(folder, directory, name));
                }
            } catch (IOException e) {
                journals.add(unreadable(folder, directory, e));
            }
        }
        journals.sort(Comparator.comparing((JournalDTO j) -> j.application).thenComparing(j -> j.name));
        return journals;
    }

    @Override
    public Optional<JournalDTO> journal(String name) {
        return journals().stream().filter(j -> name.equals(j.name) || name.equals(j.application + "/" + j.name)).findFirst();
    }

    private static JournalDTO describe(Path folder, Path directory, String name) {
        try {
            JournalDTO journal = JournalFiles.inspect(directory, name);
            journal.application = folder.getFileName().toString();
            return journal;
        } catch (IOException e) {
            return unreadable(folder, directory, e);
        }
    }

    private static JournalDTO unreadable(Path folder, Path directory, IOException e) {
        JournalDTO journal = new JournalDTO();
        journal.application = folder.getFileName().toString();
        journal.name = "?";
        journal.directory = directory.toString();
        journal.failure = "cannot be read: " + e;
        return journal;
    }

    private List<Path> applicationFolders() {
        List<Path> folders = new ArrayList<>();
        if (!Files.isDirectory(state)) {
            return folders;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(state, Files::isDirectory)) {
            entries.forEach(folders::add);
        } catch (IOException e) {
            // an unreadable state folder lists nothing; the log of the writer tells more
        }
        return folders;
    }
}
