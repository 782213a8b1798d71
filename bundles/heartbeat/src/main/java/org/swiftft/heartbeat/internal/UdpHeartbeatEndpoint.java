package org.swiftft.heartbeat.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

import org.swiftft.heartbeat.DropReason;
import org.swiftft.heartbeat.HeartbeatProtocol;

/**
 * The runtime's one UDP heartbeat port. One thread receives into a single buffer one byte longer
 * than the longest valid datagram (so an oversize one is seen, not silently cut), parses, and hands
 * the message to the table. A datagram that is not a valid message is counted and forgotten.
 */
final class UdpHeartbeatEndpoint implements AutoCloseable {

    private final DatagramChannel channel;
    private final DeadlineTable table;
    private final DropCounters counters;
    private final Consumer<String> problems;
    private final Thread receiver;
    private final int receiveBuffer;

    UdpHeartbeatEndpoint(InetSocketAddress bindAddress, int requestedReceiveBuffer, DeadlineTable table,
            DropCounters counters, Consumer<String> problems) throws IOException {
        this.table = table;
        this.counters = counters;
        this.problems = problems;
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, requestedReceiveBuffer);
        channel.bind(bindAddress);
        this.receiveBuffer = channel.getOption(StandardSocketOptions.SO_RCVBUF);
        this.receiver = new Thread(this::receive, "swift-heartbeat-udp " + address());
        receiver.setDaemon(true);
        receiver.start();
    }

    /** {@code host:port} as children are told it. */
    String address() {
        try {
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            return local.getAddress().getHostAddress() + ":" + local.getPort();
        } catch (IOException e) {
            return "closed";
        }
    }

    /** What the kernel granted (it may cap the request at net.core.rmem_max). */
    int receiveBuffer() {
        return receiveBuffer;
    }

    private void receive() {
        ByteBuffer datagram = ByteBuffer.allocateDirect(HeartbeatProtocol.MAX_DATAGRAM_BYTES + 1);
        while (channel.isOpen()) {
            try {
                datagram.clear();
                channel.receive(datagram);
                datagram.flip();
                HeartbeatMessage message = HeartbeatMessage.parse(datagram);
                if (message.dropped() != null) {
                    counters.dropped(message.dropped());
                } else {
                    table.accept(message);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                counters.dropped(DropReason.MALFORMED);
                problems.accept("heartbeat datagram dropped: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
