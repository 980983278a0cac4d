package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth volume}: create, inspect, ls, prune, rm. */
@Command(name = "volume", description = "Manage volumes", synopsisSubcommandLabel = "COMMAND")
public final class VolumeCommand extends ManagementCommand {}
