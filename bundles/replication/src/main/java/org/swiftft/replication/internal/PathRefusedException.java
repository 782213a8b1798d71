package org.swiftft.replication.internal;

import java.io.IOException;

/**
 * A path from the wire would reach outside the replication set's directory ({@code ..}, absolute,
 * or through a symlink pointing out). Nothing was written.
 */
public final class PathRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    public PathRefusedException(String message) {
        super(message);
    }
}
