package org.swiftft.heartbeat.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The sd_notify socket: an AF_UNIX datagram socket in the abstract namespace (no file, so no path
 * length limit and nothing left behind), with SO_PASSCRED so that the kernel tells the sender's pid
 * of every datagram. Java 17 has neither AF_UNIX datagrams nor sender credentials, hence JNA; the
 * structures are laid out for 64-bit Linux (LP64), the only platform the runtime supports.
 */
final class NotifySocket implements AutoCloseable {

    /** Told of each datagram: the sender's pid (or -1 if the kernel gave none) and its text. */
    interface Receiver {
        void received(long senderPid, String text);
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PASSCRED = 16;
    private static final int SCM_RIGHTS = 1;
    private static final int SCM_CREDENTIALS = 2;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int CMSG_HEADER = 16;
    private static final short POLLIN = 1;
    private static final int POLL_MILLIS = 250;
    private static final int MAX_MESSAGE = 4096;

    /** The few libc calls needed; loaded once. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        int bind(int fd, Pointer address, int length);

        int setsockopt(int fd, int level, int name, Pointer value, int length);

        NativeLong recvmsg(int fd, Pointer message, int flags);

        int poll(Pointer fds, NativeLong count, int timeout);

        int close(int fd);
    }

    private final LibC libc;
    private final int fd;
    private final String name;
    private final Thread reader;
    private volatile boolean open = true;

    /**
     * @param name the abstract socket's name, without the leading NUL; children get it as {@code @name}
     * @throws IOException if the socket cannot be made (then sd_notify is simply not offered)
     */
    NotifySocket(String name, Receiver receiver) throws IOException {
        this.name = name;
        try {
            this.libc = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IOException("JNA cannot reach libc: " + e.getMessage(), e);
        }
        this.fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + Native.getLastError());
        }
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        Memory address = new Memory(2 + 1 + path.length);
        address.clear();
        address.setShort(0, (short) AF_UNIX);
        address.write(3, path, 0, path.length); // byte 2 stays 0: the abstract namespace
        if (libc.bind(fd, address, (int) address.size()) != 0) {
            int errno = Native.getLastError();
            libc.close(fd);
            throw new IOException("cannot bind the notify socket @" + name + ": errno " + errno);
        }
        Memory one = new Memory(4);
        one.setInt(0, 1);
        if (libc.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, one, 4) != 0) {
            int errno = Native.getLastError();
            libc.close(fd);
            throw new IOException("cannot ask for sender credentials (SO_PASSCRED): errno " + errno);
        }
        this.reader = new Thread(() -> receive(receiver), "swift-heartbeat-notify @" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The value of NOTIFY_SOCKET for children. */
    String address() {
        return "@" + name;
    }

    private void receive(Receiver receiver) {
        Memory buffer = new Memory(MAX_MESSAGE);
        Memory iovec = new Memory(16);
        Memory control = new Memory(256);
        Memory message = new Memory(56);
        Memory pollfd = new Memory(8);
        while (open) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            if (libc.poll(pollfd, new NativeLong(1), POLL_MILLIS) <= 0) {
                continue; // nothing yet: look at the open flag again
            }
            iovec.setPointer(0, buffer);
            iovec.setLong(8, MAX_MESSAGE);
            message.clear();
            message.setPointer(16, iovec); // msg_iov
            message.setLong(24, 1); // msg_iovlen
            message.setPointer(32, control); // msg_control
            message.setLong(40, control.size()); // msg_controllen
            long read = libc.recvmsg(fd, message, MSG_CMSG_CLOEXEC).longValue();
            if (read < 0) {
                continue;
            }
            long sender = readControl(message, control);
            receiver.received(sender, new String(buffer.getByteArray(0, (int) read), StandardCharsets.UTF_8));
        }
    }

    /**
     * Walks the control messages: returns the sender's pid from SCM_CREDENTIALS (struct ucred), or -1,
     * and closes every descriptor passed with SCM_RIGHTS (anyone may send to an abstract socket, and
     * the kernel has already installed those descriptors in this process; unclosed they would pile up).
     */
    private long readControl(Memory message, Memory control) {
        long length = Math.min(message.getLong(40), control.size());
        long pid = -1;
        long offset = 0;
        while (offset + CMSG_HEADER <= length) {
            long cmsgLength = control.getLong(offset);
            if (cmsgLength < CMSG_HEADER || offset + cmsgLength > length) {
                break;
            }
            int level = control.getInt(offset + 8);
            int type = control.getInt(offset + 12);
            if (level == SOL_SOCKET && type == SCM_CREDENTIALS && cmsgLength >= CMSG_HEADER + 12) {
                pid = control.getInt(offset + CMSG_HEADER);
            } else if (level == SOL_SOCKET && type == SCM_RIGHTS) {
                for (long at = offset + CMSG_HEADER; at + 4 <= offset + cmsgLength; at += 4) {
                    libc.close(control.getInt(at));
                }
            }
            offset += (cmsgLength + 7) & ~7L; // CMSG_ALIGN
        }
        return pid;
    }

    @Override
    public void close() {
        open = false;
        try {
            reader.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        libc.close(fd);
    }
}
