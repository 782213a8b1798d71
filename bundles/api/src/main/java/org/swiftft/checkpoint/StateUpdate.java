package org.swiftft.checkpoint;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open stretch of updates to critical state (see {@link CheckpointStore#updating()}): a
 * checkpoint waits until every open update is closed, and updates opened meanwhile wait for the
 * checkpoint. Close it on the thread that opened it.
 */
@ProviderType
public interface StateUpdate extends AutoCloseable {

    @Override
    void close();
}
