package org.swiftft.detector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void wordsQuotesAndEscapes() {
        assertEquals(List.of("sh", "-c", "echo 'hi' $HOME"), CommandLine.split("sh -c \"echo 'hi' $HOME\""));
        assertEquals(List.of("a b", "c\"d", "", "e f"), CommandLine.split("  'a b'  c\\\"d '' e\\ f "));
        assertEquals(List.of(), CommandLine.split("   "));
    }

    @Test
    void unbalancedQuoteIsNamed() {
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("sh -c 'oops"));
    }
}
