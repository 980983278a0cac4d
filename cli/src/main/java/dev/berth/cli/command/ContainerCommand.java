package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth container}: the management command grouping container subcommands. */
@Command(name = "container", description = "Manage containers", synopsisSubcommandLabel = "COMMAND")
public final class ContainerCommand extends ManagementCommand {}
