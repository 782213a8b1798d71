package org.swiftft.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/swift CMD ARGS…}: runs one command in the running runtime and exits with its status:
 * 0 when it succeeded, 1 when it failed, 2 when no runtime answers.
 */
public final class SwiftClient {

    static final int NO_RUNTIME = 2;

    private SwiftClient() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty(LauncherProperties.HOME, ".")).toAbsolutePath().normalize();
        if (args.length == 0 || args[0].isBlank() || args[0].equals("--help") || args[0].equals("-h")) {
            boolean asked = args.length > 0 && args[0].startsWith("-");
            (asked ? System.out : System.err).println(
                    "usage: bin/swift COMMAND [ARGS...]   e.g. bin/swift feature:list, bin/swift help");
            System.exit(asked ? 0 : 1);
        }
        System.exit(run(home, commandLine(args), System.out, System.err));
    }

    static int run(Path home, String command, PrintStream out, PrintStream err) {
        ControlSocketPath path = new ControlSocketPath(home);
        if (!Files.exists(path.file())) {
            err.println("swift: no SwiFT runtime is running in " + home + " (" + path.file()
                    + " does not exist); start one with bin/swiftd or bin/swiftd --background");
            return NO_RUNTIME;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(path.address());
            DataOutputStream request = new DataOutputStream(Channels.newOutputStream(channel));
            ControlProtocol.writeCommand(request, command);
            return relay(new DataInputStream(Channels.newInputStream(channel)), out, err);
        } catch (ConnectException e) {
            err.println("swift: no SwiFT runtime answers on " + path.file() + " (a stale socket left by a runtime"
                    + " that died); start one with bin/swiftd, which replaces it");
            return NO_RUNTIME;
        } catch (IOException e) {
            err.println("swift: lost the connection to the runtime: " + e.getMessage());
            return NO_RUNTIME;
        }
    }

    private static int relay(DataInputStream in, PrintStream out, PrintStream err) throws IOException {
        while (true) {
            byte kind;
            try {
                kind = in.readByte();
            } catch (EOFException e) {
                throw new IOException("the runtime closed the connection before the command ended (did it stop?)");
            }
            if (kind == ControlProtocol.EXIT) {
                return in.readInt();
            }
            byte[] bytes = in.readNBytes(in.readInt());
            PrintStream target = kind == ControlProtocol.ERR ? err : out;
            target.write(bytes);
            target.flush();
        }
    }

    /**
     * Joins the arguments into one Gogo command line. An argument Gogo would split, expand or take
     * as syntax goes in double quotes, with {@code \\ " $ ' %} escaped (Gogo's single quotes have no
     * escapes, its tokenizer takes a bare single quote inside double quotes for an opening one, and
     * {@code %} starts an arithmetic expression even there).
     */
    static String commandLine(String[] args) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            boolean plain = !arg.isEmpty()
                    && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_.:/=,+@".indexOf(c) >= 0);
            words.add(plain ? arg
                    : '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                            .replace("'", "\\'").replace("%", "\\%") + '"');
        }
        return String.join(" ", words);
    }
}
