package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.instruction.BuilderFlags.FlagException;
import dev.berth.dockerfile.syntax.GoText;
import dev.berth.dockerfile.syntax.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a parsed line into a typed instruction with Docker's checks and messages (buildkit's
 * instructions/parse.go as vendored in Docker 20.10). Each check runs in Docker's order, so the
 * first error reported is Docker's. HEALTHCHECK lives in {@link HealthcheckParser}.
 */
public final class InstructionParser {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_\\.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^[\\t\\n\\f\\r ]*ONBUILD[\\t\\n\\f\\r ]*");
    static final String REQUIRES_BUILDKIT =
            " option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled";

    private InstructionParser() {}

    /** Parses one node; the exception message is Docker's inner message, with the node's line. */
    public static Instruction parse(Node node) throws InstructionException {
        try {
            return dispatch(new Request(node));
        } catch (FlagException e) {
            throw new InstructionException(e.getMessage(), node.startLine());
        }
    }

    /** What one instruction's parser gets (buildkit's parseRequest). */
    record Request(Node node, List<String> args, BuilderFlags flags, Origin origin) {
        Request(Node node) {
            this(node, node.flattenedArgs(), new BuilderFlags(node.flags()),
                    new Origin(node.command(), GoText.trimSpace(node.original()), node.startLine(), node.endLine()));
        }

        InstructionException error(String message) {
            return new InstructionException(message, node.startLine());
        }

        boolean json() {
            return node.json();
        }
    }

    private static Instruction dispatch(Request req) throws InstructionException, FlagException {
        return switch (req.node().command()) {
            case "env" -> new EnvInstruction(req.origin(), keyValues(req, "ENV"));
            case "maintainer" -> maintainer(req);
            case "label" -> new LabelInstruction(req.origin(), keyValues(req, "LABEL"));
            case "add" -> add(req);
            case "copy" -> copy(req);
            case "from" -> from(req);
            case "onbuild" -> onbuild(req);
            case "workdir" -> new WorkdirInstruction(req.origin(), exactlyOne(req, "WORKDIR"));
            case "run" -> run(req);
            case "cmd" -> {
                req.flags().parse();
                yield new CmdInstruction(req.origin(), commandLine(req));
            }
            case "healthcheck" -> new HealthcheckInstruction(req.origin(), HealthcheckParser.parse(req));
            case "entrypoint" -> {
                req.flags().parse();
                yield new EntrypointInstruction(req.origin(), commandLine(req));
            }
            case "expose" -> expose(req);
            case "user" -> new UserInstruction(req.origin(), exactlyOne(req, "USER"));
            case "volume" -> volume(req);
            case "stopsignal" -> stopSignal(req);
            case "arg" -> arg(req);
            case "shell" -> shell(req);
            default -> throw req.error("unknown instruction: " + req.node().command().toUpperCase(Locale.ROOT));
        };
    }

    /** handleJSONArgs: exec form as is, shell form joined into one string. */
    static CommandLine commandLine(List<String> args, boolean json) {
        if (args.isEmpty()) return new CommandLine(List.of(), !json);
        if (json) return new CommandLine(args, false);
        return new CommandLine(List.of(String.join(" ", args)), true);
    }

    private static CommandLine commandLine(Request req) {
        return commandLine(req.args(), req.json());
    }

    private static List<KeyValue> keyValues(Request req, String name) throws InstructionException, FlagException {
        req.flags().parse();
        List<String> args = req.args();
        if (args.isEmpty()) throw req.error(name + " requires at least one argument");
        if (args.size() % 2 != 0) throw req.error("Bad input to " + name + ", too many arguments");
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).isEmpty()) throw req.error(name + " names can not be blank");
            pairs.add(new KeyValue(args.get(i), args.get(i + 1)));
        }
        return pairs;
    }

    private static MaintainerInstruction maintainer(Request req) throws InstructionException, FlagException {
        if (req.args().size() != 1) throw req.error("MAINTAINER requires exactly one argument");
        req.flags().parse();
        return new MaintainerInstruction(req.origin(), req.args().get(0));
    }

    private static String exactlyOne(Request req, String name) throws InstructionException, FlagException {
        if (req.args().size() != 1) throw req.error(name + " requires exactly one argument");
        req.flags().parse();
        return req.args().get(0);
    }

    private static InstructionException noDestination(Request req, String name) {
        return req.error(name + " requires at least two arguments, but only one was provided. Destination could not be determined");
    }

    private static AddInstruction add(Request req) throws InstructionException, FlagException {
        if (req.args().size() < 2) throw noDestination(req, "ADD");
        BuilderFlags flags = req.flags().declare("chown", "chmod");
        flags.parse();
        List<String> args = req.args();
        return new AddInstruction(req.origin(), args.subList(0, args.size() - 1), args.get(args.size() - 1),
                flags.value("chown"), flags.value("chmod"));
    }

    private static CopyInstruction copy(Request req) throws InstructionException, FlagException {
        if (req.args().size() < 2) throw noDestination(req, "COPY");
        BuilderFlags flags = req.flags().declare("chown", "from", "chmod");
        flags.parse();
        List<String> args = req.args();
        return new CopyInstruction(req.origin(), args.subList(0, args.size() - 1), args.get(args.size() - 1),
                flags.value("from"), flags.value("chown"), flags.value("chmod"));
    }

    private static FromInstruction from(Request req) throws InstructionException, FlagException {
        List<String> args = req.args();
        Optional<String> stageName = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String name = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(name).matches()) {
                throw req.error("invalid name for build stage: " + GoText.quote(args.get(2))
                        + ", name can't start with a number or contain symbols");
            }
            stageName = Optional.of(name);
        } else if (args.size() != 1) {
            throw req.error("FROM requires either one or three arguments");
        }
        BuilderFlags flags = req.flags().declare("platform");
        flags.parse();
        return new FromInstruction(req.origin(), args.get(0), stageName, flags.value("platform"));
    }

    private static OnbuildInstruction onbuild(Request req) throws InstructionException, FlagException {
        if (req.args().isEmpty()) throw req.error("ONBUILD requires at least one argument");
        req.flags().parse();
        String trigger = GoText.trimSpace(req.args().get(0)).toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw req.error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw req.error(trigger + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        String expression = ONBUILD_PREFIX.matcher(req.node().original()).replaceFirst("");
        return new OnbuildInstruction(req.origin(), expression);
    }

    /**
     * RUN. Docker 20.10's classic builder has no RUN flags: --mount is recognised and then refused
     * with its "requires BuildKit" message; --network and --security are unknown flags.
     */
    private static RunInstruction run(Request req) throws InstructionException, FlagException {
        BuilderFlags flags = req.flags().declareRepeatable("mount");
        flags.parse();
        if (!flags.used().isEmpty()) {
            // Docker reports this one when running the step, so without the "parse error" prefix.
            throw new InstructionException("the --" + flags.used().get(0) + REQUIRES_BUILDKIT, req.node().startLine(), false);
        }
        return new RunInstruction(req.origin(), commandLine(req));
    }

    private static ExposeInstruction expose(Request req) throws InstructionException, FlagException {
        if (req.args().isEmpty()) throw req.error("EXPOSE requires at least one argument");
        req.flags().parse();
        List<String> ports = new ArrayList<>(req.args());
        ports.sort(null);
        return new ExposeInstruction(req.origin(), ports);
    }

    private static VolumeInstruction volume(Request req) throws InstructionException, FlagException {
        if (req.args().isEmpty()) throw req.error("VOLUME requires at least one argument");
        req.flags().parse();
        List<String> paths = new ArrayList<>();
        for (String path : req.args()) {
            String trimmed = GoText.trimSpace(path);
            if (trimmed.isEmpty()) throw req.error("VOLUME specified can not be an empty string");
            paths.add(trimmed);
        }
        return new VolumeInstruction(req.origin(), paths);
    }

    /** STOPSIGNAL: Docker never parses its flags, so they are ignored. */
    private static StopSignalInstruction stopSignal(Request req) throws InstructionException {
        if (req.args().size() != 1) throw req.error("STOPSIGNAL requires exactly one argument");
        return new StopSignalInstruction(req.origin(), req.args().get(0));
    }

    /** ARG: Docker never parses its flags either. */
    private static ArgInstruction arg(Request req) throws InstructionException {
        if (req.args().isEmpty()) throw req.error("ARG requires at least one argument");
        List<ArgDefinition> defs = new ArrayList<>();
        for (String arg : req.args()) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                defs.add(new ArgDefinition(arg, Optional.empty()));
                continue;
            }
            if (eq == 0) throw req.error("ARG names can not be blank");
            defs.add(new ArgDefinition(arg.substring(0, eq), Optional.of(arg.substring(eq + 1))));
        }
        return new ArgInstruction(req.origin(), defs);
    }

    private static ShellInstruction shell(Request req) throws InstructionException, FlagException {
        req.flags().parse();
        CommandLine cmd = commandLine(req);
        if (cmd.args().isEmpty()) throw req.error("SHELL requires at least one argument");
        if (!req.json()) throw req.error("SHELL requires the arguments to be in JSON form");
        return new ShellInstruction(req.origin(), cmd.args());
    }
}
