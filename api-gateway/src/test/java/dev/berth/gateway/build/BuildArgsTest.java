package dev.berth.gateway.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** moby's BuildArgs: what a stage sees, what RUN's history shows, what is left unused. */
class BuildArgsTest {
    @Test
    void onlyDeclaredArgsAndGivenProxiesAreVisible() {
        Map<String, String> options = new HashMap<>();
        options.put("FLAVOR", "spicy");
        options.put("HTTP_PROXY", "http://proxy");
        options.put("UNUSED", "x");
        BuildArgs args = new BuildArgs(options).forStage();
        assertEquals(Map.of("HTTP_PROXY", "http://proxy"), args.allAllowed());
        args.addArg("FLAVOR", "plain");
        args.addArg("NODEFAULT", null);
        assertEquals("spicy", args.allAllowed().get("FLAVOR"));
        assertNull(args.allAllowed().get("NODEFAULT"));
        assertEquals(List.of("FLAVOR=spicy"), args.filterAllowed(List.of("PATH=/bin", "HTTP_PROXY=x")));
        assertEquals("[Warning] One or more build-args [UNUSED] were not consumed\n", args.unusedWarning());
    }

    @Test
    void runHistoryPrefixesSortedArgsButNotUndeclaredProxies() {
        BuildArgs args = new BuildArgs(Map.of("HTTP_PROXY", "http://p", "B", "2", "A", "1")).forStage();
        args.addArg("B", null);
        args.addArg("A", null);
        List<String> cmd = args.prependEnvOnCmd(List.of("HTTP_PROXY=http://p", "B=2", "A=1"), List.of("/bin/sh", "-c", "make"));
        assertEquals(List.of("|2", "A=1", "B=2", "/bin/sh", "-c", "make"), cmd);
    }

    @Test
    void metaArgsFeedFromOnly() {
        BuildArgs args = new BuildArgs(Map.of("BASE", "alpine"));
        args.addArg("BASE", "busybox");
        args.addMetaArg("BASE", "busybox");
        assertEquals("alpine", args.allMeta().get("BASE"));
        assertEquals(Map.of(), args.forStage().allAllowed());
        assertNull(args.unusedWarning());
    }
}
