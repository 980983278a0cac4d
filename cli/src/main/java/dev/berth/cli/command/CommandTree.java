package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.command.model.GeneratedCommandModels;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.io.Io;
import dev.berth.cli.terminal.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the command line: docker's top-level commands and the container, image and system
 * management commands, with docker's help layout and exit statuses for usage errors (125 for
 * flags, 1 for arguments) and daemon errors (1).
 */
public final class CommandTree {

    /** A subcommand: its name, its class, and the other names it answers to. */
    private record Leaf(String name, Class<?> type, List<String> aliases) {
        Leaf(String name, Class<?> type, String... aliases) {
            this(name, type, List.of(aliases));
        }

        boolean answers(String word) {
            return name.equals(word) || aliases.contains(word);
        }
    }

    /** The container commands docker also offers at the top level. */
    private static final List<Leaf> CONTAINER_SHORTCUTS = List.of(
            new Leaf("attach", AttachCommand.class), new Leaf("commit", CommitCommand.class), new Leaf("cp", CpCommand.class),
            new Leaf("create", CreateCommand.class), new Leaf("diff", DiffCommand.class), new Leaf("exec", ExecCommand.class),
            new Leaf("export", ExportCommand.class), new Leaf("kill", KillCommand.class), new Leaf("logs", LogsCommand.class),
            new Leaf("pause", PauseCommand.class), new Leaf("port", PortCommand.class), new Leaf("rename", RenameCommand.class),
            new Leaf("restart", RestartCommand.class), new Leaf("run", RunCommand.class), new Leaf("start", StartCommand.class),
            new Leaf("stats", StatsCommand.class), new Leaf("stop", StopCommand.class), new Leaf("top", TopCommand.class),
            new Leaf("unpause", UnpauseCommand.class), new Leaf("update", UpdateCommand.class), new Leaf("wait", WaitCommand.class));

    private static final List<Leaf> TOP_LEVEL = concat(CONTAINER_SHORTCUTS, List.of(
            new Leaf("build", BuildCommand.class), new Leaf("compose", dev.berth.cli.compose.command.ComposeCommand.class),
            new Leaf("events", EventsCommand.class), new Leaf("history", HistoryCommand.class),
            new Leaf("images", ImagesCommand.class), new Leaf("import", ImportCommand.class),
            new Leaf("info", InfoCommand.class), new Leaf("inspect", InspectCommand.class),
            new Leaf("login", LoginCommand.class), new Leaf("logout", LogoutCommand.class),
            new Leaf("pull", PullCommand.class), new Leaf("push", PushCommand.class),
            new Leaf("load", LoadCommand.class), new Leaf("ps", PsCommand.class), new Leaf("save", SaveCommand.class),
            new Leaf("rm", RmCommand.class), new Leaf("rmi", RmiCommand.class), new Leaf("tag", TagCommand.class),
            new Leaf("version", VersionCommand.class)));

    /** The management commands and their subcommands. */
    private static final Map<String, List<Leaf>> GROUPS = Map.of(
            "container", concat(CONTAINER_SHORTCUTS, List.of(new Leaf("inspect", ContainerInspectCommand.class),
                    new Leaf("ls", PsCommand.class, "ps", "list"), new Leaf("prune", ContainerPruneCommand.class),
                    new Leaf("rm", RmCommand.class, "remove"))),
            "image", List.of(new Leaf("build", BuildCommand.class), new Leaf("history", HistoryCommand.class), new Leaf("import", ImportCommand.class), new Leaf("inspect", ImageInspectCommand.class),
                    new Leaf("load", LoadCommand.class), new Leaf("ls", ImagesCommand.class, "list"),
                    new Leaf("prune", ImagePruneCommand.class),
                    new Leaf("pull", PullCommand.class), new Leaf("push", PushCommand.class), new Leaf("rm", RmiCommand.class, "rmi", "remove"),
                    new Leaf("save", SaveCommand.class), new Leaf("tag", TagCommand.class)),
            "network", List.of(new Leaf("connect", NetworkConnectCommand.class), new Leaf("create", NetworkCreateCommand.class),
                    new Leaf("disconnect", NetworkDisconnectCommand.class), new Leaf("inspect", NetworkInspectCommand.class),
                    new Leaf("ls", NetworkLsCommand.class, "list"), new Leaf("prune", NetworkPruneCommand.class),
                    new Leaf("rm", NetworkRmCommand.class, "remove")),
            "system", List.of(new Leaf("events", EventsCommand.class), new Leaf("df", SystemDfCommand.class), new Leaf("info", InfoCommand.class),
                    new Leaf("prune", SystemPruneCommand.class)),
            "volume", List.of(new Leaf("create", VolumeCreateCommand.class), new Leaf("inspect", VolumeInspectCommand.class),
                    new Leaf("ls", VolumeLsCommand.class, "list"), new Leaf("prune", VolumePruneCommand.class),
                    new Leaf("rm", VolumeRmCommand.class, "remove")));

    private CommandTree() {
    }

    private static List<Leaf> concat(List<Leaf> first, List<Leaf> second) {
        List<Leaf> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** The whole tree: every command, as help and tests see it. */
    public static CommandLine build(Io io, Map<String, String> environment) {
        return build(io, environment, Terminal::system);
    }

    /** @param terminal the user's terminal, asked for only by the commands that need one */
    public static CommandLine build(Io io, Map<String, String> environment, Supplier<Terminal> terminal) {
        return build(io, environment, terminal, null);
    }

    /**
     * The tree a command line needs: only the command it names when that is plain (picocli's
     * set-up of the ~70 others is most of the start-up), the whole tree for help, errors and
     * anything unusual.
     */
    public static CommandLine forArguments(Io io, Map<String, String> environment, Supplier<Terminal> terminal, String[] args) {
        return build(io, environment, terminal, selection(args));
    }

    /** Whether args name a plain command (not help, not a usage error), which in the end asks the engine. */
    public static boolean talksToEngine(String[] args) {
        return selection(args) != null;
    }

    /** The path args name ({"ps"} or {"container", "ls"}), or null when the whole tree is needed. */
    static String[] selection(String[] args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String arg = args[i];
            if (arg.equals("-H") || arg.equals("--host")) {
                i += 2;
            } else if (arg.startsWith("--host=") || (arg.startsWith("-H") && !arg.startsWith("--")) || arg.equals("-D") || arg.equals("--debug")) {
                i++;
            } else {
                return null;
            }
        }
        if (i >= args.length || List.of(args).contains("--help")) {
            return null;
        }
        // loops, not streams: the stream framework's set-up is a few milliseconds of every start
        String first = args[i];
        List<Leaf> group = GROUPS.get(first);
        if (group != null) {
            String second = i + 1 < args.length ? args[i + 1] : "";
            return answers(group, second) ? new String[] {first, second} : null;
        }
        return answers(TOP_LEVEL, first) ? new String[] {first} : null;
    }

    private static boolean answers(List<Leaf> leaves, String word) {
        for (Leaf leaf : leaves) {
            if (leaf.answers(word)) {
                return true;
            }
        }
        return false;
    }

    /** How the commands' picocli models are made: written at build time, or read from the annotations. */
    enum Models {
        GENERATED, REFLECTED;

        CommandLine commandLine(Object command, IFactory factory) {
            CommandSpec generated = this == GENERATED ? GeneratedCommandModels.spec(command, factory) : null;
            return new CommandLine(generated != null ? generated : command, factory);
        }
    }

    private static CommandLine build(Io io, Map<String, String> environment, Supplier<Terminal> terminal, String[] selection) {
        return build(io, environment, terminal, selection, Models.GENERATED);
    }

    /** The whole tree with the given models: the generated ones are checked against picocli's own reading. */
    static CommandLine build(Io io, Map<String, String> environment, Models models) {
        return build(io, environment, Terminal::system, null, models);
    }

    private static CommandLine build(Io io, Map<String, String> environment, Supplier<Terminal> terminal, String[] selection, Models models) {
        BerthCommand top = new BerthCommand();
        Session session = new Session(io, environment, () -> top.host, Clock.systemUTC(), terminal);
        SessionFactory factory = new SessionFactory(session);
        CommandLine root = models.commandLine(top, factory);
        root.getCommandSpec().versionProvider(new BerthCommand.VersionProvider());
        for (String groupName : List.of("container", "image", "network", "system", "volume")) {
            if (selection != null && !selection[0].equals(groupName)) {
                continue;
            }
            CommandLine group = models.commandLine(switch (groupName) {
                case "container" -> new ContainerCommand();
                case "image" -> new ImageCommand();
                case "network" -> new NetworkCommand();
                case "volume" -> new VolumeCommand();
                default -> new SystemCommand();
            }, factory);
            for (Leaf leaf : GROUPS.get(groupName)) {
                if (selection == null || leaf.answers(selection[1])) {
                    group.addSubcommand(leaf.name(), models.commandLine(factory.command(leaf.type()), factory), leaf.aliases().toArray(String[]::new));
                }
            }
            root.addSubcommand(groupName, group);
        }
        for (Leaf leaf : TOP_LEVEL) {
            if (selection == null || (selection.length == 1 && leaf.answers(selection[0]))) {
                root.addSubcommand(leaf.name(), models.commandLine(factory.command(leaf.type()), factory), leaf.aliases().toArray(String[]::new));
            }
        }

        stopOptionsAtArguments(root);
        DockerHelp.install(root);
        root.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        root.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        root.setParameterExceptionHandler(CommandTree::usageError);
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine, top.debug, io));
        return root;
    }

    /** In run, create, exec and top everything after the first argument belongs to it, flags included. */
    private static void stopOptionsAtArguments(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (sub.getCommand() instanceof OptionsBeforeArguments) {
                sub.setStopAtPositional(true);
            }
            stopOptionsAtArguments(sub);
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")
                && !commandLine.getSubcommands().isEmpty()) {
            err.println("berth: unknown command: " + name + " " + u.getUnmatched().getFirst());
            err.println();
            err.println("Run '" + name + " --help' for more information");
            return commandLine.getParent() == null ? 125 : 1;
        }
        // docker's wording and statuses: a wrong number of arguments is 1, a bad flag is 125
        if (e instanceof CommandLine.MissingParameterException missing && missing.getMissing().stream().allMatch(a -> !a.isOption())
                || e instanceof UnmatchedArgumentException u2 && !u2.getUnmatched().isEmpty() && !u2.getUnmatched().getFirst().startsWith("-")) {
            err.println(argumentCountError(commandLine));
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

    /** cobra's argument checks as docker words them (RequiresMinArgs, ExactArgs, RequiresRangeArgs, NoArgs...). */
    static String argumentCountError(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        String name = spec.qualifiedName();
        int min = 0;
        int max = 0;
        boolean unbounded = false;
        for (PositionalParamSpec p : spec.positionalParameters()) {
            min += p.arity().min();
            if (p.arity().isVariable()) {
                unbounded = true;
            } else {
                max += p.arity().max();
            }
        }
        String problem;
        String help = "Run";
        if (min == 0 && max == 0 && !unbounded) {
            problem = "accepts no arguments";
        } else if (unbounded) {
            problem = "requires at least " + min + " " + plural(min);
            help = "See";
        } else if (min == max) {
            problem = "requires " + min + " " + plural(min);
        } else if (min == 0) {
            problem = "requires at most " + max + " " + plural(max);
        } else {
            problem = "requires at least " + min + " and at most " + max + " " + plural(max);
        }
        return "berth: '" + name + "' " + problem + "\n\nUsage:  " + DockerHelp.usageLine(commandLine)
                + "\n\n" + help + " '" + name + " --help' for more information";
    }

    private static String plural(int count) {
        return count == 1 ? "argument" : "arguments";
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

    /**
     * Creates commands, mixins and providers and hands each command the session. Not through
     * picocli's DefaultFactory: its set-up looks for Groovy on the class path, a tenth of start-up.
     */
    private static final class SessionFactory implements IFactory {
        private final Session session;

        SessionFactory(Session session) {
            this.session = session;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            // picocli asks for collections and maps by interface: only its own factory knows those
            K instance = type.isInterface() ? CommandLine.defaultFactory().create(type) : construct(type);
            if (instance instanceof EngineCommand command) {
                command.session = session;
            }
            return instance;
        }

        private static <K> K construct(Class<K> type) throws ReflectiveOperationException {
            Constructor<K> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        }

        /** A command object for picocli (given a class, picocli would go through DefaultFactory). */
        Object command(Class<?> type) {
            try {
                return create(type);
            } catch (Exception e) {
                throw new CommandLine.InitializationException("Could not instantiate " + type + ": " + e, e);
            }
        }
    }
}
