package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.command.model.GeneratedCommandModels;
import dev.berth.cli.io.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The models written at build time against picocli's reading of the same annotations at run
 * time: for every command of the tree the same options and parameters with the same attributes,
 * the same help, and the same values after parsing the same command lines.
 */
class CommandModelsTest {

    private static CommandLine tree(CommandTree.Models models) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        return CommandTree.build(io, Map.of("DOCKER_HOST", "unix:///nonexistent/berth.sock"), models);
    }

    @Test
    void everyCommandHasAGeneratedModel() {
        List<String> missing = new ArrayList<>();
        walk(tree(CommandTree.Models.REFLECTED), line -> {
            Object command = line.getCommand();
            if (GeneratedCommandModels.spec(command, CommandLine.defaultFactory()) == null) {
                missing.add(command.getClass().getName());
            }
        });
        assertEquals(List.of(), missing, "commands without a generated model fall back to reflection");
    }

    @Test
    void generatedModelsAreThoseReflectionReads() {
        List<CommandLine> generated = new ArrayList<>();
        walk(tree(CommandTree.Models.GENERATED), generated::add);
        List<CommandLine> reflected = new ArrayList<>();
        walk(tree(CommandTree.Models.REFLECTED), reflected::add);
        assertEquals(reflected.size(), generated.size());
        assertTrue(reflected.size() > 80, "the whole tree: " + reflected.size());
        for (int i = 0; i < reflected.size(); i++) {
            CommandSpec expected = reflected.get(i).getCommandSpec();
            CommandSpec actual = generated.get(i).getCommandSpec();
            String where = expected.qualifiedName();
            assertEquals(where, actual.qualifiedName());
            assertEquals(Arrays.asList(expected.aliases()), Arrays.asList(actual.aliases()), where);
            assertEquals(reflected.get(i).getUsageMessage(), generated.get(i).getUsageMessage(), where);
            assertEquals(expected.mixins().keySet(), actual.mixins().keySet(), where);
            assertEquals(expected.options().size(), actual.options().size(), where);
            for (int o = 0; o < expected.options().size(); o++) {
                OptionSpec e = expected.options().get(o);
                OptionSpec a = actual.options().get(o);
                assertEquals(List.of(describe(e), List.of(Arrays.asList(e.names()), e.fallbackValue(), e.usageHelp(), e.versionHelp(), e.negatable(), e.order())),
                        List.of(describe(a), List.of(Arrays.asList(a.names()), a.fallbackValue(), a.usageHelp(), a.versionHelp(), a.negatable(), a.order())),
                        where + " " + e.longestName());
            }
            assertEquals(expected.positionalParameters().size(), actual.positionalParameters().size(), where);
            for (int p = 0; p < expected.positionalParameters().size(); p++) {
                PositionalParamSpec e = expected.positionalParameters().get(p);
                PositionalParamSpec a = actual.positionalParameters().get(p);
                assertEquals(List.of(describe(e), e.index()), List.of(describe(a), a.index()), where + " " + e.paramLabel());
            }
        }
    }

    private static List<Object> describe(ArgSpec arg) {
        return Arrays.asList(arg.toString(), arg.arity(), arg.paramLabel(), arg.type(), Arrays.asList(arg.auxiliaryTypes()),
                Arrays.asList(arg.description()), arg.defaultValue(), arg.hidden(), arg.splitRegex(), arg.required(), arg.hasInitialValue(),
                arg.initialValue(), arg.typeInfo().isMultiValue(), arg.typeInfo().getActualGenericTypeArguments(), arg.interactive(),
                arg.showDefaultValue(), arg.scopeType(), arg.converters().length, arg.completionCandidates() == null);
    }

    /** Parsing through generated models sets the fields as through picocli's reflection. */
    @Test
    void parsingSetsTheSameFields() {
        List<String[]> lines = List.of(
                new String[] {"run", "--rm", "-it", "-e", "A=1", "--env", "B=2", "-p", "127.0.0.1:80:80", "--memory", "64m", "--cap-add", "NET_ADMIN",
                    "-v", "/a:/b:ro", "--name", "web", "--restart", "no", "--health-cmd", "true", "--dns", "10.0.0.1", "busybox", "sh", "-c", "echo hi"},
                new String[] {"ps", "-a", "--filter", "status=exited", "--format", "{{.Names}}", "-n", "3"},
                new String[] {"-H", "unix:///x.sock", "images", "-q", "--no-trunc"},
                new String[] {"compose", "-f", "a.yml", "-p", "proj", "up", "-d", "--build"},
                new String[] {"container", "rm", "-f", "-v", "a", "b"},
                new String[] {"stop", "-t", "3", "web"},
                new String[] {"build", "-t", "a:1", "-t", "b:2", "--build-arg", "X=1", "--no-cache", "-f", "Dockerfile.x", "."});
        for (String[] line : lines) {
            assertEquals(fields(tree(CommandTree.Models.REFLECTED), line), fields(tree(CommandTree.Models.GENERATED), line), String.join(" ", line));
        }
    }

    private static List<String> fields(CommandLine tree, String[] line) {
        CommandLine.ParseResult result = tree.parseArgs(line);
        List<String> values = new ArrayList<>();
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            CommandSpec spec = r.commandSpec();
            for (ArgSpec arg : spec.args()) {
                values.add(spec.qualifiedName() + " " + arg.paramLabel() + (arg.isOption() ? ((OptionSpec) arg).longestName() : "")
                        + "=" + String.valueOf((Object) arg.getValue()));
            }
        }
        assertNotNull(result);
        return values;
    }

    private static void walk(CommandLine line, java.util.function.Consumer<CommandLine> visit) {
        visit.accept(line);
        for (CommandLine sub : line.getSubcommands().values().stream().distinct().toList()) {
            walk(sub, visit);
        }
    }
}
