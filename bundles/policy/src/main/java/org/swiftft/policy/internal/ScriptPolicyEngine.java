package org.swiftft.policy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.policy.FailoverTargetPolicy;
import org.swiftft.policy.PolicyConstants;
import org.swiftft.policy.PolicyScriptDTO;
import org.swiftft.policy.PolicyScripts;
import org.swiftft.policy.RejuvenationPolicy;
import org.swiftft.policy.ReplicationSchemePolicy;
import org.swiftft.policy.RestartPolicy;
import org.swiftft.policy.internal.ScriptCompiler.CompiledScript;

/**
 * The policy engine: every {@code *.groovy} in the scripts folder becomes a service of the policy
 * interface its class implements, named by {@link PolicyConstants#POLICY_NAME}. A changed file is
 * compiled and swapped into the same service; a file that fails leaves the previous version live.
 */
@Component(service = PolicyScripts.class, immediate = true, configurationPid = "org.swiftft.policy")
@Designate(ocd = PolicyEngineConfiguration.class)
public class ScriptPolicyEngine implements PolicyScripts, ScriptFolderWatcher.Listener {

    static final List<Class<?>> POLICY_INTERFACES = List.of(RestartPolicy.class, ReplicationSchemePolicy.class,
            FailoverTargetPolicy.class, RejuvenationPolicy.class);

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    // Two locks: loads (compile, instantiate) are serialised by loadLock and may take a while; the state
    // below is guarded by "this" and held only briefly, so policy:list and callers never wait on a compile.
    private final Object loadLock = new Object();
    private final Map<String, ScriptEntry> entries = new LinkedHashMap<>();
    private BundleContext context;
    private ScriptCompiler compiler;
    private ThreadPoolExecutor workers;
    private ScriptFolderWatcher watcher;
    private volatile EngineSettings settings;

    @Activate
    void activate(BundleContext context, PolicyEngineConfiguration config) {
        this.context = context;
        this.settings = checked(config, EngineSettings.DEFAULTS);
        this.compiler = new ScriptCompiler(POLICY_INTERFACES, getClass().getClassLoader());
        this.workers = new ThreadPoolExecutor(0, settings.maxThreads(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads());
        try {
            watcher = watch(settings.folder());
        } catch (IOException e) {
            logger.error("No policy is loaded: the scripts folder {} cannot be used ({}); set scripts.dir in "
                    + "etc/org.swiftft.policy.cfg to a folder the runtime can create and read", settings.folder(), e);
        }
    }

    @Modified
    void modified(PolicyEngineConfiguration config) {
        EngineSettings previous = settings;
        settings = checked(config, previous);
        workers.setMaximumPoolSize(settings.maxThreads());
        synchronized (this) {
            entries.values().stream().filter(e -> e.guard != null)
                    .forEach(e -> e.guard.limits(settings.deadlineMillis(), settings.brokenAfter()));
        }
        if (settings.folder().equals(previous.folder()) && watcher != null) {
            return;
        }
        ScriptFolderWatcher next;
        try {
            next = new ScriptFolderWatcher(settings.folder(), settings.settleMillis(), this);
        } catch (IOException e) {
            logger.error("Policies stay as they are: the new scripts folder {} cannot be used ({}); fix scripts.dir in "
                    + "etc/org.swiftft.policy.cfg", settings.folder(), e.toString());
            settings = new EngineSettings(previous.folder(), settings.deadlineMillis(), settings.brokenAfter(),
                    settings.settleMillis(), settings.maxThreads(), settings.problems());
            return;
        }
        if (watcher != null) {
            watcher.close();
        }
        synchronized (loadLock) { // a load still running from the old folder finishes first
            unregisterAll("the scripts folder changed to " + settings.folder());
        }
        watcher = start(next);
    }

    @Deactivate
    void deactivate() {
        if (watcher != null) {
            watcher.close();
        }
        synchronized (loadLock) {
            unregisterAll(null);
        }
        workers.shutdownNow();
    }

    private EngineSettings checked(PolicyEngineConfiguration config, EngineSettings fallback) {
        String home = context.getProperty("swift.home");
        Path defaultFolder = Path.of(home == null ? "." : home, "scripts").toAbsolutePath().normalize();
        EngineSettings checked = EngineSettings.of(config, fallback, defaultFolder);
        checked.problems().forEach(problem -> logger.error("etc/org.swiftft.policy.cfg: {}", problem));
        return checked;
    }

    private ScriptFolderWatcher watch(Path folder) throws IOException {
        return start(new ScriptFolderWatcher(folder, settings.settleMillis(), this));
    }

    /** Loads the scripts there now, so they are live when the engine says it is up; then follows changes. */
    private ScriptFolderWatcher start(ScriptFolderWatcher next) {
        logger.info("Loading policy scripts from {}", settings.folder());
        try {
            next.start();
        } catch (IOException e) {
            logger.error("Cannot list the scripts folder {}: {}", settings.folder(), e.toString());
        }
        return next;
    }

    @Override
    public synchronized List<PolicyScriptDTO> scripts() {
        return entries.values().stream().map(ScriptEntry::toDTO)
                .sorted(Comparator.comparing(dto -> dto.name)).toList();
    }

    @Override
    public synchronized Optional<PolicyScriptDTO> script(String name) {
        return Optional.ofNullable(entries.get(name)).map(ScriptEntry::toDTO);
    }

    @Override
    public PolicyScriptDTO reload(String name) {
        Path folder = settings.folder();
        Path file = folder.resolve(name + ".groovy").normalize();
        if (!folder.equals(file.getParent()) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no policy script '" + name + "' in " + folder
                    + " (policy:list shows the scripts there)");
        }
        load(file, true);
        return script(name).orElseThrow();
    }

    @Override
    public void changed(Path file) {
        load(file, false);
    }

    @Override
    public void removed(Path file) {
        synchronized (loadLock) { // not while a load of the same file could register it again
            ScriptEntry entry;
            synchronized (this) {
                entry = entries.remove(nameOf(file));
            }
            if (entry != null && entry.isLive()) {
                takeOutOfService(entry, file + " was deleted");
            }
        }
    }

    @Override
    public void trouble(String message, Exception cause) {
        if (cause == null) {
            logger.warn("Policy scripts: {}", message);
        } else {
            logger.error("Policy scripts: {}", message, cause);
        }
    }

    /** Compiles and puts one script in service; on failure the previous version stays live. */
    private void load(Path file, boolean force) {
        String name = nameOf(file);
        synchronized (loadLock) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (!force && isLive(name, text)) {
                    return; // an editor's extra write event: same text, nothing to do
                }
                CompiledScript compiled = compiler.compile(file, text);
                Object instance = instantiate(file, compiled.implementation());
                synchronized (this) {
                    putInService(entry(name, file), compiled, instance);
                }
            } catch (ScriptException | IOException e) {
                failedToLoad(name, file, e.getMessage());
            } catch (RuntimeException e) {
                failedToLoad(name, file, file + ": " + e);
            }
        }
    }

    private synchronized boolean isLive(String name, String text) {
        ScriptEntry entry = entries.get(name);
        // A file put back as it was after a failed edit is loaded again: that clears the error.
        return entry != null && text.equals(entry.loadedText) && entry.isLive() && !entry.guard.isBroken()
                && entry.lastError == null;
    }

    private ScriptEntry entry(String name, Path file) {
        return entries.computeIfAbsent(name, n -> new ScriptEntry(n, file));
    }

    private void failedToLoad(String name, Path file, String error) {
        boolean live;
        synchronized (this) {
            ScriptEntry entry = entry(name, file);
            entry.lastError = error;
            entry.lastErrorAt = System.currentTimeMillis();
            live = entry.isLive();
        }
        // One line, so log:display shows the error itself; policy:error NAME has every message.
        String firstError = error.lines().findFirst().orElse(error);
        long more = error.lines().count() - 1;
        logger.error("Policy '{}' not loaded, {}: {}{}", name,
                live ? "the previous version stays live" : "no version is live", firstError,
                more > 0 ? " (and " + more + " more: policy:error " + name + ")" : "");
        publish(PolicyConstants.TOPIC_FAILED, name, error);
    }

    private void putInService(ScriptEntry entry, CompiledScript compiled, Object instance) {
        long now = System.currentTimeMillis();
        CompiledScript replaced = entry.compiled;
        if (entry.isLive() && entry.policyInterface == compiled.policyInterface()) {
            entry.guard.swap(instance, entry.file.toString());
            entry.registration.setProperties(properties(entry, now));
        } else {
            PolicyCallGuard guard = new PolicyCallGuard(entry.name, workers, this::markedBroken);
            guard.limits(settings.deadlineMillis(), settings.brokenAfter());
            guard.swap(instance, entry.file.toString());
            ServiceRegistration<?> previous = entry.registration;
            entry.registration = context.registerService(compiled.policyInterface().getName(),
                    guard.proxyFor(compiled.policyInterface()), properties(entry, now));
            entry.guard = guard;
            if (previous != null) {
                previous.unregister(); // another interface: consumers of the old one lose it
            }
        }
        entry.policyInterface = compiled.policyInterface();
        entry.compiled = compiled;
        entry.loadedText = compiled.sourceText();
        entry.loadedAt = now;
        entry.lastError = null;
        entry.lastErrorAt = 0;
        logger.info("Policy '{}' loaded from {} as {}", entry.name, entry.file,
                compiled.policyInterface().getSimpleName());
        publish(PolicyConstants.TOPIC_LOADED, entry.name, entry.file.toString());
        if (replaced != null) {
            replaced.release();
        }
    }

    private void takeOutOfService(ScriptEntry entry, String why) {
        try {
            entry.registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping the bundle and unregistered it first
        }
        entry.compiled.release();
        logger.info("Policy '{}' removed: {}", entry.name, why);
        publish(PolicyConstants.TOPIC_REMOVED, entry.name, why);
    }

    /** Runs the script's constructor under a deadline: a constructor can loop forever too. */
    private Object instantiate(Path file, Class<?> implementation) throws ScriptException {
        long deadline = Math.max(1000, settings.deadlineMillis() * 10);
        Future<Object> created;
        try {
            created = workers.submit(() -> implementation.getDeclaredConstructor().newInstance());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new ScriptException(file + ": not instantiated: every policy thread is busy", e);
        }
        try {
            return created.get(deadline, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            created.cancel(true);
            throw new ScriptException(file + ": the constructor of " + implementation.getSimpleName()
                    + " did not return within " + deadline + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.lang.reflect.InvocationTargetException ite
                    ? ite.getCause() : e.getCause();
            if (cause instanceof NoSuchMethodException) {
                throw new ScriptException(file + ": class " + implementation.getSimpleName()
                        + " needs a constructor without arguments", cause);
            }
            throw new ScriptException(file + ": the constructor of " + implementation.getSimpleName()
                    + " threw " + cause, cause);
        } catch (InterruptedException e) {
            created.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScriptException(file + ": interrupted while instantiating", e);
        }
    }

    private void markedBroken(PolicyCallGuard guard, String message) {
        logger.error("{}", message);
        String name;
        synchronized (this) {
            name = entries.values().stream().filter(e -> e.guard == guard).map(e -> e.name).findFirst().orElse("?");
        }
        publish(PolicyConstants.TOPIC_BROKEN, name, message);
    }

    /** @param why logged and published for each policy, or {@code null} when the engine itself stops */
    private synchronized void unregisterAll(String why) {
        for (ScriptEntry entry : entries.values()) {
            if (entry.isLive()) {
                if (why == null) {
                    entry.registration.unregister();
                    entry.compiled.release();
                } else {
                    takeOutOfService(entry, why);
                }
            }
        }
        entries.clear();
    }

    private Dictionary<String, Object> properties(ScriptEntry entry, long loadedAt) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PolicyConstants.POLICY_NAME, entry.name);
        properties.put(PolicyConstants.POLICY_SOURCE, entry.file.toString());
        properties.put("policy.loaded", loadedAt);
        return properties;
    }

    private void publish(String topic, String policy, String message) {
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(topic, Map.of(PolicyConstants.EVENT_POLICY, policy,
                    PolicyConstants.EVENT_MESSAGE, message)));
        }
    }

    private static String nameOf(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.length() - ".groovy".length());
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "swift-policy-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
