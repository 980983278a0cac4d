package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth network}: the management command grouping network subcommands. */
@Command(name = "network", description = "Manage networks", synopsisSubcommandLabel = "COMMAND")
public final class NetworkCommand extends ManagementCommand {}
