package org.swiftft.libft.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.swiftft.checkpoint.StateProvider;

/** Heap state as a byte array, saved and restored as it is. */
final class BytesProvider implements StateProvider {

    byte[] state;
    int restores;

    BytesProvider(byte[] state) {
        this.state = state;
    }

    @Override
    public void save(OutputStream out) throws IOException {
        out.write(state);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        state = in.readAllBytes();
        restores++;
    }
}
