package org.swiftft.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;
import org.swiftft.journal.Durability;

/** A configuration file's values as an operator writes them. */
class ConfiguredJournalTest {

    @Test
    void durabilityIsReadInAnyCaseAsJournalListShowsIt() {
        assertEquals(Durability.PERIODIC, ConfiguredJournal.options(config("periodic", 64L << 20)).durability());
        assertEquals(Durability.GROUP_COMMIT, ConfiguredJournal.options(config(" Group_Commit ", 64L << 20)).durability());
    }

    @Test
    void wrongValueIsNamedWithWhatItMayBe() {
        assertEquals("durability = sometimes is not one of every_append, group_commit, periodic", assertThrows(
                IllegalArgumentException.class, () -> ConfiguredJournal.options(config("sometimes", 64L << 20))).getMessage());
        assertEquals("segment.bytes = -5 must be at least 1", assertThrows(
                IllegalArgumentException.class, () -> ConfiguredJournal.options(config("periodic", -5))).getMessage());
    }

    private static JournalConfiguration config(String durability, long segmentBytes) {
        return new JournalConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JournalConfiguration.class;
            }

            @Override
            public String name() {
                return "";
            }

            @Override
            public String durability() {
                return durability;
            }

            @Override
            public long commit_window_us() {
                return 200;
            }

            @Override
            public long sync_interval_ms() {
                return 1000;
            }

            @Override
            public int max_record_bytes() {
                return 1 << 20;
            }

            @Override
            public long size_cap_bytes() {
                return 1L << 30;
            }

            @Override
            public long segment_bytes() {
                return segmentBytes;
            }
        };
    }
}
