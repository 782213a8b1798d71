package org.swiftft.detector.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.swiftft.libft.runtime.RuntimeConnection;

/**
 * A child JVM for the tests: connects through libft (launched: {@code connect}, or {@code register NAME}),
 * answers CHECKPOINT, writes PREPARE_STOP's argument to {@code FOLDER/prepared}, and runs until killed.
 * Usage: {@code LibftApplication FOLDER connect|register|unregister [NAME]}.
 */
public final class LibftApplication {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        var options = RuntimeConnection.options()
                .onRequest(RuntimeConnection.CHECKPOINT, reason -> "took a checkpoint for " + reason)
                .onRequest(RuntimeConnection.PREPARE_STOP, grace -> {
                    Files.writeString(folder.resolve("prepared"), grace);
                    return "drained";
                });
        RuntimeConnection connection;
        if (args[1].equals("connect")) {
            connection = options.connect().orElseThrow(() -> new IllegalStateException("not launched by SwiFT"));
        } else {
            connection = options.name(args[2]).register();
        }
        Files.writeString(folder.resolve("connected-" + ProcessHandle.current().pid()),
                connection.application() + " " + System.getenv("GREETING"));
        if (args[1].equals("unregister")) {
            connection.unregister();
            Files.writeString(folder.resolve("unregistered"), "yes");
        }
        Thread.sleep(120_000);
    }

    private LibftApplication() {
    }
}
