package org.swiftft.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFoldersTest {

    @TempDir
    Path home;

    @Test
    void eachApplicationGetsAPrivateFolderInAFolderThatCannotBeListed() throws Exception {
        StateFolders folders = new StateFolders(home.resolve("state"));

        Path orders = folders.prepare("orders", null);

        assertEquals(home.resolve("state/orders"), orders);
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("state"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(orders)));
        Files.writeString(orders.resolve("kept"), "state");
        assertEquals(orders, folders.prepare("orders", null), "the same folder at every launch, its files kept");
        assertEquals("state", Files.readString(orders.resolve("kept")));
    }

    @Test
    void folderOfAnApplicationRunningAsAnotherUserIsOwnedByIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder away");
        Path folder = new StateFolders(home.resolve("state")).prepare("web", new ProcessGroups.Identity("65534", "65534"));

        assertEquals(65534, Files.getAttribute(folder, "unix:uid"));
        assertEquals(65534, Files.getAttribute(folder, "unix:gid"));

        Path written = Files.createDirectories(folder.resolve("checkpoints")).resolve("store.lock");
        Files.writeString(written, ""); // what the application wrote as its first user
        new StateFolders(home.resolve("state")).prepare("web", new ProcessGroups.Identity("1", "1"));
        assertEquals(1, Files.getAttribute(written, "unix:uid"), "a changed user gets the files the previous one wrote");
        assertEquals(1, Files.getAttribute(folder.resolve("checkpoints"), "unix:gid"));
    }
}
