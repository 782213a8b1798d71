package org.swiftft.checkpoint.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointOptions;
import org.swiftft.checkpoint.CheckpointStore;
import org.swiftft.libft.checkpoint.Checkpoints;

/** Checkpoints written as an application writes them, listed and verified as the shell does. */
class FileCheckpointCatalogTest {

    @TempDir
    Path state;

    @Test
    void storesUnderStateAreListedAndVerifiedFromTheirFiles() throws Exception {
        try (CheckpointStore store = Checkpoints.open(state.resolve("shop/checkpoints"), "shop", CheckpointOptions.defaults())) {
            store.allocate("stock", 4096);
            store.checkpoint();
            store.checkpoint();

            FileCheckpointCatalog catalog = new FileCheckpointCatalog(state, null);

            assertEquals(List.of("shop"), catalog.stores());
            assertEquals(List.of(1L, 2L), catalog.checkpoints("shop").stream().map(c -> c.sequence).toList());
            assertTrue(catalog.verify("shop").stream().allMatch(c -> c.verified == CheckpointDTO.Verification.OK));
        }
    }

    @Test
    void unknownStoreAndAPathOutsideStateAreRefusedByName() {
        FileCheckpointCatalog catalog = new FileCheckpointCatalog(state, null);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> catalog.checkpoints("nobody")).getMessage()
                .contains("no checkpoints for 'nobody'"));
        assertThrows(IllegalArgumentException.class, () -> catalog.checkpoints("../etc"));
    }

    @Test
    void takeWithoutADetectorSaysWhatIsMissing() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new FileCheckpointCatalog(state, null).take("shop").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(CheckpointException.Reason.NOT_ANSWERED, ((CheckpointException) e.getCause()).reason());
        assertTrue(e.getCause().getMessage().contains("feature:install detector"));
    }
}
