package org.swiftft.checkpoint;

import java.util.List;

/**
 * What {@link CheckpointStore#recover()} restored.
 *
 * @param checkpoint the checkpoint restored
 * @param restored   names of the regions and providers restored from it
 * @param missing    registered names it has no state for (left as they were: new since then)
 * @param unclaimed  names it has state for that nobody registered (not restored)
 * @param skipped    newer checkpoints passed over as torn or corrupt, each with file and offset;
 *                   empty when the newest was good
 */
public record RecoveredCheckpoint(CheckpointDTO checkpoint, List<String> restored, List<String> missing,
        List<String> unclaimed, List<String> skipped) {

    public RecoveredCheckpoint {
        restored = List.copyOf(restored);
        missing = List.copyOf(missing);
        unclaimed = List.copyOf(unclaimed);
        skipped = List.copyOf(skipped);
    }
}
