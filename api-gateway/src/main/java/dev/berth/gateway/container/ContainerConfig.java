package dev.berth.gateway.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Docker's container Config object (the create body's top level, and inspect's .Config). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerConfig(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonProperty("Healthcheck") Healthcheck healthcheck) {

    /** Without a health check of its own (the image's, if any, applies). */
    public ContainerConfig(String hostname, String domainname, String user, boolean attachStdin, boolean attachStdout,
            boolean attachStderr, Map<String, Object> exposedPorts, boolean tty, boolean openStdin, boolean stdinOnce,
            List<String> env, List<String> cmd, String image, Map<String, Object> volumes, String workingDir,
            List<String> entrypoint, Map<String, String> labels, String stopSignal, Integer stopTimeout) {
        this(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty, openStdin, stdinOnce,
                env, cmd, image, volumes, workingDir, entrypoint, labels, stopSignal, stopTimeout, null);
    }

    /**
     * Docker's HEALTHCHECK: Test is ["NONE"], ["CMD", args...] or ["CMD-SHELL", command]; the
     * durations are nanoseconds, 0 meaning Docker's default (30 s interval and timeout, 3 retries).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Healthcheck(
            @JsonProperty("Test") List<String> test,
            @JsonProperty("Interval") Long interval,
            @JsonProperty("Timeout") Long timeout,
            @JsonProperty("StartPeriod") Long startPeriod,
            @JsonProperty("Retries") Integer retries) {

        public boolean disabled() {
            return test == null || test.isEmpty() || test.getFirst().equals("NONE");
        }
    }
}
