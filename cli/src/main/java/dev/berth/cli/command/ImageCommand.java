package dev.berth.cli.command;

import picocli.CommandLine.Command;

/** {@code berth image}: the management command grouping image subcommands. */
@Command(name = "image", description = "Manage images", synopsisSubcommandLabel = "COMMAND")
public final class ImageCommand extends ManagementCommand {}
