package org.swiftft.libft.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.swiftft.libft.replication.WriterFixture.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swiftft.libft.replication.wire.OperationCodec;
import org.swiftft.libft.replication.wire.WriterProtocol;

/** The order of a write as WriterProtocol defines it, and what the runtime's messages do to writers. */
class WriterConnectionTest {

    /** Long enough to see that something does not happen; the events that should happen are awaited. */
    private static final long NOT_WITHIN_MILLIS = 150;

    @TempDir
    Path temp;
    WriterFixture fixture;

    @AfterEach
    void close() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    private static CompletableFuture<Void> inBackground(Call call) {
        return CompletableFuture.runAsync(() -> {
            try {
                call.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void assertNotDone(CompletableFuture<?> future) {
        assertThrows(TimeoutException.class, () -> future.get(NOT_WITHIN_MILLIS, TimeUnit.MILLISECONDS));
    }

    private static void assertDone(CompletableFuture<?> future) throws Exception {
        future.get(FakeWriterRuntime.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static IOException failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(FakeWriterRuntime.WAIT_SECONDS, TimeUnit.SECONDS));
        return (IOException) e.getCause().getCause();
    }

    @Test
    void operationIsSentBeforeItIsAppliedLocally() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.ASYNC);
        Path file = fixture.directory.resolve("big");
        fixture.files.write(Path.of("big"), new byte[0]);
        fixture.runtime.holdReadingAfter(16 * 1024);
        byte[] data = new byte[OperationCodec.MAX_DATA_BYTES];
        CompletableFuture<Void> write = inBackground(() -> {
            try (FileChannel channel = fixture.files.channel(Path.of("big"), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(data));
            }
        });
        assertTrue(fixture.runtime.awaitReadingHeld());
        // The runtime has read part of the operation; the writer is still sending it, so it cannot have applied it.
        assertEquals(0, Files.size(file));
        assertNotDone(write);
        fixture.runtime.releaseReading();
        assertDone(write);
        assertEquals(data.length, Files.size(file));
    }

    @ParameterizedTest
    @EnumSource(value = ReplicationLevel.class, names = {"RECEIVED", "DURABLE"})
    void callsWaitForTheAcknowledgementAboveAsync(ReplicationLevel level) throws Exception {
        fixture = WriterFixture.open(temp, level, true);
        CompletableFuture<Void> mkdir = inBackground(() -> fixture.files.createDirectory(Path.of("a")));
        assertEquals("Mkdir a", fixture.nextShown());
        assertNotDone(mkdir);
        assertTrue(Files.isDirectory(fixture.directory.resolve("a")), "applied locally while the ACK is awaited");
        fixture.runtime.acknowledge(1);
        assertDone(mkdir);
    }

    @Test
    void asyncCallsDoNotWaitForAnAcknowledgement() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.ASYNC, true);
        fixture.files.createDirectory(Path.of("a"));
        fixture.files.write(Path.of("a/f"), bytes("x"));
        assertEquals("Mkdir a", fixture.nextShown());
    }

    @Test
    void aPauseGetsThroughAWriterInATightLoop() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.DURABLE, false); // acknowledged at once, as a quick backup would
        FakeWriterRuntime runtime = fixture.runtime;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> writer = inBackground(() -> {
            try (java.nio.channels.FileChannel channel = fixture.files.channel(Path.of("busy"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                while (!stop.get()) {
                    channel.write(java.nio.ByteBuffer.wrap(bytes("x")), 0);
                }
            }
        });
        for (int i = 0; i < 100; i++) {
            runtime.nextOperation(); // it is writing
        }
        runtime.pause(9);
        WriterProtocol.Message message;
        do {
            message = runtime.messageWithin(10_000);
            assertTrue(message != null, "no PAUSED within 10 s");
        } while (message.type() != WriterProtocol.PAUSED);
        assertEquals(9, message.number());
        stop.set(true);
        runtime.resume(9);
        assertDone(writer);
    }

    @Test
    void pauseIsAnsweredAfterTheOperationInFlightAndHoldsWritersUntilResume() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.RECEIVED, true);
        FakeWriterRuntime runtime = fixture.runtime;
        assertEquals(WriterProtocol.OPEN, runtime.nextMessage().type());
        CompletableFuture<Void> first = inBackground(() -> fixture.files.createDirectory(Path.of("a")));
        assertEquals(WriterProtocol.OPERATION, runtime.nextMessage().type());
        runtime.pause(7);
        assertNull(runtime.messageWithin(NOT_WITHIN_MILLIS), "no PAUSED while an operation awaits its ACK");
        runtime.acknowledge(1);
        WriterProtocol.Message paused = runtime.nextMessage();
        assertEquals(WriterProtocol.PAUSED, paused.type());
        assertEquals(7, paused.number());
        assertDone(first);

        CompletableFuture<Void> second = inBackground(() -> fixture.files.createDirectory(Path.of("b")));
        assertNull(runtime.messageWithin(NOT_WITHIN_MILLIS), "writers are held while paused");
        assertFalse(Files.exists(fixture.directory.resolve("b")));
        runtime.resume(7);
        WriterProtocol.Message resumed = runtime.nextMessage();
        assertEquals(WriterProtocol.OPERATION, resumed.type());
        assertEquals(2, resumed.number());
        runtime.acknowledge(2);
        assertDone(second);
    }

    @Test
    void failedWakesTheWaitingCallAndLaterCallsThrowNamingTheSet() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.RECEIVED, true);
        CompletableFuture<Void> waiting = inBackground(() -> fixture.files.createDirectory(Path.of("a")));
        fixture.runtime.nextOperation();
        fixture.runtime.fail("this node is no longer the primary of set orders");
        IOException woken = failureOf(waiting);
        assertTrue(woken.getMessage().contains("'orders'") && woken.getMessage().contains("no longer the primary"),
                woken.getMessage());
        assertTrue(woken.getMessage().contains("not acknowledged"), woken.getMessage());
        IOException later = assertThrows(IOException.class, () -> fixture.files.createDirectory(Path.of("b")));
        assertTrue(later.getMessage().contains("no longer the primary"), later.getMessage());
        assertTrue(later.getMessage().contains("nothing was changed locally"), later.getMessage());
        assertFalse(Files.exists(fixture.directory.resolve("b")));
    }

    @Test
    void whenTheRuntimeDiesLaterCallsThrowAndChangeNothingLocally() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.ASYNC);
        fixture.runtime.die();
        IOException gone = assertThrows(IOException.class, () -> fixture.files.write(Path.of("f"), bytes("x")));
        assertTrue(gone.getMessage().contains("replication set 'orders'"), gone.getMessage());
        assertFalse(Files.exists(fixture.directory.resolve("f")));
    }

    @Test
    void refusedAtOpenThrowsTheRuntimesMessage() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("set"));
        try (FakeWriterRuntime runtime = new FakeWriterRuntime(temp, directory, ReplicationLevel.RECEIVED)
                .refuseWith("set orders runs in copy mode")) {
            IOException refused = assertThrows(IOException.class, () -> ReplicatedFiles.open("orders", runtime.socket()));
            assertTrue(refused.getMessage().contains("set orders runs in copy mode"), refused.getMessage());
            assertTrue(refused.getMessage().contains(runtime.socket().toString()), "names the runtime it asked: "
                    + refused.getMessage());
        }
    }

    @Test
    void noRuntimeAtTheSocketSaysWhereItLooked() {
        Path socket = temp.resolve(WriterProtocol.SOCKET_NAME);
        IOException missing = assertThrows(IOException.class, () -> ReplicatedFiles.open("orders", socket));
        assertTrue(missing.getMessage().contains(socket.toString()), missing.getMessage());
    }

    @Test
    void closeSaysByeAndLaterCallsThrow() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.RECEIVED);
        fixture.files.close();
        assertEquals(WriterProtocol.OPEN, fixture.runtime.nextMessage().type());
        assertEquals(WriterProtocol.BYE, fixture.runtime.nextMessage().type());
        IOException closed = assertThrows(IOException.class, () -> fixture.files.createDirectory(Path.of("a")));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void concurrentAppendsAreRecordedInTheOrderTheyLanded() throws Exception {
        fixture = WriterFixture.open(temp, ReplicationLevel.RECEIVED);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        try (FileChannel log = fixture.files.channel(Path.of("log"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int w = 0; w < 4; w++) {
                String record = "writer " + w + " record\n";
                writers.add(inBackground(() -> {
                    for (int i = 0; i < 50; i++) {
                        log.write(ByteBuffer.wrap(bytes(record)));
                    }
                }));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        fixture.files.close();
        while (fixture.runtime.nextMessage().type() != WriterProtocol.BYE) {
            // all operations are in before BYE
        }
        Path backup = Files.createDirectories(temp.resolve("backup"));
        ReferenceReplay.apply(backup, fixture.runtime.allOperations());
        ReferenceReplay.assertSameTree(fixture.directory, backup);
    }
}
