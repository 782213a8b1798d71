package org.swiftft.checkpoint.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.swiftft.checkpoint.CheckpointConstants;
import org.swiftft.checkpoint.CheckpointDTO;
import org.swiftft.checkpoint.CheckpointException;
import org.swiftft.checkpoint.RecoveredCheckpoint;
import org.swiftft.libft.checkpoint.CheckpointEvents;

/** A runtime store's news on EventAdmin ({@code org/swiftft/checkpoint/...}), when EventAdmin runs. */
final class CheckpointEventPublisher implements CheckpointEvents {

    private final Supplier<EventAdmin> events;

    CheckpointEventPublisher(Supplier<EventAdmin> events) {
        this.events = events;
    }

    @Override
    public void taken(String store, CheckpointDTO checkpoint) {
        Map<String, Object> properties = properties(store);
        properties.put(CheckpointConstants.EVENT_SEQUENCE, checkpoint.sequence);
        properties.put(CheckpointConstants.EVENT_KIND, checkpoint.kind.name());
        properties.put(CheckpointConstants.EVENT_SIZE, checkpoint.sizeBytes);
        properties.put(CheckpointConstants.EVENT_DURATION, checkpoint.durationMillis);
        properties.put(CheckpointConstants.EVENT_JOURNAL_POSITION, checkpoint.journalPosition);
        post(CheckpointConstants.TOPIC_TAKEN, properties);
    }

    @Override
    public void failed(String store, CheckpointException failure) {
        Map<String, Object> properties = properties(store);
        properties.put(CheckpointConstants.EVENT_REASON, failure.reason().name());
        properties.put(CheckpointConstants.EVENT_MESSAGE, failure.getMessage());
        if (failure.file() != null) {
            properties.put(CheckpointConstants.EVENT_FILE, failure.file());
            properties.put(CheckpointConstants.EVENT_OFFSET, failure.offset());
        }
        post(CheckpointConstants.TOPIC_FAILED, properties);
    }

    @Override
    public void compacted(String store, long sequence) {
        Map<String, Object> properties = properties(store);
        properties.put(CheckpointConstants.EVENT_SEQUENCE, sequence);
        post(CheckpointConstants.TOPIC_COMPACTED, properties);
    }

    @Override
    public void recovered(String store, RecoveredCheckpoint recovered) {
        Map<String, Object> properties = properties(store);
        properties.put(CheckpointConstants.EVENT_SEQUENCE, recovered.checkpoint().sequence);
        post(CheckpointConstants.TOPIC_RECOVERED, properties);
        for (String damaged : recovered.skipped()) {
            Map<String, Object> corrupt = properties(store);
            corrupt.put(CheckpointConstants.EVENT_MESSAGE, damaged);
            post(CheckpointConstants.TOPIC_CORRUPT, corrupt);
        }
    }

    private static Map<String, Object> properties(String store) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CheckpointConstants.EVENT_STORE, store);
        return properties;
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = events.get();
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }
}
