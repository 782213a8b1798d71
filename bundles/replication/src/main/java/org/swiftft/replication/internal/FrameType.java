package org.swiftft.replication.internal;

/** The kinds of frame between a primary and a backup, with their wire codes. */
public enum FrameType {
    /** Primary → backup: set name and the primary's nonce. */
    HELLO(1),
    /** Backup → primary: the backup's nonce and its proof of the secret. */
    CHALLENGE(2),
    /** Primary → backup: the primary's proof of the secret. */
    PROOF(3),
    /** Backup → primary: authenticated; sequence = last operation the backup holds durably. */
    WELCOME(4),
    /** Primary → backup: one operation; sequence = its sequence. */
    OPERATION(5),
    /** Backup → primary: sequence = last received in order; payload = durable i64, applied i64. */
    ACK(6),
    /** Backup → primary: a gap or a damaged frame; resend from sequence + 1. */
    RESEND(7),
    /**
     * Primary → backup, before a resync: drop the replica log, apply nothing more, and take
     * sequence as the last one held; what the copy lacks comes as RESYNC_OPERATION frames.
     */
    RESET(8),
    /** Primary → backup: once everything up to sequence is applied, describe the copy (MANIFEST frames). */
    MANIFEST_REQUEST(9),
    /** Backup → primary: part of the copy's description; an empty payload ends it. */
    MANIFEST(10),
    /** Primary → backup, during a resync: one operation to apply at once, not logged (sequence 0). */
    RESYNC_OPERATION(11),
    /** Primary → backup: the resync is complete; make it durable and answer RESYNC_DONE. */
    RESYNC_END(12),
    /** Backup → primary: the resync is durable; sequence = the last sequence held, as after WELCOME. */
    RESYNC_DONE(13);

    final int code;

    FrameType(int code) {
        this.code = code;
    }

    static FrameType of(int code) {
        for (FrameType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
