package dev.berth.gateway.container;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of POST /containers/{id}/exec. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecConfig(
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("User") String user,
        @JsonProperty("WorkingDir") String workingDir) {}
