package org.swiftft.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runtime unpacked from the real tarball, driven through bin/swiftd and bin/swift as a user would
 * (from outside its folder).
 */
final class TarballRuntime {

    /** What a command printed (output and errors together) and its exit status. */
    record Result(int status, String output) {
    }

    interface Check {
        boolean holds() throws Exception;
    }

    final Path home;

    private TarballRuntime(Path home) {
        this.home = home;
    }

    /** Unpacks the tarball ({@code -Dswift.tarball}) into {@code parent}. */
    static TarballRuntime unpack(Path parent) throws Exception {
        Path tarball = Path.of(System.getProperty("swift.tarball")).toAbsolutePath();
        Files.createDirectories(parent);
        Result untar = run(parent, 60, "tar", "xzf", tarball.toString());
        if (untar.status() != 0) {
            throw new AssertionError("tar xzf " + tarball + ": " + untar.output());
        }
        try (var entries = Files.list(parent)) {
            return new TarballRuntime(entries.findFirst().orElseThrow());
        }
    }

    Result swiftd(String... args) throws Exception {
        return run(home.getParent(), 90, command("bin/swiftd", args));
    }

    Result swift(String... args) throws Exception {
        return run(home.getParent(), 60, command("bin/swift", args));
    }

    /** The runtime's pid, from its pid file. */
    long pid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("data/swiftd.pid")).strip());
    }

    /** SIGKILLs the runtime if its pid file says one runs, and waits until it is gone. */
    void kill() throws Exception {
        if (Files.exists(home.resolve("data/swiftd.pid"))) {
            long pid = pid();
            run(home, 10, "kill", "-KILL", Long.toString(pid));
            exits(pid, 10);
        }
    }

    Path jar(String artifact) throws IOException {
        try (var files = Files.walk(home.resolve("system/org/swiftft/" + artifact))) {
            return files.filter(file -> file.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    private String[] command(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve(program).toString());
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    static boolean exits(long pid, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    static void awaitTrue(Check check) throws Exception {
        awaitTrue(20, check);
    }

    static void awaitTrue(long seconds, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (!check.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    /** Runs a command in {@code directory}, output and errors together. */
    static Result run(Path directory, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        // bin/swiftd --background leaves the runtime holding no pipe of ours, so reading to the end returns.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), output);
    }
}
