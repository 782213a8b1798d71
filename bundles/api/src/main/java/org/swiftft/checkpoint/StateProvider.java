package org.swiftft.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Critical state kept in heap objects, saved and restored as bytes; implemented by the application.
 * The format of the bytes is the application's (no Java serialization is imposed; if it uses it, it
 * must guard it with an ObjectInputFilter).
 *
 * <p>Called on the thread taking the checkpoint or recovering, at the quiet point the store
 * guarantees; never concurrently with itself.
 */
@ConsumerType
public interface StateProvider {

    /**
     * Writes the current state. Throwing fails the whole checkpoint; the previous one stays.
     *
     * @param out where to write; do not close it
     */
    void save(OutputStream out) throws IOException;

    /**
     * Replaces the current state with the saved one. The bytes have been verified; {@code in} ends
     * exactly where {@link #save} stopped writing.
     */
    void restore(InputStream in) throws IOException;
}
