package dev.berth.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An OCI runtime bundle as runc's {@code runc spec} would write it, trimmed: config.json with the
 * process, the usual /proc, /dev, /sys mounts, new pid, ipc, uts, mount and network namespaces,
 * and a cgroup of its own (removed by runc delete). The rootfs directory is left to the shim,
 * which mounts the snapshot's mounts there.
 */
final class OciBundle {
    private OciBundle() {
    }

    static Path write(Path bundle, String containerId, List<String> args) throws IOException {
        Files.createDirectories(bundle);
        String argv = args.stream().map(OciBundle::quote).collect(Collectors.joining(", "));
        Files.writeString(bundle.resolve("config.json"), """
                {
                  "ociVersion": "1.0.2",
                  "process": {
                    "terminal": false,
                    "user": {"uid": 0, "gid": 0},
                    "args": [%s],
                    "env": ["PATH=/bin", "TERM=xterm"],
                    "cwd": "/",
                    "capabilities": {
                      "bounding": ["CAP_KILL", "CAP_AUDIT_WRITE", "CAP_NET_BIND_SERVICE"],
                      "effective": ["CAP_KILL", "CAP_AUDIT_WRITE", "CAP_NET_BIND_SERVICE"],
                      "permitted": ["CAP_KILL", "CAP_AUDIT_WRITE", "CAP_NET_BIND_SERVICE"]
                    },
                    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                    "noNewPrivileges": true
                  },
                  "root": {"path": "rootfs", "readonly": false},
                  "hostname": "%s",
                  "mounts": [
                    {"destination": "/proc", "type": "proc", "source": "proc"},
                    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                    {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
                    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                    {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]}
                  ],
                  "linux": {
                    "cgroupsPath": "/berth-interop-%s",
                    "namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}, {"type": "network"}],
                    "maskedPaths": ["/proc/kcore", "/proc/keys", "/sys/firmware"],
                    "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
                  }
                }
                """.formatted(argv, containerId, containerId));
        return bundle;
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
