package org.swiftft.libft.replication.wire;

import java.io.IOException;

/**
 * Bytes from a peer or a log that do not follow our frame or operation format: bad magic, version,
 * length, CRC, or content. The message names where the bytes came from. An IOException because the
 * only safe answer to it is the one given to a broken connection: drop it and start again.
 */
public class WireFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
