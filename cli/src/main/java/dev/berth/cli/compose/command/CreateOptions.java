package dev.berth.cli.compose.command;

import picocli.CommandLine.Option;

/** The options up and create share: when to build, and when to recreate. */
final class CreateOptions {
    @Option(names = "--build", description = "Build images before starting containers")
    boolean build;

    @Option(names = "--no-build", description = "Don't build an image, even if it's policy")
    boolean noBuild;

    @Option(names = "--force-recreate", description = "Recreate containers even if their configuration and image haven't changed")
    boolean forceRecreate;

    @Option(names = "--no-recreate", description = "If containers already exist, don't recreate them")
    boolean noRecreate;

    void check() {
        if (forceRecreate && noRecreate) {
            throw new IllegalArgumentException("--force-recreate and --no-recreate are incompatible");
        }
    }
}
