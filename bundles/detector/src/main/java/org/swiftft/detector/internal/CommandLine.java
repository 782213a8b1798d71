package org.swiftft.detector.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a shell would for plain quoting, and no further: spaces
 * separate words, {@code '...'} and {@code "..."} keep spaces (and each other's quote) inside a word,
 * a backslash outside single quotes takes the next character literally. No variable, glob or tilde
 * is expanded: the line is configuration, not a script.
 */
final class CommandLine {

    private CommandLine() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " in command line: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
