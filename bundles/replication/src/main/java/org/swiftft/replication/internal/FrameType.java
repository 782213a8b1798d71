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
    RESEND(7);

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
