package org.swiftft.shell.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.checkpoint.CheckpointCatalog;
import org.swiftft.checkpoint.CheckpointDTO;

/** {@code checkpoint:} the checkpoints of applications and runtime components, read from their files. */
@Component(service = CheckpointCommands.class, property = {"osgi.command.scope=checkpoint", "osgi.command.function=list",
        "osgi.command.function=verify", "osgi.command.function=take"})
public class CheckpointCommands {

    private static final long WAIT_SECONDS = 40;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CheckpointCatalog checkpoints;

    @Descriptor("List the stores that have checkpoints, with their newest")
    public Rows<CheckpointDTO> list() {
        CheckpointCatalog catalog = catalog();
        List<CheckpointDTO> newest = catalog.stores().stream()
                .map(store -> catalog.checkpoints(store)).filter(list -> !list.isEmpty())
                .map(list -> list.get(list.size() - 1)).toList();
        return table(newest);
    }

    @Descriptor("List a store's retained checkpoints, oldest first: sequence, time, size, full or incremental")
    public Rows<CheckpointDTO> list(@Descriptor("store (application) name") String store) {
        return table(catalog().checkpoints(store));
    }

    @Descriptor("Read every retained checkpoint of a store and check every CRC")
    public Rows<CheckpointDTO> verify(@Descriptor("store (application) name") String store) throws Exception {
        return table(catalog().verify(store));
    }

    @Descriptor("Ask a supervised application that uses libft to take a checkpoint now, at its next quiet point (waits up to 30 s)")
    public Rows<CheckpointDTO> take(@Descriptor("application name") String application) throws Exception {
        try {
            // the catalog gives up after its own 30 s; this wait only guards against a catalog that never answers
            return table(List.of(catalog().take(application).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS)));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException(application + " took no checkpoint within " + WAIT_SECONDS + " s", e);
        }
    }

    private CheckpointCatalog catalog() {
        CheckpointCatalog catalog = checkpoints;
        if (catalog == null) {
            throw new IllegalStateException("the checkpoint capability is not running: feature:install checkpoint");
        }
        return catalog;
    }

    static Rows<CheckpointDTO> table(List<CheckpointDTO> rows) {
        return new Rows<>(rows,
                Column.of("STORE", c -> c.store),
                Column.of("SEQUENCE", c -> c.sequence),
                Column.of("TIME", c -> c.time == 0 ? "-" : Instant.ofEpochMilli(c.time)),
                Column.of("KIND", c -> c.time == 0 ? "?" : c.kind == CheckpointDTO.Kind.FULL ? "full" : "incremental of " + c.baseSequence),
                Column.of("SIZE", c -> c.sizeBytes),
                Column.of("STATE", c -> c.stateBytes),
                Column.of("JOURNAL", c -> c.journalPosition < 0 ? "-" : c.journalPosition),
                Column.of("TOOK", c -> c.durationMillis + " ms"),
                Column.of("VERIFIED", c -> c.verified.name().toLowerCase() + (c.problem == null ? "" : ": " + c.problem)));
    }
}
