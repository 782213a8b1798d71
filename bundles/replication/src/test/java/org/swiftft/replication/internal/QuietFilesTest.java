package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuietFilesTest {

    private final AtomicLong now = new AtomicLong();
    private final QuietFiles quiet = new QuietFiles(Duration.ofSeconds(2), now::get);

    private List<String> due() {
        return quiet.takeDue().stream().map(QuietFiles.Due::path).toList();
    }

    @Test
    void aPathIsDueOnlyAfterTheQuietIntervalWithoutChange() {
        quiet.changed("a", null);
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertEquals(List.of(), due());
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(List.of("a"), due());
        assertEquals(List.of(), due(), "taken once");
    }

    @Test
    void aPathThatKeepsChangingIsNeverDue() {
        for (int i = 0; i < 100; i++) {
            quiet.changed("log", null);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertEquals(List.of(), due());
        }
    }

    @Test
    void aDirectoryIsDueBeforeWhatItHolds() {
        for (String path : List.of("d/x", "d-1", "d", "d/e/y", "c")) {
            quiet.changed(path, null);
        }
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        List<String> due = due();
        assertEquals(5, due.size());
        assertEquals(true, due.indexOf("d") < due.indexOf("d/x") && due.indexOf("d") < due.indexOf("d/e/y"));
    }
}
