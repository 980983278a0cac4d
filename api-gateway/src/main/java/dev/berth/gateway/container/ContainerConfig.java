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
        @JsonProperty("StopTimeout") Integer stopTimeout) {}
