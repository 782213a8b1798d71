package org.swiftft.replication.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What copy mode looks at to tell whether an entry changed without reading it: kind, size, inode,
 * modification and status-change times in nanoseconds, and permission bits. The ctime catches what
 * the mtime misses (a writer that restores the mtime, a chmod); the inode catches a file replaced by
 * rename. Two equal stamps are taken to mean equal content: a writer through a memory mapping, whose
 * times change late, is only seen at its next visible change.
 *
 * @param kind        what the entry is
 * @param size        bytes, for a file
 * @param modified    mtime in nanoseconds since the epoch
 * @param changed     ctime in nanoseconds since the epoch
 * @param inode       the inode number
 * @param permissions the low nine permission bits, as {@link Replayer#permissions(int)} reads them
 */
record FileStamp(Kind kind, long size, long modified, long changed, long inode, int permissions) {

    /** Kinds copy mode tells apart; OTHER (symlink, fifo, socket, device) is never shipped. */
    enum Kind { FILE, DIRECTORY, OTHER }

    /** The stamp of {@code path} now, without following a symlink; {@code null} if nothing is there. */
    static FileStamp of(Path path) throws IOException {
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(path, "unix:mode,size,lastModifiedTime,ctime,ino,isRegularFile,isDirectory",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if ("Not a directory".equals(e.getReason())) {
                return null; // a directory on its way was replaced by a file: the path is gone
            }
            throw e;
        }
        Kind kind = Boolean.TRUE.equals(unix.get("isRegularFile")) ? Kind.FILE
                : Boolean.TRUE.equals(unix.get("isDirectory")) ? Kind.DIRECTORY : Kind.OTHER;
        return new FileStamp(kind, (Long) unix.get("size"), nanos(unix.get("lastModifiedTime")),
                nanos(unix.get("ctime")), (Long) unix.get("ino"), ((Integer) unix.get("mode")) & 0777);
    }

    /**
     * Whether nothing copy mode ships changed between two looks ({@code null}: missing). A
     * directory's times change with its entries, which are shipped on their own, so only its kind,
     * inode and permissions count.
     */
    static boolean unchanged(FileStamp a, FileStamp b) {
        if (a != null && b != null && a.kind == Kind.DIRECTORY && b.kind == Kind.DIRECTORY) {
            return a.inode == b.inode && a.permissions == b.permissions;
        }
        return java.util.Objects.equals(a, b);
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    long modifiedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(modified);
    }
}
