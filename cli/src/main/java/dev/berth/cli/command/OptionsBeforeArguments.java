package dev.berth.cli.command;

/**
 * A command whose options end at its first argument, as docker's commands that run a command
 * (run, create, exec, top): what follows belongs to that command, "-x" words included.
 */
public interface OptionsBeforeArguments {
}
