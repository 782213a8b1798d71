package org.swiftft.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftft.replication.internal.FileStamp.Kind;
import org.swiftft.replication.internal.ShippedTree.Shipped;

class ShippedTreeTest {

    @TempDir
    Path state;

    private final List<String> failures = new ArrayList<>();
    private final ReplicationListener listener = new ReplicationListener() {
        @Override
        public void refused(String peer, String message) {
        }

        @Override
        public void failed(String peer, String message) {
            failures.add(message);
        }
    };

    private static Shipped file(long size) {
        BlockSignatures.Builder builder = new BlockSignatures.Builder();
        builder.add(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        return new Shipped(Kind.FILE, new FileStamp(Kind.FILE, size, 1, 2, 3, 0644), builder.build());
    }

    @Test
    void signaturesSavedAfterAcknowledgementAreTrustedAfterARestart() throws Exception {
        ShippedTree tree = ShippedTree.load(state, true, listener);
        tree.put("d", new Shipped(Kind.DIRECTORY, new FileStamp(Kind.DIRECTORY, 0, 0, 0, 9, 0755), null));
        tree.put("d/f", file(3));
        tree.save(Set.of(), false);

        ShippedTree loaded = ShippedTree.load(state, true, listener);
        assertEquals(tree.get("d/f").stamp(), loaded.get("d/f").stamp());
        assertTrue(loaded.get("d/f").blocks().sameBlock(0, hashOf123()));
        assertEquals(Kind.DIRECTORY, loaded.get("d").kind());
    }

    @Test
    void aFileInFlightWhenTheSourceStoppedIsUnknownAndShippedWhole() throws Exception {
        ShippedTree tree = ShippedTree.load(state, true, listener);
        tree.put("f", file(3));
        tree.save(Set.of("f", "new"), false); // saved before its operations are submitted

        ShippedTree loaded = ShippedTree.load(state, true, listener);
        assertFalse(loaded.get("f").known());
        assertFalse(loaded.get("new").known(), "a new file in flight may have left a temporary copy to delete");
    }

    @Test
    void underAsyncSignaturesAreTrustedOnlyAfterACleanClose() throws Exception {
        ShippedTree tree = ShippedTree.load(state, false, listener);
        tree.put("f", file(3));
        tree.save(Set.of(), false);
        assertFalse(ShippedTree.load(state, false, listener).get("f").known());

        tree.save(Set.of(), true);
        assertTrue(ShippedTree.load(state, false, listener).get("f").known());
    }

    @Test
    void aDamagedStateFileIsReportedAndNothingIsTrusted() throws Exception {
        ShippedTree tree = ShippedTree.load(state, true, listener);
        tree.put("f", file(3));
        tree.save(Set.of(), false);
        Path saved = state.resolve(ShippedTree.FILE_NAME);
        byte[] bytes = Files.readAllBytes(saved);
        bytes[bytes.length - 1] ^= 1;
        Files.write(saved, bytes);

        assertNull(ShippedTree.load(state, true, listener).get("f"));
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains(saved.toString()), failures.get(0));
    }

    @Test
    void pathsBelowADirectoryComeDeepestFirst() throws Exception {
        ShippedTree tree = ShippedTree.load(state, true, listener);
        for (String path : List.of("a", "a/b", "a/b/c", "a/b-x", "a/b/c/d", "ab", "a0")) {
            tree.put(path, file(1));
        }
        List<String> below = tree.below("a");
        assertEquals(Set.of("a/b", "a/b/c", "a/b-x", "a/b/c/d"), Set.copyOf(below));
        assertTrue(below.indexOf("a/b/c/d") < below.indexOf("a/b/c") && below.indexOf("a/b/c") < below.indexOf("a/b"));
    }

    private static byte[] hashOf123() {
        try {
            return java.util.Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(new byte[] {1, 2, 3}), BlockSignatures.HASH_BYTES);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
