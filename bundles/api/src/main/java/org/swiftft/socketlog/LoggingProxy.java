package org.swiftft.socketlog;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One logging proxy: clients connect to its listen address, it forwards to the upstream server.
 *
 * <p>Every client-to-server stream is appended to a journal before it is forwarded, so nothing the
 * server may have acted on is unknown to the proxy. When the upstream connection breaks, client
 * connections are held open while the proxy reconnects (to the same address, or to the new primary
 * the cluster names) and replays every logged byte after the position the server last declared
 * {@link #covered}. The server's output is forwarded to each client from the stream offset that
 * client has already received, so a deterministic server's replies to replayed input are not sent
 * twice. Clients are disconnected only when the upstream stays unreachable past the reconnect
 * timeout, or the log is full.
 *
 * <p>Registered as a service with {@link SocketLogConstants#PROXY_NAME}; thread-safe.
 */
@ProviderType
public interface LoggingProxy {

    String name();

    ProxyDTO status();

    /**
     * The upstream server declares that its durable state (its checkpoint) covers every logged
     * record up to and including {@code sequence}: those need never be replayed again, and the
     * journal may drop them. Usually called through libft by the server after a checkpoint.
     *
     * @throws IllegalArgumentException if {@code sequence} is beyond the last logged record
     */
    void covered(long sequence);
}
