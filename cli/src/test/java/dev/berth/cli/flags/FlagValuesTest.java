package dev.berth.cli.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** go-units sizes, big.Rat CPUs and Go durations, parsed as docker's CLI parses them. */
class FlagValuesTest {

    @Test
    void sizesAreBinaryWithOptionalUnits() {
        assertEquals(100, FlagValues.ramInBytes("100"));
        assertEquals(100, FlagValues.ramInBytes("100b"));
        assertEquals(2048, FlagValues.ramInBytes("2k"));
        assertEquals(2048, FlagValues.ramInBytes("2KiB"));
        assertEquals(1536L * 1024 * 1024, FlagValues.ramInBytes("1.5g"));
        assertEquals(3L * 1024 * 1024, FlagValues.ramInBytes("3 MB"));
        assertEquals("invalid size: 'abc'", assertThrows(IllegalArgumentException.class, () -> FlagValues.ramInBytes("abc")).getMessage());
        assertEquals("invalid suffix: 'kbb'", assertThrows(IllegalArgumentException.class, () -> FlagValues.ramInBytes("1kbb")).getMessage());
        assertEquals("invalid suffix: 'x'", assertThrows(IllegalArgumentException.class, () -> FlagValues.ramInBytes("1x")).getMessage());
        assertEquals("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax",
                assertThrows(IllegalArgumentException.class, () -> FlagValues.ramInBytes("1.2.3m")).getMessage());
    }

    @Test
    void cpusAreNanoCpus() {
        assertEquals(1_000_000_000L, FlagValues.nanoCpus("--cpus", "1"));
        assertEquals(500_000_000L, FlagValues.nanoCpus("--cpus", ".5"));
        assertEquals(1_500_000_000L, FlagValues.nanoCpus("--cpus", "3/2"));
        assertEquals("invalid argument \"two\" for \"--cpus\" flag: failed to parse two as a rational number",
                assertThrows(IllegalArgumentException.class, () -> FlagValues.nanoCpus("--cpus", "two")).getMessage());
    }

    @Test
    void durationsAreGos() {
        assertEquals(0, GoDuration.parseNanos("0"));
        assertEquals(5_400_000_000_000L, GoDuration.parseNanos("1h30m"));
        assertEquals(1_500_000L, GoDuration.parseNanos("1.5ms"));
        assertEquals(-2_000_000_000L, GoDuration.parseNanos("-2s"));
        assertEquals("time: invalid duration \"1x\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parseNanos("1x")).getMessage());
        assertEquals("time: invalid duration \"\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parseNanos("")).getMessage());
    }
}
