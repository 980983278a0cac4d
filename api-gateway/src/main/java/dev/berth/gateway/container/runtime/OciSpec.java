package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The subset of the OCI runtime-spec 1.0.2 config.json that Berth writes, in the spec's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OciSpec(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts, Linux linux) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Process(boolean terminal, User user, List<String> args, List<String> env, String cwd,
            Capabilities capabilities, List<Rlimit> rlimits, Integer oomScoreAdj, boolean noNewPrivileges) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(int uid, int gid, List<Integer> additionalGids) {}

    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {}

    /** hard and soft are the spec's uint64: -1 (Docker's "unlimited") is written as RLIM_INFINITY. */
    public record Rlimit(String type, @JsonSerialize(using = Unsigned.class) long hard,
            @JsonSerialize(using = Unsigned.class) long soft) {}

    public record Root(String path, boolean readonly) {}

    public record Mount(String destination, String type, String source, List<String> options) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(Resources resources, String cgroupsPath, List<Namespace> namespaces,
            List<String> maskedPaths, List<String> readonlyPaths, Map<String, String> sysctl, Seccomp seccomp,
            List<Device> devices) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(List<DeviceRule> devices, Memory memory, Cpu cpu, Pids pids) {
        public Resources(List<DeviceRule> devices) {
            this(devices, null, null, null);
        }
    }

    /** Bytes; swap is memory plus swap, as runc and Docker's MemorySwap mean it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long reservation, Long swap, Long swappiness, Boolean disableOOMKiller) {}

    /** quota and period in microseconds; cpus a CPU list ("0-1"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(Long shares, Long quota, Long period, String cpus, String mems) {}

    /** -1 for no limit. */
    public record Pids(long limit) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    /** A device node runc creates in the container's /dev. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {}

    /** runc's seccomp: the profile with Docker's conditions (caps, arches, kernel) already resolved. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Seccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
            List<String> flags, List<Syscall> syscalls) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<SeccompArg> args) {}

    /** value and valueTwo are the spec's uint64: masks with the top bit set stay positive on the wire. */
    public record SeccompArg(int index, @JsonSerialize(using = Unsigned.class) long value,
            @JsonSerialize(using = Unsigned.class) long valueTwo, String op) {}

    /**
     * Writes a long as the unsigned 64-bit number it stands for. A BigInteger, not text, above
     * Long.MAX_VALUE: a tree made with valueToTree would turn numeric text into a double.
     */
    static final class Unsigned extends JsonSerializer<Long> {
        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value >= 0) {
                gen.writeNumber(value);
            } else {
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        }
    }
}
