package org.swiftft.libft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConnectionOptionsTest {

    @Test
    void registrationCarriesTheWholeCommandLineEvenEmptyArgumentsAndOnesPastAPage() throws Exception {
        String longArgument = "x".repeat(5_000); // /proc/PID/cmdline past a page: ProcessHandle.Info gives nothing
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintCommandLine.class.getName(),
                "one two", "", "it's", longArgument).start();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        List<String> words = List.of(printed.split("\n", -1));
        assertEquals(List.of("one two", "", "it's", longArgument), words.subList(words.size() - 5, words.size() - 1));
        assertTrue(words.get(0).endsWith("/java"), words.get(0));
    }

    @Test
    void commandLineIsQuotedAsAWatchFileReadsIt() {
        assertEquals("'/bin/echo' 'it'\\''s' '' 'a b'", ConnectionOptions.quoted(List.of("/bin/echo", "it's", "", "a b")));
    }

    @Test
    void malformedNameIsRefusedBeforeAnythingIsSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeConnection.options().name("x 123 command.line=evil"));
        assertTrue(e.getMessage().contains("'x 123 command.line=evil' must be 1-64 letters"), e.getMessage());
    }

    @Test
    void processTheRuntimeLaunchedCannotRegisterUnderAnotherName() {
        ConnectionOptions launched = RuntimeConnection.options().environment(Map.of("SWIFT_APP", "web",
                "SWIFT_TOKEN", "0123456789abcdef0123456789abcdef", "SWIFT_CONTROL", "/nonexistent/app.sock"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> launched.name("other").register());

        assertTrue(e.getMessage().contains("launched by the SwiFT runtime as 'web'"), e.getMessage());
    }

    @Test
    void noRuntimeAtTheSocketIsSaidWithItsPath() {
        ConnectionOptions options = RuntimeConnection.options().environment(Map.of()).socket(Path.of("/nonexistent/app.sock"))
                .name("lonely");

        IOException e = assertThrows(IOException.class, options::register);

        assertTrue(e.getMessage().contains("no SwiFT runtime answers at /nonexistent/app.sock"), e.getMessage());
    }

    /** Prints, one per line, the command line a registration would carry. */
    public static final class PrintCommandLine {
        public static void main(String[] args) {
            ConnectionOptions.currentCommandLine().forEach(System.out::println);
        }
    }
}
