package org.swiftft.demo;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Counter} as a real child process on the test's class path, in {@code --plain} mode: its
 * stdout read line by line (so that a test waits for a line, not for time), stdin for
 * {@code --promote-on-stdin}, stderr kept in a file for failure messages.
 */
final class CounterProcess implements AutoCloseable {

    private static final String EOF = "\u0000EOF";
    private static final long WAIT_SECONDS = 30;

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private CounterProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "counter-child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code Counter --plain dir ARGS} with {@code environment} on top of this one's, less every
     * {@code SWIFT_*} and {@code COUNTER_PORT} (a test run under a runtime must not reach it).
     */
    static CounterProcess start(Path dir, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Counter.class.getName(), "--plain", dir.toString()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir.getParent(), "counter-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SWIFT_") || name.equals("COUNTER_PORT"));
        builder.environment().putAll(environment);
        return new CounterProcess(builder.start(), stderr);
    }

    /** Waits for the next line starting with {@code prefix}, skipping others; fails with all output after 30 s or at exit. */
    String awaitLine(String prefix) throws Exception {
        while (true) {
            String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                if (line != null) {
                    lines.add(EOF); // later waits fail at once too
                }
                fail("the counter " + (line == null ? "printed nothing for " + WAIT_SECONDS + " s" : "ended")
                        + " while a line starting '" + prefix + "' was awaited; stdout: " + seen + "\nstderr: "
                        + Files.readString(stderr));
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The port in {@code serving on HOST:PORT at seq N}, waiting for that line. */
    int awaitServing() throws Exception {
        String line = awaitLine("serving on ");
        String address = line.split(" ")[2];
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Writes a line to the child's stdin. */
    void tell(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM; returns the exit status. */
    int terminate() throws Exception {
        process.toHandle().destroy(); // Process.destroy() would also close the pipes, losing what the counter prints as it stops
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("the counter did not stop within " + WAIT_SECONDS + " s of SIGTERM; stderr: " + Files.readString(stderr));
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; returns the exit status. */
    int awaitExit() throws Exception {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("the counter did not exit within " + WAIT_SECONDS + " s; stdout: " + seen);
        }
        return process.exitValue();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the pipe broke with the process
        } finally {
            lines.add(EOF);
        }
    }
}
