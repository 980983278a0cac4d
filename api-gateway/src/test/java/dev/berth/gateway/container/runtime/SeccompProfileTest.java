package dev.berth.gateway.container.runtime;

import static dev.berth.gateway.container.runtime.SpecFixtures.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.api.DockerApiException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeccompProfileTest {

    private static String refused(String profile) {
        return assertThrows(DockerApiException.class,
                () -> SeccompProfile.load(profile, LinuxCapabilities.DEFAULT, platform())).getMessage();
    }

    @Test
    void theDefaultProfileIsAResourceInDockersFormat() {
        var profile = SeccompProfile.defaultProfile();
        assertEquals("SCMP_ACT_ERRNO", profile.get("defaultAction").asText());
        assertEquals(1, profile.get("defaultErrnoRet").asInt());
        Set<String> names = new HashSet<>();
        profile.get("syscalls").forEach(rule -> rule.get("names").forEach(n -> names.add(n.asText())));
        assertTrue(names.size() > 350, "Docker's allow-list: " + names.size());
        assertFalse(names.contains("kexec_load"), "never allowed, whatever the capabilities");
        assertFalse(names.contains("keyctl"));
    }

    @Test
    void aProfileWithoutActionOrRulesMeansNoSeccomp() {
        assertNull(SeccompProfile.load("{}", LinuxCapabilities.DEFAULT, platform()));
    }

    @Test
    void architecturesAreTakenAsListed() {
        var seccomp = SeccompProfile.load("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                + "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
                + "\"value\":18446744073709551615,\"valueTwo\":1,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}",
                LinuxCapabilities.DEFAULT, platform());
        assertEquals(List.of("SCMP_ARCH_X86_64"), seccomp.architectures());
        assertEquals(new OciSpec.SeccompArg(0, -1L, 1, "SCMP_CMP_MASKED_EQ"), seccomp.syscalls().getFirst().args().getFirst(),
                "an unsigned 64-bit mask");
    }

    @Test
    void malformedProfilesInDockersWords() {
        assertTrue(refused("[1]").startsWith("Decoding seccomp profile failed: "));
        assertEquals("Decoding seccomp profile failed: both 'architectures' and 'archMap' are specified in the seccomp "
                + "profile, use either 'architectures' or 'archMap'",
                refused("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                        + "\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}"));
        assertEquals("Decoding seccomp profile failed: both 'name' and 'names' are specified in the seccomp profile, "
                + "use either 'name' or 'names'",
                refused("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"a\",\"names\":[\"b\"],"
                        + "\"action\":\"SCMP_ACT_ERRNO\"}]}"));
        assertEquals("Decoding seccomp profile failed: unknown operator \"SCMP_CMP_ABOUT\" in the rule for [read]",
                refused("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
                        + "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_ABOUT\"}]}]}"));
        assertTrue(refused("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/x.sock\"}").contains("listenerPath"));
    }

    @Test
    void kernelVersionsCompareNumerically() {
        assertTrue(SeccompProfile.kernelAtLeast("6.18.44-fc-v857", "4.8"));
        assertTrue(SeccompProfile.kernelAtLeast("4.8.0", "4.8"));
        assertTrue(SeccompProfile.kernelAtLeast("4.10", "4.8"));
        assertFalse(SeccompProfile.kernelAtLeast("4.4.0-210-generic", "4.8"));
        assertFalse(SeccompProfile.kernelAtLeast("3.10.0-1160.el7.x86_64", "4.8"));
    }

    @Test
    void securityOptionsParse() {
        assertEquals(new SecurityOptions(false, null), SecurityOptions.parse(null));
        assertEquals(new SecurityOptions(true, "unconfined"),
                SecurityOptions.parse(List.of("seccomp=unconfined", "no-new-privileges:true", "disable")));
        assertEquals("{\"a\":\"b=c\"}", SecurityOptions.parse(List.of("seccomp={\"a\":\"b=c\"}")).seccomp(),
                "split at the first '=': the profile's own are kept");
        assertNull(SecurityOptions.parse(List.of("seccomp=builtin")).seccomp(), "builtin is the default profile");
    }
}
