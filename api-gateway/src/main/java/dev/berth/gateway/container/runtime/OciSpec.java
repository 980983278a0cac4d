package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The subset of the OCI runtime-spec 1.0.2 config.json that Berth writes, in the spec's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
            Capabilities capabilities, List<Rlimit> rlimits, Integer oomScoreAdj, boolean noNewPrivileges) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(int uid, int gid, List<Integer> additionalGids) {}

    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {}

    public record Rlimit(String type, long hard, long soft) {}

    public record Root(String path, boolean readonly) {}

    public record Mount(String destination, String type, String source, List<String> options) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(Resources resources, String cgroupsPath, List<Namespace> namespaces,
            List<String> maskedPaths, List<String> readonlyPaths) {}

    public record Resources(List<DeviceRule> devices) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {}
}
