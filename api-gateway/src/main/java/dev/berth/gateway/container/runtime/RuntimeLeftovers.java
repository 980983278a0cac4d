package dev.berth.gateway.container.runtime;

import dev.berth.common.fs.DurableFiles;
import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import dev.berth.gateway.config.GatewaySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a shim that died, hung or never got its container leaves behind: the shim process
 * itself, runc's record of the container and the rootfs mounted in the bundle. Removed before a
 * new shim takes the container over and when the container is removed without a live shim.
 */
final class RuntimeLeftovers {
    private static final Logger log = LoggerFactory.getLogger(RuntimeLeftovers.class);

    private final GatewaySettings settings;
    private final ContainerPaths paths;

    RuntimeLeftovers(GatewaySettings settings, ContainerPaths paths) {
        this.settings = settings;
        this.paths = paths;
    }

    void clean(String id) {
        killShim(id);
        forgetShimState(id);
        deleteRuncContainer(id);
        unmountRootfs(id);
    }

    /**
     * The dead shim's record of its container: a new shim would restore it and refuse Create.
     * exit.json stays: it is the last exit the gateway knows of.
     */
    private void forgetShimState(String id) {
        for (String file : new String[] {"state.json", "init.pid"}) {
            try {
                Files.deleteIfExists(paths.shimDir(id).resolve(file));
            } catch (IOException e) {
                log.warn("could not remove {} of the shim of {}: {}", file, id, e.getMessage());
            }
        }
    }

    /** A shim still running for this container (its pid file names it, its arguments confirm it). */
    private void killShim(String id) {
        Path pidFile = paths.shimDir(id).resolve("shim.pid");
        int pid;
        try {
            pid = Integer.parseInt(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return; // no shim ever served, or it removed its pid file on a clean exit
        }
        ProcessHandle.of(pid)
                .filter(process -> process.info().arguments()
                        .map(args -> java.util.Arrays.asList(args).contains(id)).orElse(false))
                .ifPresent(process -> {
                    log.warn("killing the shim of container {} (pid {}): it outlived its container", id, pid);
                    process.destroyForcibly();
                    process.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
    }

    private void deleteRuncContainer(String id) {
        if (!Files.exists(settings.runcRoot().resolve(id))) {
            return;
        }
        try {
            Process runc = new ProcessBuilder(settings.runcBinary(), "--root", settings.runcRoot().toString(),
                    "delete", "--force", id)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!runc.waitFor(10, TimeUnit.SECONDS)) {
                runc.destroyForcibly();
                log.warn("runc delete --force {} did not finish in 10s", id);
            }
        } catch (IOException e) {
            log.warn("could not run runc delete for {}: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void unmountRootfs(String id) {
        Path rootfs = paths.bundleDir(id).resolve("rootfs");
        for (int i = 0; i < 8 && mounted(rootfs); i++) {
            try {
                Posix.unmount(rootfs, Posix.MNT_DETACH);
            } catch (PosixException e) {
                log.warn("could not unmount {}: {}", rootfs, e.getMessage());
                return;
            }
        }
    }

    static boolean mounted(Path mountPoint) {
        try {
            return DurableFiles.mountPoints().contains(mountPoint.toAbsolutePath().normalize());
        } catch (IOException e) {
            log.warn("cannot read /proc/self/mountinfo: {}", e.getMessage());
            return false;
        }
    }
}
