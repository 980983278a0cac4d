package dev.berth.gateway.container.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Docker's --init: a small init (tini, as Docker ships it) runs as the container's pid 1, reaps
 * zombies and forwards signals to the command. The host's static tini is bind-mounted read-only
 * at /sbin/docker-init, where Docker puts its own.
 */
final class InitBinary {
    static final String CONTAINER_PATH = "/sbin/docker-init";
    private static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/docker-init"), Path.of("/usr/bin/tini"));

    private InitBinary() {}

    /** The host's init binary, if one is installed (deploy/install.sh installs Debian's tini). */
    static Optional<Path> find() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    static boolean wanted(Boolean init) {
        return init != null && init;
    }
}
