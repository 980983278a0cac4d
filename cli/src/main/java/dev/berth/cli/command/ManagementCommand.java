package dev.berth.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A management command (berth image, berth container): alone, it prints its subcommands. */
// no @Command methods in any command: picocli need not look for them in every subclass
@Command(addMethodSubcommands = false)
public abstract class ManagementCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Print usage")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
