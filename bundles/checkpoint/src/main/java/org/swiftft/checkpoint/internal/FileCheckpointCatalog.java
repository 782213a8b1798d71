package org.swiftft.checkpoint.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.swiftft.checkpoint.CheckpointCatalog;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.detector.ApplicationRequestException;
import org.swiftft.detector.ApplicationSupervisor;
import org.swiftft.detector.DetectorConstants;
import org.swiftft.libft.checkpoint.CheckpointFiles;
import org.swiftft.libft.checkpoint.CheckpointRequests;
import org.swiftft.libft.runtime.StateLayout;

/**
 * The checkpoints under {@code state/}: {@code state/NAME/checkpoints}, written by applications
 * through libft in their own processes or by runtime components. Read from the files, so a writer
 * is never disturbed. {@link #take} asks a supervised application over its libft connection.
 */
@Component(service = CheckpointCatalog.class)
public class FileCheckpointCatalog implements CheckpointCatalog {

    /** How long an application may take to reach a quiet point and checkpoint. */
    static final long TAKE_TIMEOUT_MILLIS = 30_000;
    private static final Pattern ANSWER = Pattern.compile(Pattern.quote(CheckpointRequests.ANSWER_PREFIX) + "(\\d+).*");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApplicationSupervisor supervisor;

    private Path state;

    public FileCheckpointCatalog() {
        // for Declarative Services
    }

    /** For tests: a catalog of the given state folder, asking the given supervisor. */
    FileCheckpointCatalog(Path state, ApplicationSupervisor supervisor) {
        this.state = state;
        this.supervisor = supervisor;
    }

    @Activate
    void activate(BundleContext context) {
        state = StateLayout.root(Path.of(java.util.Objects.requireNonNullElse(context.getProperty("swift.home"), ".")));
    }

    @Override
    public List<String> stores() {
        List<String> stores = new ArrayList<>();
        if (!Files.isDirectory(state)) {
            return stores;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(state, folder -> Files.isDirectory(folder.resolve("checkpoints")))) {
            entries.forEach(folder -> stores.add(folder.getFileName().toString()));
        } catch (IOException e) {
            // an unreadable state folder lists nothing
        }
        stores.sort(null);
        return stores;
    }

    @Override
    public List<CheckpointDTO> checkpoints(String store) {
        try {
            return named(store, CheckpointFiles.list(directory(store)));
        } catch (CheckpointException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<CheckpointDTO> verify(String store) throws CheckpointException {
        return named(store, CheckpointFiles.verify(directory(store)));
    }

    /** Shown by the folder's name, which the commands take, rather than the name inside the files. */
    private static List<CheckpointDTO> named(String store, List<CheckpointDTO> checkpoints) {
        checkpoints.forEach(checkpoint -> checkpoint.store = store);
        return checkpoints;
    }

    @Override
    public CompletionStage<CheckpointDTO> take(String application) {
        ApplicationSupervisor detector = supervisor;
        if (detector == null) {
            return CompletableFuture.failedFuture(new CheckpointException(CheckpointException.Reason.NOT_ANSWERED,
                    "the detector is not running, so no application can be asked: feature:install detector"));
        }
        return detector.request(application, DetectorConstants.REQUEST_CHECKPOINT, "operator", TAKE_TIMEOUT_MILLIS)
                .handle((answer, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null && !(error instanceof ApplicationRequestException) ? error.getCause() : error;
                        throw new java.util.concurrent.CompletionException(new CheckpointException(CheckpointException.Reason.NOT_ANSWERED,
                                application + " took no checkpoint: " + cause.getMessage()));
                    }
                    return taken(application, answer);
                });
    }

    /** The answer names the checkpoint's sequence; its description comes from the files. */
    private CheckpointDTO taken(String application, String answer) {
        Matcher m = ANSWER.matcher(answer);
        if (!m.matches()) {
            throw new java.util.concurrent.CompletionException(new CheckpointException(CheckpointException.Reason.NOT_ANSWERED,
                    application + " answered CHECKPOINT with '" + answer + "', not '" + CheckpointRequests.ANSWER_PREFIX
                            + "SEQUENCE': does it answer with libft's CheckpointRequests?"));
        }
        long sequence = Long.parseLong(m.group(1));
        return checkpoints(application).stream().filter(c -> c.sequence == sequence).findFirst()
                .orElseThrow(() -> new java.util.concurrent.CompletionException(new CheckpointException(
                        CheckpointException.Reason.NOT_ANSWERED, application + " took checkpoint " + sequence + ", but it is not in "
                                + directory(application) + ": does it keep its checkpoints in its SWIFT_STATE?")));
    }

    private Path directory(String store) {
        Path directory = state.resolve(store).resolve("checkpoints");
        if (store.contains("/") || store.startsWith(".") || !Files.isDirectory(directory)) { // confined to state/
            throw new IllegalArgumentException("no checkpoints for '" + store + "' under " + state + " (checkpoint:list shows the stores)");
        }
        return directory;
    }
}
