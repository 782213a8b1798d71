package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.CheckpointException.Reason;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.libft.checkpoint.CheckpointChain.EntryImage;
import org.swiftft.libft.checkpoint.CheckpointChain.VerifiedFiles;

/**
 * t_recover: finds the newest checkpoint whose whole chain verifies, then restores it into the
 * registered regions and providers. Nothing is restored before every byte needed has been read and
 * checked, so a damaged checkpoint is passed over (and reported) without touching memory.
 */
final class CheckpointRecovery {

    /**
     * @param recovered    what was restored, or empty if no checkpoint is good
     * @param skipped      damaged checkpoints passed over, newest first, each with file and offset
     * @param newestOnDisk the highest sequence of any checkpoint file, good or not, or -1
     */
    record Outcome(Optional<RecoveredCheckpoint> recovered, List<String> skipped, long newestOnDisk) {
    }

    private CheckpointRecovery() {
    }

    static Outcome recover(Path directory, String store, Map<String, OffHeapRegion> regions,
            Map<String, ProviderSlot> providers) throws CheckpointException {
        TreeSet<Long> sequences = CheckpointFiles.sequences(directory);
        long newest = sequences.isEmpty() ? -1 : sequences.last();
        List<String> skipped = new ArrayList<>();
        try (VerifiedFiles files = new VerifiedFiles(directory)) {
            for (long sequence : sequences.descendingSet()) {
                CheckpointChain chain = resolve(files, sequence, store, skipped);
                if (chain != null) {
                    return new Outcome(Optional.of(restore(chain, regions, providers, skipped)), skipped, newest);
                }
            }
        }
        return new Outcome(Optional.empty(), skipped, newest);
    }

    /** The verified chain, or null if it is damaged (then added to {@code skipped}). */
    private static CheckpointChain resolve(VerifiedFiles files, long sequence, String store, List<String> skipped)
            throws CheckpointException {
        try {
            return CheckpointChain.resolve(files, sequence, store);
        } catch (CheckpointException e) {
            if (e.reason() == Reason.CORRUPT
                    || (e.reason() == Reason.IO && e.getCause() instanceof NoSuchFileException)) {
                skipped.add(e.getMessage());
                return null;
            }
            if (e.reason() == Reason.UNSUPPORTED_FORMAT) {
                // Falling back to an older checkpoint would silently lose the newer state this file holds.
                throw new CheckpointException(Reason.UNSUPPORTED_FORMAT, "checkpoint " + sequence
                        + " is the newest that is not damaged, and it cannot be read: " + e.getMessage(), e.file(),
                        e.offset(), e);
            }
            throw e;
        }
    }

    private static RecoveredCheckpoint restore(CheckpointChain chain, Map<String, OffHeapRegion> regions,
            Map<String, ProviderSlot> providers, List<String> skipped) throws CheckpointException {
        checkRegistrations(chain, regions, providers);
        List<String> restored = new ArrayList<>();
        List<String> unclaimed = new ArrayList<>();
        for (EntryImage entry : chain.entries().values()) {
            OffHeapRegion region = entry.type() == CheckpointFormat.TYPE_REGION ? regions.get(entry.name()) : null;
            ProviderSlot provider = entry.type() == CheckpointFormat.TYPE_PROVIDER ? providers.get(entry.name()) : null;
            if (region != null) {
                for (int i = 0; i < entry.blocks().length; i++) {
                    CheckpointChain.read(entry.blocks()[i], region.block(i));
                }
            } else if (provider != null) {
                restoreProvider(chain, entry, provider, restored);
            } else {
                unclaimed.add(entry.name());
                continue;
            }
            restored.add(entry.name());
        }
        List<String> missing = new ArrayList<>();
        regions.keySet().stream().filter(n -> !chain.entries().containsKey(n)).forEach(missing::add);
        providers.keySet().stream().filter(n -> !chain.entries().containsKey(n)).forEach(missing::add);
        restored.sort(null);
        unclaimed.sort(null);
        missing.sort(null);
        return new RecoveredCheckpoint(chain.describe(), restored, missing, unclaimed, skipped);
    }

    private static void restoreProvider(CheckpointChain chain, EntryImage entry, ProviderSlot provider,
            List<String> restored) throws CheckpointException {
        byte[] bytes = new byte[(int) entry.totalLength()];
        ByteBuffer all = ByteBuffer.wrap(bytes);
        int blockBytes = chain.header().blockBytes();
        for (int i = 0; i < entry.blocks().length; i++) {
            CheckpointChain.read(entry.blocks()[i], all.slice(i * blockBytes, entry.blocks()[i].length()));
        }
        try {
            provider.restore(bytes);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(Reason.PROVIDER_FAILED, "state provider '" + entry.name() + "' threw " + e
                    + " restoring checkpoint " + chain.header().sequence() + " (" + chain.tip().file() + "); restored"
                    + " before it, and left so: " + restored + ". Fix the provider and recover again",
                    chain.tip().file().toString(), -1, e);
        }
    }

    /** Refuses, before anything is restored, state that does not fit what is registered under its name. */
    private static void checkRegistrations(CheckpointChain chain, Map<String, OffHeapRegion> regions,
            Map<String, ProviderSlot> providers) throws CheckpointException {
        for (EntryImage entry : chain.entries().values()) {
            OffHeapRegion region = regions.get(entry.name());
            boolean savedAsRegion = entry.type() == CheckpointFormat.TYPE_REGION;
            String problem = null;
            if (region != null && !savedAsRegion) {
                problem = "is a region now but was a state provider";
            } else if (providers.containsKey(entry.name()) && savedAsRegion) {
                problem = "is a state provider now but was a region";
            } else if (region != null && region.size() != entry.totalLength()) {
                problem = "is a region of " + region.size() + " bytes now but was " + entry.totalLength() + " bytes";
            }
            if (problem != null) {
                throw new CheckpointException(Reason.IO, "cannot recover checkpoint " + chain.header().sequence()
                        + " (" + chain.tip().file() + "): '" + entry.name() + "' " + problem + "; nothing was restored."
                        + " Register it as it was, or unregister it to leave its state unclaimed",
                        chain.tip().file().toString(), -1, null);
            }
        }
    }
}
