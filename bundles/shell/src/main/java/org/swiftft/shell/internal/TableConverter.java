package org.swiftft.shell.internal;

import org.apache.felix.service.command.Converter;
import org.osgi.service.component.annotations.Component;

/** Renders the {@link Rows} a command returns as an aligned table; leaves everything else to Gogo. */
@Component(service = Converter.class)
public class TableConverter implements Converter {

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (!(target instanceof Rows<?> rows)) {
            return null;
        }
        if (level == INSPECT) {
            return rows.render();
        }
        return rows.size() + " row(s): " + String.join(", ", rows.headers());
    }
}
