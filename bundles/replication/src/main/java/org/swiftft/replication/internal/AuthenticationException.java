package org.swiftft.replication.internal;

import java.io.IOException;

/** A peer did not prove the set's shared secret, or named another set. The connection is dropped. */
public final class AuthenticationException extends IOException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }
}
