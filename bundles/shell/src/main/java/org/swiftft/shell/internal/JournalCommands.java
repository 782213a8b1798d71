package org.swiftft.shell.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.journal.JournalCatalog;
import org.swiftft.journal.JournalDTO;

/** {@code journal:} journals of applications and runtime components. */
@Component(service = JournalCommands.class, property = {"osgi.command.scope=journal", "osgi.command.function=list"})
public class JournalCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile JournalCatalog journals;

    @Descriptor("List journals: size, first and last sequence, durable sequence, durability level")
    public Rows<JournalDTO> list() {
        JournalCatalog catalog = journals;
        if (catalog == null) {
            throw new IllegalStateException("the journal capability is not running: feature:install journal");
        }
        return new Rows<>(catalog.journals(),
                Column.of("APPLICATION", j -> j.application == null ? "-" : j.application),
                Column.of("JOURNAL", j -> j.name),
                Column.of("DURABILITY", j -> j.durability == null ? "?" : j.durability.name().toLowerCase()),
                Column.of("FIRST", j -> j.firstSequence),
                Column.of("LAST", j -> j.lastSequence),
                Column.of("DURABLE", j -> j.lastDurableSequence < 0 ? "-" : j.lastDurableSequence),
                Column.of("SIZE", j -> j.sizeBytes + " / " + j.sizeCapBytes),
                Column.of("SEGMENTS", j -> j.segments),
                Column.of("FAILURE", j -> j.failure == null ? "" : j.failure));
    }
}
