package org.swiftft.shell.internal;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command returns: the data itself (a list of DTOs a script can iterate) together with the
 * columns that {@link TableConverter} renders for a person.
 */
public final class Rows<T> extends AbstractList<T> {

    private final List<T> rows;
    private final List<Column<T>> columns;

    @SafeVarargs
    Rows(List<T> rows, Column<T>... columns) {
        this.rows = List.copyOf(rows);
        this.columns = List.of(columns);
    }

    @Override
    public T get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    /** The values of one column, by header (case-insensitive): for scripts and completion. */
    public List<String> column(String header) {
        for (Column<T> column : columns) {
            if (column.header().equalsIgnoreCase(header)) {
                return rows.stream().map(column::cell).toList();
            }
        }
        throw new IllegalArgumentException("no column '" + header + "'; columns: " + headers());
    }

    List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }

    /** Aligned columns under a header line; cells with line breaks keep only their first line. */
    String render() {
        List<String[]> cells = new ArrayList<>();
        cells.add(headers().toArray(String[]::new));
        for (T row : rows) {
            cells.add(columns.stream().map(c -> firstLine(c.cell(row))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            appendLine(out, cells.get(r), widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                appendLine(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] line, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < line.length; i++) {
            text.append(line[i]);
            if (i < line.length - 1) {
                text.append(" ".repeat(widths[i] - line[i].length() + 2));
            }
        }
        out.append(text.toString().stripTrailing()).append('\n');
    }

    private static String firstLine(String cell) {
        int end = cell.indexOf('\n');
        return end < 0 ? cell : cell.substring(0, end) + " ...";
    }
}
