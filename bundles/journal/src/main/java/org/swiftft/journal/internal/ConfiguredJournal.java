package org.swiftft.journal.internal;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.swiftft.journal.Durability;
import org.swiftft.journal.Journal;
import org.swiftft.journal.JournalConstants;
import org.swiftft.journal.JournalException;
import org.swiftft.journal.JournalOptions;
import org.swiftft.libft.journal.Journals;
import org.swiftft.libft.journal.TailCut;
import org.swiftft.libft.runtime.StateLayout;

/**
 * One {@code etc/org.swiftft.journal-NAME.cfg}: the journal {@code NAME}, open while the file
 * exists, registered as a {@link Journal} service with {@link JournalConstants#JOURNAL_NAME}. Its
 * files are {@code state/@NAME/journal}. A journal that cannot be opened (damaged records, a newer
 * format) is not registered; the log says why, with file and offset.
 */
@Component(service = {}, configurationPid = JournalConstants.JOURNAL_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = JournalConfiguration.class, factory = true)
public class ConfiguredJournal {

    @Reference(service = LoggerFactory.class)
    private Logger logger;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private Journal journal;
    private ServiceRegistration<Journal> registration;

    @Activate
    void activate(BundleContext context, JournalConfiguration config, Map<String, Object> properties) {
        String name = config.name().isBlank() ? nameFrom(properties) : config.name();
        try {
            JournalOptions options = options(config);
            Path directory = StateLayout.component(Path.of(java.util.Objects.requireNonNullElse(context.getProperty("swift.home"), ".")), name).resolve("journal");
            journal = Journals.open(directory, name, options, cut -> tailCut(name, cut));
            Dictionary<String, Object> service = new Hashtable<>();
            service.put(JournalConstants.JOURNAL_NAME, name);
            registration = context.registerService(Journal.class, journal, service);
            logger.info("journal {} open in {}: {}", name, directory, options.durability());
        } catch (JournalException | IllegalArgumentException | java.io.IOException e) {
            logger.error("journal {} ({}): not opened: {}", name, properties.get("felix.fileinstall.filename"), e.getMessage());
        }
    }

    /** Each setting checked on its own, so that the message names the one that is wrong and what it may be. */
    static JournalOptions options(JournalConfiguration config) {
        Durability durability;
        try {
            durability = Durability.valueOf(config.durability().strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("durability = " + config.durability() + " is not one of every_append, group_commit, periodic");
        }
        atLeast("commit.window.us", config.commit_window_us(), 0);
        atLeast("sync.interval.ms", config.sync_interval_ms(), 1);
        atLeast("max.record.bytes", config.max_record_bytes(), 1);
        atLeast("size.cap.bytes", config.size_cap_bytes(), 1);
        atLeast("segment.bytes", config.segment_bytes(), 1);
        if (config.segment_bytes() > config.size_cap_bytes()) {
            throw new IllegalArgumentException("segment.bytes = " + config.segment_bytes() + " is above size.cap.bytes = "
                    + config.size_cap_bytes() + ": a segment must fit under the cap");
        }
        return new JournalOptions(durability, config.commit_window_us(), config.sync_interval_ms(), config.max_record_bytes(),
                config.size_cap_bytes(), config.segment_bytes());
    }

    private static void atLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " = " + value + " must be at least " + least);
        }
    }

    private void tailCut(String name, TailCut cut) {
        logger.warn("journal {}: {}", name, cut.message());
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(JournalConstants.TOPIC_TAIL_CUT, Map.of(JournalConstants.EVENT_JOURNAL, name,
                    JournalConstants.EVENT_FILE, cut.file(), JournalConstants.EVENT_OFFSET, cut.offset(),
                    JournalConstants.EVENT_MESSAGE, cut.message())));
        }
    }

    /** Acknowledged records are made durable before the files are let go. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (JournalException e) {
                logger.error("journal {} did not close cleanly: {}", journal.name(), e.getMessage());
            }
        }
    }

    /** FileInstall names a factory configuration after its file: PID-NAME.cfg gives a service.pid ending ~NAME. */
    private static String nameFrom(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        return pid.substring(pid.lastIndexOf('~') + 1);
    }
}
