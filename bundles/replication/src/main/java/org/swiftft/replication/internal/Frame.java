package org.swiftft.replication.internal;

/**
 * One frame between primary and backup.
 *
 * @param epoch    the set's primaryship epoch as the sender knows it
 * @param sequence the operation sequence it concerns (0 where none)
 * @param payload  owned by the frame; not copied
 */
public record Frame(FrameType type, long epoch, long sequence, byte[] payload) {

    static final byte[] EMPTY = new byte[0];

    public Frame {
        if (type == null || payload == null) {
            throw new IllegalArgumentException("a frame needs a type and a payload");
        }
    }

    @Override
    public String toString() {
        return type + " frame (epoch " + epoch + ", sequence " + sequence + ", " + payload.length + " bytes)";
    }
}
