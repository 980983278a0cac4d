package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformTest {
    /** specifier, os, architecture, variant as containerd's platforms.Parse returns them. */
    static Stream<Arguments> specifiers() {
        return Stream.of(
                arguments("linux/amd64", "linux", "amd64", ""),
                arguments("linux/x86_64", "linux", "amd64", ""),
                arguments("linux/x86-64", "linux", "amd64", ""),
                arguments("linux/arm64", "linux", "arm64", ""),
                arguments("linux/aarch64", "linux", "arm64", ""),
                arguments("linux/arm64/v8", "linux", "arm64", "v8"),
                arguments("linux/aarch64/8", "linux", "arm64", "v8"),
                arguments("linux/arm64/9", "linux", "arm64", "v9"),
                arguments("linux/arm/v7", "linux", "arm", "v7"),
                arguments("linux/arm", "linux", "arm", ""),
                arguments("linux/armhf", "linux", "arm", ""),
                arguments("linux/armel", "linux", "arm", "v6"),
                arguments("linux/arm/6", "linux", "arm", "v6"),
                arguments("linux/arm/v5", "linux", "arm", "v5"),
                arguments("linux/i386", "linux", "386", ""),
                arguments("linux/ppc64le", "linux", "ppc64le", ""),
                arguments("linux/s390x", "linux", "s390x", ""),
                arguments("linux/riscv64", "linux", "riscv64", ""),
                arguments("Linux/AMD64", "linux", "amd64", ""),
                arguments("macos/arm64", "darwin", "arm64", ""),
                arguments("windows/amd64", "windows", "amd64", ""),
                arguments("linux/amd64/v3", "linux", "amd64", "v3"),
                arguments("linux/amd64/v1", "linux", "amd64", ""));
    }

    @ParameterizedTest
    @MethodSource("specifiers")
    void parsesLikeContainerd(String specifier, String os, String architecture, String variant) {
        Platform platform = Platform.parse(specifier);
        assertEquals(os, platform.os());
        assertEquals(architecture, platform.architecture());
        assertEquals(variant, platform.variant());
    }

    @Test
    void aLoneOsOrArchitectureIsCompletedFromTheHost() {
        Platform host = Platform.host();
        assertEquals(Platform.of("linux", host.architecture(), host.variant()), Platform.parse("linux"));
        assertEquals(Platform.of(host.os(), "arm64"), Platform.parse("aarch64"));
        assertEquals(Platform.of(host.os(), "arm"), Platform.parse("armhf"));
    }

    static Stream<Arguments> invalidSpecifiers() {
        return Stream.of(
                arguments("", "\"\": platform specifier component must match \"[A-Za-z0-9_-]+\": invalid argument"),
                arguments("linux/", "\"\" is an invalid component of \"linux/\": platform specifier component must match \"[A-Za-z0-9_-]+\": invalid argument"),
                arguments("linux/am d64", "\"am d64\" is an invalid component of \"linux/am d64\": platform specifier component must match \"[A-Za-z0-9_-]+\": invalid argument"),
                arguments("nonsense", "\"nonsense\": unknown operating system or architecture: invalid argument"),
                arguments("linux/arm/v7/extra", "\"linux/arm/v7/extra\": cannot parse platform specifier: invalid argument"),
                arguments("linux/*", "\"linux/*\": wildcards not yet supported: not implemented"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecifiers")
    void rejectsInvalidSpecifiers(String specifier, String message) {
        assertEquals(message, assertThrows(InvalidPlatformException.class, () -> Platform.parse(specifier)).getMessage());
    }

    @Test
    void normalisesLikeContainerd() {
        assertEquals(Platform.of("linux", "arm64"), Platform.parse("linux/arm64/v8").normalize());
        assertEquals(Platform.of("linux", "arm", "v7"), Platform.parse("linux/arm").normalize());
        assertEquals(Platform.of("linux", "arm", "v7"), Platform.of("linux", "armhf").normalize());
        assertEquals(Platform.of("linux", "amd64"), Platform.of("Linux", "x86_64").normalize());
        assertEquals(Platform.of("linux", "386"), Platform.of("linux", "i386").normalize());
    }

    @Test
    void matchesComparesNormalisedForms() {
        assertTrue(Platform.parse("linux/arm64").matches(Platform.of("linux", "arm64", "v8")));
        assertTrue(Platform.of("linux", "aarch64").matches(Platform.of("linux", "arm64", "v8")));
        assertTrue(Platform.parse("linux/arm").matches(Platform.of("linux", "arm", "v7")));
        assertTrue(Platform.of("linux", "armhf").matches(Platform.parse("linux/arm/v7")));
        assertTrue(Platform.of("linux", "x86_64").matches(Platform.of("linux", "amd64")));
        assertFalse(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7")));
        assertFalse(Platform.parse("linux/amd64").matches(Platform.parse("linux/arm64")));
        assertFalse(Platform.parse("linux/amd64").matches(Platform.parse("windows/amd64")));
        assertFalse(Platform.parse("linux/amd64").matches(Platform.of("unknown", "unknown")));
    }

    @Test
    void osVersionsCompareOnlyWhenBothHaveOne() {
        Platform windows = new Platform("windows", "amd64", "", "10.0.17763.1234", List.of());
        assertTrue(Platform.parse("windows/amd64").matches(windows));
        assertFalse(new Platform("windows", "amd64", "", "10.0.20348.1", List.of()).matches(windows));
    }

    @Test
    void formatsAsContainerdDoes() {
        assertEquals("linux/amd64", Platform.parse("linux/x86_64").toString());
        assertEquals("linux/arm/v7", Platform.parse("linux/arm/v7").toString());
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64/v8").toString());
        assertEquals("unknown/unknown", Platform.of("", "").toString());
    }

    @Test
    void hostIsReadFromTheJvmInGoNames() {
        Platform host = Platform.host();
        assertEquals("linux", host.os());
        String arch = System.getProperty("os.arch");
        String expected = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> host.architecture();
        };
        assertEquals(expected, host.architecture());
        assertTrue(PlatformNames.KNOWN_ARCH.contains(host.architecture()));
    }

    @Test
    void nullsBecomeEmptyStrings() {
        Platform platform = new Platform(null, null, null, null, null);
        assertEquals("", platform.os());
        assertEquals("", platform.variant());
        assertEquals(List.of(), platform.osFeatures());
    }
}
