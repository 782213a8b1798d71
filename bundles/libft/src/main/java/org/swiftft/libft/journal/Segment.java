package org.swiftft.libft.journal;

import java.nio.file.Path;

/**
 * One segment file: its first sequence, and its length once it is no longer written (the active
 * segment's length is tracked by the writer).
 */
record Segment(Path file, long firstSequence, long bytes) {
}
