package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seccomp profiles in Docker's format (moby's profiles/seccomp: archMap, and rules with
 * includes/excludes on capabilities, architectures and minKernel), turned into runc's
 * linux.seccomp the way Docker's setupSeccomp does: each conditional rule is kept or dropped
 * for this container's capabilities, this host's architecture and kernel. Berth's default
 * profile is a resource in that format; a client's profile (--security-opt seccomp=<file>, whose
 * content the CLI sends) goes through the same code.
 */
public final class SeccompProfile {
    static final String DEFAULT_RESOURCE = "/dev/berth/gateway/seccomp/default.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile JsonNode defaultProfile;

    /** Go's GOARCH -> libseccomp's native arch name, as profiles' includes/excludes spell it. */
    private static final Map<String, String> NATIVE_ARCH = Map.ofEntries(
            Map.entry("386", "x86"), Map.entry("amd64", "amd64"), Map.entry("arm", "arm"), Map.entry("arm64", "arm64"),
            Map.entry("loong64", "loongarch64"), Map.entry("mips64", "mips64"), Map.entry("mips64le", "mipsel64"),
            Map.entry("mipsle", "mipsel"), Map.entry("ppc64", "ppc64"), Map.entry("ppc64le", "ppc64le"),
            Map.entry("riscv64", "riscv64"), Map.entry("s390x", "s390x"));

    /** Native arch name -> the SCMP_ARCH_ constant an archMap entry is keyed by. */
    private static final Map<String, String> SECCOMP_ARCH = Map.ofEntries(
            Map.entry("x86", "SCMP_ARCH_X86"), Map.entry("amd64", "SCMP_ARCH_X86_64"), Map.entry("arm", "SCMP_ARCH_ARM"),
            Map.entry("arm64", "SCMP_ARCH_AARCH64"), Map.entry("loongarch64", "SCMP_ARCH_LOONGARCH64"),
            Map.entry("mips64", "SCMP_ARCH_MIPS64"), Map.entry("mipsel64", "SCMP_ARCH_MIPSEL64"),
            Map.entry("mipsel", "SCMP_ARCH_MIPSEL"), Map.entry("ppc64", "SCMP_ARCH_PPC64"),
            Map.entry("ppc64le", "SCMP_ARCH_PPC64LE"), Map.entry("riscv64", "SCMP_ARCH_RISCV64"),
            Map.entry("s390x", "SCMP_ARCH_S390X"));

    private static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY");
    private static final Set<String> OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    private SeccompProfile() {}

    /** Berth's default profile for a container holding {@code capabilities}. */
    public static OciSpec.Seccomp defaultFor(List<String> capabilities, HostPlatform platform) {
        return resolve(defaultProfile(), capabilities, platform);
    }

    /** A client's profile (the JSON text); 400 in Docker's words when it is not one. */
    public static OciSpec.Seccomp load(String profileJson, List<String> capabilities, HostPlatform platform) {
        return resolve(parse(profileJson), capabilities, platform);
    }

    /** Parses and checks a client's profile without resolving it: the create-time check. */
    public static void check(String profileJson, List<String> capabilities, HostPlatform platform) {
        load(profileJson, capabilities, platform);
    }

    static JsonNode parse(String profileJson) {
        try {
            JsonNode tree = JSON.readTree(profileJson);
            if (tree == null || !tree.isObject()) {
                throw invalid("the profile must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage());
        }
    }

    static JsonNode defaultProfile() {
        JsonNode profile = defaultProfile;
        if (profile == null) {
            try (InputStream in = SeccompProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the default seccomp profile " + DEFAULT_RESOURCE + " is not on the classpath");
                }
                profile = JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaultProfile = profile;
        }
        return profile;
    }

    /** Docker's setupSeccomp; null when the profile has neither a default action nor rules (seccomp off). */
    static OciSpec.Seccomp resolve(JsonNode profile, List<String> capabilities, HostPlatform platform) {
        String defaultAction = profile.path("defaultAction").asText("");
        JsonNode rules = profile.path("syscalls");
        if (defaultAction.isEmpty() && rules.isEmpty()) {
            return null;
        }
        checkAction(defaultAction);
        if (profile.hasNonNull("listenerPath") && !profile.get("listenerPath").asText().isEmpty()) {
            throw invalid("listenerPath (seccomp user notification) is not supported by Berth");
        }
        String arch = NATIVE_ARCH.getOrDefault(platform.goArch(), platform.goArch());
        List<String> architectures = architectures(profile, arch);
        List<OciSpec.Syscall> syscalls = new ArrayList<>();
        for (JsonNode rule : rules) {
            if (applies(rule, capabilities, arch, platform.kernelRelease())) {
                syscalls.add(syscall(rule));
            }
        }
        return new OciSpec.Seccomp(defaultAction, intOrNull(profile.get("defaultErrnoRet")),
                architectures.isEmpty() ? null : architectures, strings(profile.get("flags")),
                syscalls.isEmpty() ? null : syscalls);
    }

    private static List<String> architectures(JsonNode profile, String arch) {
        List<String> listed = strings(profile.get("architectures"));
        JsonNode archMap = profile.path("archMap");
        if (listed != null && !listed.isEmpty() && !archMap.isEmpty()) {
            throw invalid("both 'architectures' and 'archMap' are specified in the seccomp profile, "
                    + "use either 'architectures' or 'archMap'");
        }
        List<String> architectures = new ArrayList<>(listed == null ? List.of() : listed);
        String nativeArch = SECCOMP_ARCH.get(arch);
        for (JsonNode entry : archMap) {
            if (entry.path("architecture").asText().equals(nativeArch)) {
                architectures.add(nativeArch);
                List<String> subs = strings(entry.get("subArchitectures"));
                architectures.addAll(subs == null ? List.of() : subs);
                break;
            }
        }
        return architectures;
    }

    /** A rule's excludes drop it if any matches; its includes keep it only if all match. */
    private static boolean applies(JsonNode rule, List<String> capabilities, String arch, String kernel) {
        JsonNode excludes = rule.path("excludes");
        if (contains(excludes.get("arches"), arch)) {
            return false;
        }
        List<String> excludedCaps = strings(excludes.get("caps"));
        if (excludedCaps != null && excludedCaps.stream().anyMatch(capabilities::contains)) {
            return false;
        }
        if (excludes.hasNonNull("minKernel") && kernelAtLeast(kernel, excludes.get("minKernel").asText())) {
            return false;
        }
        JsonNode includes = rule.path("includes");
        List<String> arches = strings(includes.get("arches"));
        if (arches != null && !arches.isEmpty() && !arches.contains(arch)) {
            return false;
        }
        List<String> includedCaps = strings(includes.get("caps"));
        if (includedCaps != null && !capabilities.containsAll(includedCaps)) {
            return false;
        }
        return !includes.hasNonNull("minKernel") || kernelAtLeast(kernel, includes.get("minKernel").asText());
    }

    private static OciSpec.Syscall syscall(JsonNode rule) {
        List<String> names = strings(rule.get("names"));
        String name = rule.path("name").asText("");
        if (!name.isEmpty()) {
            if (names != null && !names.isEmpty()) {
                throw invalid("both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
            }
            names = List.of(name);
        }
        if (names == null || names.isEmpty()) {
            throw invalid("a rule has no system call names");
        }
        String action = rule.path("action").asText("");
        checkAction(action);
        List<OciSpec.SeccompArg> args = new ArrayList<>();
        for (JsonNode arg : rule.path("args")) {
            String op = arg.path("op").asText("");
            if (!OPERATORS.contains(op)) {
                throw invalid("unknown operator \"" + op + "\" in the rule for " + names);
            }
            args.add(new OciSpec.SeccompArg(arg.path("index").asInt(), unsigned(arg.get("value")),
                    unsigned(arg.get("valueTwo")), op));
        }
        return new OciSpec.Syscall(names, action, intOrNull(rule.get("errnoRet")), args.isEmpty() ? null : args);
    }

    private static void checkAction(String action) {
        if (!ACTIONS.contains(action)) {
            throw invalid("unknown action \"" + action + "\"");
        }
    }

    /** Linux release "6.1.0-18-amd64" against a minimum "4.8": numeric major, minor, patch. */
    static boolean kernelAtLeast(String release, String minimum) {
        int[] have = versionNumbers(release);
        int[] want = versionNumbers(minimum);
        for (int i = 0; i < 3; i++) {
            if (have[i] != want[i]) {
                return have[i] > want[i];
            }
        }
        return true;
    }

    private static final Pattern RELEASE = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private static int[] versionNumbers(String version) {
        Matcher m = RELEASE.matcher(version.trim());
        if (!m.find()) {
            throw invalid("cannot parse kernel version \"" + version + "\"");
        }
        int[] numbers = new int[3];
        for (int i = 0; i < 3; i++) {
            numbers[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
        }
        return numbers;
    }

    private static long unsigned(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(value.asText());
        } catch (NumberFormatException e) {
            throw invalid("argument value " + value + " is not an unsigned 64-bit number");
        }
    }

    private static boolean contains(JsonNode array, String value) {
        List<String> values = strings(array);
        return values != null && values.contains(value);
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || array.isNull()) {
            return null;
        }
        if (!array.isArray()) {
            throw invalid("expected an array, got " + array);
        }
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Integer intOrNull(JsonNode value) {
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static DockerApiException invalid(String why) {
        return DockerApiException.badRequest("Decoding seccomp profile failed: " + why);
    }
}
