package org.swiftft.journal;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Every journal under the runtime's {@code data/}, read from the files: those of runtime
 * components and those libft applications write in their own processes. Read-only, so it can
 * never disturb a writer. Thread-safe.
 */
@ProviderType
public interface JournalCatalog {

    /** Every journal, sorted by application then name. */
    List<JournalDTO> journals();

    /** One journal by name (or {@code application/name}), or empty. */
    Optional<JournalDTO> journal(String name);
}
