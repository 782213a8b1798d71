package org.swiftft.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalDTO;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.journal.Journals;

/** Journals written as applications write them, listed as the shell lists them. */
class FileJournalCatalogTest {

    @TempDir
    Path state;

    @Test
    void everyJournalUnderStateIsListedWithItsApplication() throws Exception {
        try (Journal orders = Journals.open(state.resolve("shop/journal"), "orders", JournalOptions.defaults());
             Journal audit = Journals.open(state.resolve("bank/journal"), "audit",
                     JournalOptions.defaults().withDurability(Durability.PERIODIC))) {
            orders.append(ByteBuffer.wrap("first".getBytes()));
            orders.append(ByteBuffer.wrap("second".getBytes()));
            audit.append(ByteBuffer.wrap("one".getBytes()));
            audit.sync();

            List<JournalDTO> journals = new FileJournalCatalog(state).journals();

            assertEquals(List.of("bank/audit", "shop/orders"), journals.stream().map(j -> j.application + "/" + j.name).toList());
            assertEquals(2, journals.get(1).lastSequence);
            assertEquals(Durability.PERIODIC, journals.get(0).durability);
            assertEquals("orders", new FileJournalCatalog(state).journal("shop/orders").orElseThrow().name);
        }
    }

    @Test
    void noStateFolderIsNoJournal() {
        assertTrue(new FileJournalCatalog(state.resolve("absent")).journals().isEmpty());
    }
}
