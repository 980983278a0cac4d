package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage text laid out as docker's: "Usage:  berth stop [OPTIONS] CONTAINER [CONTAINER...]", the
 * description, "Aliases:", and options as pflag prints them ("-t, --timeout int"). The top
 * level groups its commands as docker does (common, management, the rest); management
 * commands list theirs.
 */
final class DockerHelp {
    private static final String SECTION = "docker";
    /** docker's "category-top" commands, in its order. */
    private static final List<String> COMMON = List.of("run", "exec", "ps", "build", "pull", "push", "images", "login",
            "logout", "search", "version", "info");
    private static final int MIN_NAME_PADDING = 11;

    private final CommandLine root;

    private DockerHelp(CommandLine root) {
        this.root = root;
    }

    /** Gives every command of the tree docker's help layout. */
    static void install(CommandLine root) {
        DockerHelp help = new DockerHelp(root);
        help.installOn(root);
    }

    private void installOn(CommandLine commandLine) {
        commandLine.setHelpSectionKeys(List.of(SECTION));
        Map<String, CommandLine.IHelpSectionRenderer> renderers = new java.util.HashMap<>();
        renderers.put(SECTION, h -> render(commandLine));
        commandLine.setHelpSectionMap(renderers);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            installOn(sub);
        }
    }

    String render(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        StringBuilder out = new StringBuilder();
        out.append("Usage:  ").append(usageLine(commandLine)).append("\n\n");
        String[] description = spec.usageMessage().description();
        out.append(description.length > 0 ? String.join("\n", description) : "").append('\n');
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            out.append('\n').append(String.join("\n", footer)).append('\n');
        }
        if (commandLine == root) {
            renderTopLevel(out);
        } else if (!commandLine.getSubcommands().isEmpty()) {
            out.append("\nCommands:\n");
            commands(out, subcommands(commandLine), padding(subcommands(commandLine)));
            out.append("\nRun '").append(spec.qualifiedName()).append(" COMMAND --help' for more information on a command.\n");
        } else {
            List<String> aliases = aliases(commandLine);
            if (aliases.size() > 1) {
                out.append("\nAliases:\n  ").append(String.join(", ", aliases)).append('\n');
            }
            String options = options(spec);
            if (!options.isEmpty()) {
                out.append("\nOptions:\n").append(options);
            }
        }
        return out.toString();
    }

    /** The command path and its arguments: customSynopsis (without the name) or one made from the parameters. */
    static String usageLine(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        String[] synopsis = spec.usageMessage().customSynopsis();
        if (synopsis.length > 0) {
            String first = synopsis[0].startsWith(spec.root().name() + " ") ? synopsis[0] : spec.qualifiedName() + " " + synopsis[0];
            List<String> lines = new ArrayList<>(List.of(first));
            lines.addAll(List.of(synopsis).subList(1, synopsis.length));
            return String.join("\n", lines);
        }
        if (!commandLine.getSubcommands().isEmpty()) {
            return spec.qualifiedName() + (commandLine.getParent() == null ? " [OPTIONS]" : "") + " COMMAND";
        }
        StringBuilder line = new StringBuilder(spec.qualifiedName());
        if (spec.options().stream().anyMatch(o -> !o.usageHelp() && !o.versionHelp() && !o.hidden())) {
            line.append(" [OPTIONS]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel();
            if (p.arity().min() == 0) {
                line.append(" [").append(label).append(p.arity().isVariable() ? "..." : "").append(']');
            } else {
                line.append(' ').append(label).append(p.arity().isVariable() ? " [" + label + "...]" : "");
            }
        }
        return line.toString();
    }

    private void renderTopLevel(StringBuilder out) {
        List<Named> all = subcommands(root);
        int padding = padding(all);
        List<Named> common = new ArrayList<>();
        List<Named> management = new ArrayList<>();
        List<Named> others = new ArrayList<>();
        for (Named sub : all) {
            String name = sub.name();
            if (COMMON.contains(name)) {
                common.add(sub);
            } else if (!sub.command().getSubcommands().isEmpty()) {
                management.add(sub);
            } else {
                others.add(sub);
            }
        }
        common.sort(Comparator.comparingInt(c -> COMMON.indexOf(c.name())));
        out.append("\nCommon Commands:\n");
        commands(out, common, padding);
        out.append("\nManagement Commands:\n");
        commands(out, management, padding);
        out.append("\nCommands:\n");
        commands(out, others, padding);
        out.append("\nGlobal Options:\n").append(options(root.getCommandSpec()));
        out.append("\nRun '").append(root.getCommandName()).append(" COMMAND --help' for more information on a command.\n");
    }

    /** A subcommand under the name it was registered with (its aliases left out). */
    private record Named(String name, CommandLine command) {
    }

    private static List<Named> subcommands(CommandLine parent) {
        List<Named> list = new ArrayList<>();
        java.util.Set<CommandLine> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        parent.getSubcommands().forEach((name, sub) -> {
            if (seen.add(sub)) {
                list.add(new Named(name, sub));
            }
        });
        list.sort(Comparator.comparing(Named::name));
        return list;
    }

    private static int padding(List<Named> commands) {
        int longest = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        return Math.max(MIN_NAME_PADDING, longest) + 1;
    }

    private static void commands(StringBuilder out, List<Named> commands, int padding) {
        for (Named c : commands) {
            String[] description = c.command().getCommandSpec().usageMessage().description();
            out.append("  ").append(pad(c.name(), padding)).append(description.length > 0 ? description[0] : "").append('\n');
        }
    }

    /** Every path the command's class is reachable by, management paths first: "berth container stop, berth stop". */
    private List<String> aliases(CommandLine commandLine) {
        Class<?> type = commandLine.getCommandSpec().userObject().getClass();
        List<String> paths = new ArrayList<>();
        collect(root, type, paths);
        paths.sort(Comparator.comparingInt((String p) -> -p.split(" ").length));
        return paths;
    }

    private static void collect(CommandLine node, Class<?> type, List<String> paths) {
        node.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().userObject().getClass() == type) {
                String parent = node.getCommandSpec().qualifiedName();
                paths.add(parent + " " + name);
            }
            if (!sub.getSubcommands().isEmpty() && name.equals(sub.getCommandName())) {
                collect(sub, type, paths);
            }
        });
    }

    /** pflag's layout: "  -t, --timeout int   Seconds to wait...", sorted by long name. */
    static String options(CommandSpec spec) {
        List<OptionSpec> shown = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden() && !option.usageHelp()) {
                shown.add(option);
            }
        }
        shown.sort(Comparator.comparing(DockerHelp::sortKey));
        List<String> flags = new ArrayList<>();
        for (OptionSpec option : shown) {
            flags.add(flagColumn(option));
        }
        int width = flags.stream().mapToInt(String::length).max().orElse(0) + 3;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            String[] description = String.join("\n", shown.get(i).description()).split("\n");
            out.append(pad(flags.get(i), width)).append(description[0]).append('\n');
            for (int line = 1; line < description.length; line++) {
                out.append(" ".repeat(width)).append(description[line]).append('\n');
            }
        }
        return out.toString();
    }

    private static String sortKey(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private static String flagColumn(OptionSpec option) {
        String shortName = null;
        List<String> longNames = new ArrayList<>();
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                longNames.add(name);
            } else {
                shortName = name;
            }
        }
        StringBuilder column = new StringBuilder("  ");
        column.append(shortName != null ? shortName + ", " : "    ");
        column.append(String.join(", ", longNames));
        String type = typeName(option);
        if (!type.isEmpty()) {
            column.append(' ').append(type);
        }
        return column.toString();
    }

    /** pflag's value type: the explicit paramLabel, or one from the Java type. */
    static String typeName(ArgSpec arg) {
        Class<?> type = arg.type();
        if (type == boolean.class || type == Boolean.class) {
            return "";
        }
        String label = arg.paramLabel();
        if (!label.startsWith("<")) {
            return label;
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "int";
        }
        if (List.class.isAssignableFrom(type)) {
            return "list";
        }
        return "string";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
