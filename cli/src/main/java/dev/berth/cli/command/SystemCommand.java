package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth system}: the management command for daemon-wide subcommands. */
@Command(name = "system", description = "Manage Berth", synopsisSubcommandLabel = "COMMAND")
public final class SystemCommand extends ManagementCommand {}
