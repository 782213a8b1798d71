package org.swiftft.shell.internal;

import java.util.function.Function;

/** One column of a table: its header and how a row's value is shown. */
record Column<T>(String header, Function<? super T, ?> value) {

    static <T> Column<T> of(String header, Function<? super T, ?> value) {
        return new Column<>(header, value);
    }

    String cell(T row) {
        Object v = value.apply(row);
        return v == null ? "" : v.toString();
    }
}
