package org.swiftft.replication.internal;

import org.swiftft.libft.replication.wire.WireFormatException;

/**
 * A frame whose header was intact but whose payload fails its CRC32C: the stream is still aligned,
 * so the receiver can drop the frame and ask for a resend instead of dropping the connection.
 */
public final class DamagedFrameException extends WireFormatException {

    private static final long serialVersionUID = 1L;

    private final transient Frame header;

    public DamagedFrameException(String message, Frame header) {
        super(message);
        this.header = header;
    }

    /** The damaged frame's header fields, with an empty payload. */
    public Frame header() {
        return header;
    }
}
