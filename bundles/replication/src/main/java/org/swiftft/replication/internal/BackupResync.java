package org.swiftft.replication.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.libft.replication.wire.WireFormatException;

/**
 * One resync of one backup, on its link's connection: brings the backup's copy to this primary's
 * directory by block hashes, with the set's writers held so that the directory matches the last
 * sequence: RESET to it, the backup's manifest, the operations for what differs (applied at once
 * there, not logged), RESYNC_END, RESYNC_DONE.
 */
final class BackupResync {

    /** The sequence the backup now holds, and what it took. */
    record Outcome(long sequence, String summary) {
    }

    private final ReplicationPump pump;
    private final PumpConfig config;
    private final String peer;
    private final DataInputStream in;
    private final OutputStream out;

    BackupResync(ReplicationPump pump, PumpConfig config, String peer, DataInputStream in, OutputStream out) {
        this.pump = pump;
        this.config = config;
        this.peer = peer;
        this.in = in;
        this.out = out;
    }

    Outcome run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        try (PumpConfig.Hold hold = config.writers().pause()) {
            long sequence = pump.lastSequence();
            send(FrameType.RESET, sequence, Frame.EMPTY);
            send(FrameType.MANIFEST_REQUEST, sequence, Frame.EMPTY);
            out.flush();
            TreeManifest theirs = TreeManifest.decode(readManifest(), "set " + config.set() + " backup " + peer);
            TreeManifest mine = TreeManifest.scan(config.directory(), path -> false);
            long[] operations = {0};
            long bytes = ResyncPlanner.plan(config.directory(), mine, theirs, operation -> {
                send(FrameType.RESYNC_OPERATION, 0, OperationCodec.encode(operation));
                operations[0]++;
            });
            send(FrameType.RESYNC_END, sequence, Frame.EMPTY);
            out.flush();
            awaitFrame(FrameType.RESYNC_DONE);
            return new Outcome(sequence, operations[0] + " operations, " + bytes + " bytes of content, "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }

    private void send(FrameType type, long sequence, byte[] payload) throws IOException {
        FrameCodec.write(out, new Frame(type, config.epoch(), sequence, payload));
    }

    private List<byte[]> readManifest() throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        while (true) {
            Frame frame = awaitFrame(FrameType.MANIFEST);
            if (frame.payload().length == 0) {
                return chunks;
            }
            chunks.add(frame.payload());
        }
    }

    /** The next frame of {@code type}, skipping the backup's acknowledgements (its keepalives go on). */
    private Frame awaitFrame(FrameType type) throws IOException {
        while (true) {
            Frame frame = FrameCodec.read(in, peer, FrameCodec.MAX_PAYLOAD);
            if (frame.type() == type) {
                return frame;
            }
            if (frame.type() != FrameType.ACK) {
                throw new WireFormatException("from backup " + peer + ": " + frame + " while waiting for " + type);
            }
        }
    }
}
