package org.swiftft.libft.runtime;

/**
 * Answers one kind of request the runtime sends to this application (take a checkpoint, prepare to
 * stop, become primary). Called on the connection's request thread, one request at a time.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * @param argument what came with the request, or "" (for {@code PREPARE_STOP}: the grace period
     *                 in milliseconds before SIGTERM)
     * @return a one-line answer for the runtime's log and the shell, or {@code null} for none
     * @throws Exception to refuse or fail the request; its message goes back to the runtime
     */
    String handle(String argument) throws Exception;
}
