package org.swiftft.libft.journal;

/**
 * What opening a journal cut off: a torn or corrupt tail of the last segment, records that were
 * never acknowledged (a crash during a write, or a power loss before the fsync).
 *
 * @param file             the segment file, absolute
 * @param offset           where the cut was made; the file now ends here
 * @param bytesCut         how many bytes were removed
 * @param lastGoodSequence the last record kept, 0 if none
 * @param message          one line for the operator
 */
public record TailCut(String file, long offset, long bytesCut, long lastGoodSequence, String message) {
}
