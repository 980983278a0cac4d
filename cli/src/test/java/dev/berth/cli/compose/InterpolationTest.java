package dev.berth.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.cli.compose.load.Interpolation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final Interpolation interpolation = new Interpolation(Map.of("SET", "value", "EMPTY", "")::get);

    @Test
    void followsComposesRules() {
        assertEquals("value and value", interpolation.apply("$SET and ${SET}"));
        assertEquals("$SET", interpolation.apply("$$SET"));
        assertEquals("", interpolation.apply("$UNSET"));
        assertEquals("default", interpolation.apply("${EMPTY:-default}"));
        assertEquals("", interpolation.apply("${EMPTY-default}"));
        assertEquals("default", interpolation.apply("${UNSET-default}"));
        assertEquals("alt", interpolation.apply("${SET:+alt}"));
        assertEquals("", interpolation.apply("${EMPTY:+alt}"));
        assertEquals("alt", interpolation.apply("${EMPTY+alt}"));
        assertEquals("nested value", interpolation.apply("${UNSET:-nested ${SET}}"));
        assertEquals("price: 5$", interpolation.apply("price: 5$"));
    }

    @Test
    void refusesWhatComposeRefuses() {
        assertEquals("required variable UNSET is missing a value: needed",
                assertThrows(IllegalArgumentException.class, () -> interpolation.apply("${UNSET:?needed}")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> interpolation.apply("${EMPTY:?}"));
        assertEquals("", interpolation.apply("${EMPTY?}"));
        assertThrows(IllegalArgumentException.class, () -> interpolation.apply("${unclosed"));
        assertThrows(IllegalArgumentException.class, () -> interpolation.apply("${1BAD}"));
    }
}
