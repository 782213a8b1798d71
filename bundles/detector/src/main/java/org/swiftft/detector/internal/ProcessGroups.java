package org.swiftft.detector.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Launching a child as the leader of a process group of its own, and signalling that group. Java
 * can do neither, so the child is started through Debian's {@code setsid} (a new session, hence a
 * group whose id is the child's pid) and {@code setpriv --pdeathsig KILL} (the child dies with the
 * runtime, never left running unsupervised); both exec in place, so the pid Java sees is the
 * application's. The parent-death signal is tied to the thread that forked, so launches must come
 * from one long-lived thread.
 */
final class ProcessGroups {

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    private ProcessGroups() {
    }

    static Process launch(List<String> command, Map<String, String> environment, Path workingDirectory, Path log)
            throws IOException {
        return launch(command, environment, workingDirectory, log, null, Map.of());
    }

    /**
     * @param identity {@code null}, or the user and group to run as ({@code setpriv --reuid --regid
     *                 --init-groups}; the runtime must be root)
     * @param limits   resource limits by prlimit name, set (soft and hard) before privileges are dropped,
     *                 so that a limit may also be raised; -1 is unlimited
     */
    static Process launch(List<String> command, Map<String, String> environment, Path workingDirectory, Path log,
            Identity identity, Map<String, Long> limits) throws IOException {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        if (!limits.isEmpty()) {
            // prlimit on the shell itself, then exec: the limits pass to the application, the pid stays the same.
            StringBuilder set = new StringBuilder("prlimit --pid $$");
            limits.forEach((name, value) -> {
                String v = value < 0 ? "unlimited" : Long.toString(value);
                set.append(" --").append(name).append('=').append(v).append(':').append(v);
            });
            argv.addAll(List.of("/bin/sh", "-c", set + " && exec \"$@\"", "swift-limits"));
        }
        argv.addAll(List.of("setpriv", "--pdeathsig", "KILL"));
        if (identity != null) {
            argv.addAll(List.of("--reuid", identity.uid(), "--regid", identity.gid(), "--init-groups"));
        }
        argv.add("--");
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Sends a signal to the whole group led by {@code pid}; a group that is gone already is not an error. */
    static void signal(long pid, String signal) {
        if (pid > 1) { // "kill -- -1" would signal every process the runtime may signal: never
            kill("-" + pid, signal, "process group " + pid);
        }
    }

    /** Who an application runs as: numeric ids, resolved when it is watched. */
    record Identity(String uid, String gid) {
    }

    /** The uid and (primary, unless given) gid of a user, or an error naming what is wrong. */
    static Identity identity(String user, String group) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalArgumentException("running as user " + user + " needs a runtime started as root");
        }
        String uid = id(user, "-u");
        String gid = group == null ? id(user, "-g") : groupId(group);
        return new Identity(uid, gid);
    }

    private static String id(String user, String flag) {
        return query(List.of("id", flag, user), "no user '" + user + "' on this host");
    }

    private static String groupId(String group) {
        if (group.chars().allMatch(Character::isDigit)) {
            return group;
        }
        String entry = query(List.of("getent", "group", group), "no group '" + group + "' on this host");
        return entry.split(":")[2];
    }

    private static String query(List<String> command, String notFound) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            if (process.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalArgumentException(notFound);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends a signal to one process (a daemon that left our group); one that is gone is not an error. */
    static void signalProcess(long pid, String signal) {
        if (pid > 1) {
            kill(Long.toString(pid), signal, "process " + pid);
        }
    }

    /** Java cannot signal a group (nor send SIGSTOP/SIGCONT), so /bin/kill does; a target that is gone is fine. */
    private static void kill(String target, String signal, String what) {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", target).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill to signal " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A daemon: its whole group if it leads one (it called setsid), else just the process. */
    static void signalDaemon(long pid, String signal) {
        if (leadsItsGroup(pid)) {
            signal(pid, signal);
        } else {
            signalProcess(pid, signal);
        }
    }

    /** Whether the process is its group's leader: field 5 of /proc/PID/stat is its group id. */
    static boolean leadsItsGroup(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]) == pid;
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not readable: signal the process alone
        }
    }

    /** Java reports death by signal N as exit value 128 + N. */
    static String signalName(int exitValue) {
        int signal = exitValue - 128;
        if (signal <= 0 || signal > 64) {
            return null;
        }
        return signal < SIGNALS.length ? SIGNALS[signal] : "SIG" + signal;
    }

    /** The executable as it will be run, or an error naming it when it cannot be. */
    static void checkExecutable(String command) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("no command to run");
        }
        if (command.contains("/")) {
            if (!Files.isExecutable(Path.of(command))) {
                throw new IllegalArgumentException("command " + command + " is not an executable file");
            }
            return;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String folder : path.split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, command))) {
                return;
            }
        }
        throw new IllegalArgumentException("command " + command + " is not on the PATH (" + path + ")");
    }

    /** Whether {@code ancestor} is the process's parent, grandparent, ... (not the process itself). */
    static boolean descendsFrom(ProcessHandle process, long ancestor) {
        Optional<ProcessHandle> parent = process.parent();
        for (int hops = 0; hops < 64 && parent.isPresent(); hops++) {
            if (parent.get().pid() == ancestor) {
                return true;
            }
            parent = parent.get().parent();
        }
        return false;
    }

    /** Gone, or a zombie its parent has not reaped yet: either way it runs no more. */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z"); // the state follows the command in parentheses
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }
}
