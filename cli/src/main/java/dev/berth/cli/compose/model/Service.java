package dev.berth.cli.compose.model;

import java.util.List;
import java.util.Map;

/**
 * One service of a Compose file, interpolated and normalised: every list- or map-shaped key in
 * one shape, relative paths resolved against the project directory.
 *
 * @param command     null when the file leaves the image's; an empty list clears it
 * @param entrypoint  null when the file leaves the image's
 * @param environment values already merged from env_file (file order) and environment (wins)
 * @param ports       docker -p syntax, one entry per mapping
 * @param networks    network key (as in the file) to its aliases, in file order
 * @param dependsOn   service name to condition (service_started, service_healthy,
 *                    service_completed_successfully)
 * @param restart     "" when unset
 */
public record Service(
        String name,
        String image,
        BuildSpec build,
        List<String> command,
        List<String> entrypoint,
        Map<String, String> environment,
        List<String> ports,
        List<String> expose,
        List<ServiceVolume> volumes,
        List<String> tmpfs,
        Map<String, List<String>> networks,
        String networkMode,
        Map<String, String> dependsOn,
        String restart,
        Healthcheck healthcheck,
        Map<String, String> labels,
        String user,
        String workingDir,
        String hostname,
        String containerName,
        String stopSignal,
        Long stopGracePeriodSeconds,
        boolean init,
        boolean privileged,
        boolean readOnly,
        boolean tty,
        boolean stdinOpen,
        List<String> capAdd,
        List<String> capDrop,
        List<String> extraHosts,
        List<String> dns,
        String memLimit,
        String cpus,
        int scale) {

    /** build: context directory (absolute), Dockerfile (relative to it), args, target. */
    public record BuildSpec(String context, String dockerfile, Map<String, String> args, String target) {}

    /** healthcheck: test as the API wants it (["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]); durations in ns. */
    public record Healthcheck(List<String> test, long intervalNanos, long timeoutNanos, int retries, long startPeriodNanos) {}

    /** The image the service runs: its own, or the one its build makes ({project}-{service}). */
    public String imageFor(String project) {
        if (image != null && !image.isEmpty()) {
            return image;
        }
        return project + "-" + name;
    }
}
