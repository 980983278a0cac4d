package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.io.Io;
import dev.berth.cli.testing.FakeTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help as docker lays it out, available for every command without a daemon. */
class HelpTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CommandLine tree() {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), out, err);
        // no daemon listens there: help must not need one
        return CommandTree.build(io, Map.of("DOCKER_HOST", "unix:///nonexistent/berth.sock"), FakeTerminal::none);
    }

    private String help(String... args) {
        out.reset();
        err.reset();
        int code = tree().execute(args);
        assertEquals(0, code, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void topLevelGroupsCommandsAsDocker() {
        String text = help("--help");
        assertTrue(text.startsWith("Usage:  berth [OPTIONS] COMMAND\n\n"), text);
        int common = text.indexOf("Common Commands:\n  run         Create and run a new container from an image\n  exec  ");
        int management = text.indexOf("Management Commands:\n  compose     Define and run multi-container applications\n"
                + "  container   Manage containers\n  image       Manage images\n  network     Manage networks\n  system      Manage Berth\n"
                + "  volume      Manage volumes\n");
        int others = text.indexOf("\nCommands:\n  attach      ");
        int global = text.indexOf("Global Options:\n");
        assertTrue(common > 0 && management > common && others > management && global > others, text);
        for (String command : List.of("commit", "cp", "diff", "events", "export", "pause", "port", "rename", "restart", "stats",
                "top", "unpause", "update")) {
            assertTrue(text.contains("\n  " + command + " "), command + " missing:\n" + text);
        }
        assertTrue(text.endsWith("Run 'berth COMMAND --help' for more information on a command.\n"), text);
    }

    @Test
    void containerListsDockersSubcommands() {
        String text = help("container", "--help");
        List<String> listed = new ArrayList<>();
        for (String line : text.substring(text.indexOf("Commands:\n")).split("\n")) {
            if (line.startsWith("  ")) {
                listed.add(line.strip().split(" ")[0]);
            }
        }
        assertEquals(List.of("attach", "commit", "cp", "create", "diff", "exec", "export", "inspect", "kill", "logs", "ls", "pause",
                "port", "prune", "rename", "restart", "rm", "run", "start", "stats", "stop", "top", "unpause", "update", "wait"), listed);
        assertEquals(help("container"), text);
    }

    @Test
    void aCommandsHelpShowsUsageAliasesAndTypedOptions() {
        assertEquals("""
                Usage:  berth stop [OPTIONS] CONTAINER [CONTAINER...]

                Stop one or more running containers

                Aliases:
                  berth container stop, berth stop

                Options:
                  -s, --signal string   Signal to send to the container
                  -t, --timeout int     Seconds to wait before killing the container
                """, help("stop", "--help"));
        String exec = help("container", "exec", "--help");
        assertTrue(exec.startsWith("Usage:  berth container exec [OPTIONS] CONTAINER COMMAND [ARG...]\n"), exec);
        assertTrue(exec.contains("  -e, --env list             Set environment variables\n"), exec);
    }

    @Test
    void everyCommandHasHelpWithoutADaemon() {
        List<List<String>> paths = new ArrayList<>();
        collect(tree(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 60, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            String text = help(args.toArray(String[]::new));
            assertTrue(text.startsWith("Usage:  berth "), path + ": " + text);
        }
    }

    private static void collect(CommandLine node, List<String> prefix, List<List<String>> paths) {
        node.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            if (name.equals(sub.getCommandName()) || !sub.getSubcommands().isEmpty()) {
                collect(sub, path, paths);
            }
        });
    }
}
