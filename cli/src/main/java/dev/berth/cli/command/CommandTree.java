package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.io.Io;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the command line: docker's top-level commands and the image/container management
 * commands, with docker's exit statuses for usage errors (125) and daemon errors (1).
 */
public final class CommandTree {

    private CommandTree() {
    }

    public static CommandLine build(Io io, Map<String, String> environment) {
        BerthCommand top = new BerthCommand();
        Session session = new Session(io, environment, () -> top.host, Clock.systemUTC());
        IFactory factory = new SessionFactory(session);
        CommandLine root = new CommandLine(top, factory);

        CommandLine image = new CommandLine(new ImageCommand(), factory);
        image.addSubcommand("import", new CommandLine(ImportCommand.class, factory));
        image.addSubcommand("inspect", new CommandLine(ImageInspectCommand.class, factory));
        image.addSubcommand("ls", new CommandLine(ImagesCommand.class, factory), "list");
        image.addSubcommand("rm", new CommandLine(RmiCommand.class, factory), "rmi", "remove");
        image.addSubcommand("tag", new CommandLine(TagCommand.class, factory));

        CommandLine container = new CommandLine(new ContainerCommand(), factory);
        container.addSubcommand("create", new CommandLine(CreateCommand.class, factory));
        container.addSubcommand("inspect", new CommandLine(ContainerInspectCommand.class, factory));
        container.addSubcommand("kill", new CommandLine(KillCommand.class, factory));
        container.addSubcommand("logs", new CommandLine(LogsCommand.class, factory));
        container.addSubcommand("ls", new CommandLine(PsCommand.class, factory), "ps", "list");
        container.addSubcommand("rm", new CommandLine(RmCommand.class, factory), "remove");
        container.addSubcommand("run", new CommandLine(RunCommand.class, factory));
        container.addSubcommand("start", new CommandLine(StartCommand.class, factory));
        container.addSubcommand("stop", new CommandLine(StopCommand.class, factory));
        container.addSubcommand("wait", new CommandLine(WaitCommand.class, factory));

        root.addSubcommand("container", container);
        root.addSubcommand("image", image);
        root.addSubcommand("create", new CommandLine(CreateCommand.class, factory));
        root.addSubcommand("images", new CommandLine(ImagesCommand.class, factory));
        root.addSubcommand("import", new CommandLine(ImportCommand.class, factory));
        root.addSubcommand("info", new CommandLine(InfoCommand.class, factory));
        root.addSubcommand("inspect", new CommandLine(InspectCommand.class, factory));
        root.addSubcommand("kill", new CommandLine(KillCommand.class, factory));
        root.addSubcommand("logs", new CommandLine(LogsCommand.class, factory));
        root.addSubcommand("ps", new CommandLine(PsCommand.class, factory));
        root.addSubcommand("rm", new CommandLine(RmCommand.class, factory));
        root.addSubcommand("rmi", new CommandLine(RmiCommand.class, factory));
        root.addSubcommand("run", new CommandLine(RunCommand.class, factory));
        root.addSubcommand("start", new CommandLine(StartCommand.class, factory));
        root.addSubcommand("stop", new CommandLine(StopCommand.class, factory));
        root.addSubcommand("tag", new CommandLine(TagCommand.class, factory));
        root.addSubcommand("version", new CommandLine(VersionCommand.class, factory));
        root.addSubcommand("wait", new CommandLine(WaitCommand.class, factory));

        stopOptionsAtImage(root);
        root.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        root.setParameterExceptionHandler(CommandTree::usageError);
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine, top.debug, io));
        return root;
    }

    /** In run and create everything after the image belongs to the container's command, flags included. */
    private static void stopOptionsAtImage(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (sub.getCommand() instanceof ContainerSpecCommand) {
                sub.setStopAtPositional(true);
            }
            stopOptionsAtImage(sub);
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException u && commandLine.getParent() == null && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-")) {
            err.println("berth: unknown command: berth " + u.getUnmatched().getFirst());
            err.println();
            err.println("Run 'berth --help' for more information");
            return 125;
        }
        // docker's wording and statuses: a bad flag is 125, a wrong number of arguments is 1
        if (e instanceof MissingParameterException) {
            err.println("berth: '" + name + "' requires at least 1 argument");
            err.println("See '" + name + " --help'.");
            return 1;
        }
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            err.println("berth: '" + name + "' accepts no more arguments than it takes: " + u.getUnmatched().getFirst());
            err.println("See '" + name + " --help'.");
            return 1;
        }
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            err.println("unknown flag: " + u.getUnmatched().getFirst());
        } else {
            err.println("berth: " + e.getMessage());
        }
        err.println("See '" + name + " --help'.");
        return 125;
    }

    private static int failure(Exception e, CommandLine commandLine, boolean debug, Io io) {
        if (debug) {
            e.printStackTrace(io.err());
        }
        io.out().flush();
        return switch (e) {
            case CommandFailure f -> {
                if (f.getMessage() != null && !f.getMessage().isEmpty()) {
                    io.err().println(f.getMessage());
                }
                yield f.exitCode();
            }
            case ApiException a -> {
                io.err().println(a.display());
                yield 1;
            }
            case JsonMessageStream.StreamError s -> {
                io.err().println(s.getMessage());
                yield 1;
            }
            case TemplateException t -> {
                io.err().println(t.getMessage());
                yield 1;
            }
            case IOException io2 when io2 instanceof dev.berth.cli.api.DaemonUnavailableException -> {
                io.err().println(io2.getMessage());
                yield 1;
            }
            case IOException io2 -> {
                io.err().println("error during connect: " + (io2.getMessage() != null ? io2.getMessage() : io2.toString()));
                yield 1;
            }
            case IllegalArgumentException bad -> {
                io.err().println("berth: " + bad.getMessage());
                io.err().println("See '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
                yield 125;
            }
            default -> {
                io.err().println("berth: " + e);
                yield 1;
            }
        };
    }

    /** Creates commands through picocli and hands each the session. */
    private static final class SessionFactory implements IFactory {
        private final Session session;
        private final IFactory defaults = CommandLine.defaultFactory();

        SessionFactory(Session session) {
            this.session = session;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            K instance = defaults.create(type);
            if (instance instanceof EngineCommand command) {
                command.session = session;
            }
            return instance;
        }
    }
}
