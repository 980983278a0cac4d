package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.cli.io.Io;
import dev.berth.cli.testing.FakeTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the command a line names is set up; help, errors and the unusual get the whole tree. */
class CommandSelectionTest {

    @Test
    void plainCommandLinesSelectOneCommand() {
        assertArrayEquals(new String[] {"ps"}, CommandTree.selection(new String[] {"ps", "-a"}));
        assertArrayEquals(new String[] {"run"}, CommandTree.selection(new String[] {"-H", "unix:///x.sock", "-D", "run", "-it", "busybox"}));
        assertArrayEquals(new String[] {"exec"}, CommandTree.selection(new String[] {"--host=tcp://h:1", "exec", "c", "ls"}));
        assertArrayEquals(new String[] {"container", "ps"}, CommandTree.selection(new String[] {"container", "ps", "-a"}));
        assertArrayEquals(new String[] {"image", "rmi"}, CommandTree.selection(new String[] {"image", "rmi", "x"}));
    }

    @Test
    void helpVersionAndUnknownsGetTheWholeTree() {
        assertNull(CommandTree.selection(new String[] {}));
        assertNull(CommandTree.selection(new String[] {"--help"}));
        assertNull(CommandTree.selection(new String[] {"-v"}));
        assertNull(CommandTree.selection(new String[] {"ps", "--help"}));
        assertNull(CommandTree.selection(new String[] {"container"}));
        assertNull(CommandTree.selection(new String[] {"container", "frobnicate"}));
        assertNull(CommandTree.selection(new String[] {"frobnicate"}));
    }

    @Test
    void aPartialTreeHoldsJustTheSelectedCommandAndStillParses() {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        String[] args = {"container", "list", "-a"};
        CommandLine tree = CommandTree.forArguments(io, Map.of(), FakeTerminal::none, args);
        assertEquals(1, tree.getSubcommands().size());
        CommandLine container = tree.getSubcommands().get("container");
        assertEquals(java.util.Set.of("ls", "ps", "list"), container.getSubcommands().keySet());
        CommandLine.ParseResult parsed = tree.parseArgs(args);
        assertEquals(true, ((PsCommand) parsed.subcommand().subcommand().commandSpec().userObject()).all);
    }
}
