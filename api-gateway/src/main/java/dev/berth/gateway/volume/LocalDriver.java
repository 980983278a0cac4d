package dev.berth.gateway.volume;

import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Docker's local volume driver's options: {@code type}, {@code device} and {@code o}, a mount
 * made at the volume's _data when the first container using it starts and undone when the last
 * stops (moby's volume/local). The mount is made by mount(8), so any filesystem the host can
 * mount works; "size" (a quota, only on xfs in Docker) is refused.
 */
final class LocalDriver {
    static final String NAME = "local";
    private static final Set<String> OPTIONS = Set.of("type", "device", "o");
    private static final long MOUNT_SECONDS = 30;

    private LocalDriver() {}

    /** 400 in Docker's words for options the local driver does not take; prefixed "create NAME: ". */
    static void validate(String name, Map<String, String> options) {
        if (options == null || options.isEmpty()) {
            return;
        }
        for (String key : options.keySet()) {
            if (key.equals("size")) {
                throw DockerApiException.badRequest("create " + name
                        + ": quota size requested but no quota support (Berth's local driver has no quotas)");
            }
            if (!OPTIONS.contains(key)) {
                throw DockerApiException.badRequest("create " + name + ": invalid option: \"" + key + "\"");
            }
        }
        String type = options.getOrDefault("type", "");
        String device = options.getOrDefault("device", "");
        if (type.isEmpty() && !device.isEmpty()) {
            throw DockerApiException.badRequest("create " + name + ": missing required option: \"type\"");
        }
        if (!type.isEmpty() && device.isEmpty()) {
            throw DockerApiException.badRequest("create " + name + ": missing required option: \"device\"");
        }
        if (type.isEmpty() && device.isEmpty()) {
            throw DockerApiException.badRequest("create " + name + ": missing required option: \"type\"");
        }
        boolean bind = type.equals("bind") || List.of(options.getOrDefault("o", "").split(",")).contains("bind");
        if (bind && !Path.of(device).isAbsolute()) {
            throw DockerApiException.badRequest("create " + name + ": invalid device for a bind mount: \"" + device
                    + "\" must be an absolute path");
        }
    }

    /** True when the volume's data is a mount of its own, made at first use. */
    static boolean mountsAtUse(VolumeRecord record) {
        return record.options().containsKey("type") || record.options().containsKey("device");
    }

    static void mount(VolumeRecord record, Path data) throws IOException {
        if (mounted(data)) {
            return;
        }
        Map<String, String> o = record.options();
        List<String> command = new ArrayList<>(List.of("mount", "-t", o.getOrDefault("type", "none")));
        String options = o.getOrDefault("o", "");
        if (o.getOrDefault("type", "").equals("bind") && !List.of(options.split(",")).contains("bind")) {
            options = options.isEmpty() ? "bind" : "bind," + options;
        }
        if (!options.isEmpty()) {
            command.addAll(List.of("-o", options));
        }
        command.addAll(List.of(o.getOrDefault("device", "none"), data.toString()));
        run(command, "error while mounting volume '" + data + "'");
    }

    static void unmount(Path data) throws IOException {
        if (mounted(data)) {
            run(List.of("umount", data.toString()), "error while unmounting volume '" + data + "'");
        }
    }

    static boolean mounted(Path data) throws IOException {
        return DurableFiles.mountPoints().contains(data.toAbsolutePath().normalize());
    }

    private static void run(List<String> command, String what) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(MOUNT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + ": " + command.getFirst() + " did not finish in " + MOUNT_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(what + ": " + output);
        }
    }
}
