package org.swiftft.policy.internal;

/** A script could not be compiled or instantiated; the message starts with file:line:column. */
final class ScriptException extends Exception {

    private static final long serialVersionUID = 1L;

    ScriptException(String message) {
        super(message);
    }

    ScriptException(String message, Throwable cause) {
        super(message, cause);
    }
}
