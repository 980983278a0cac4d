package dev.berth.shim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A real OCI bundle for tests: an "image" directory holding /usr/bin/busybox and its applets,
 * bind-mounted by the shim as the rootfs, and a minimal runtime-spec config.json.
 */
final class BusyboxBundle {
    private static final List<String> APPLETS = List.of("sh", "echo", "cat", "sleep", "true", "false", "ls", "env");

    final String id;
    final Path image;
    final Path bundle;

    private BusyboxBundle(String id, Path image, Path bundle) {
        this.id = id;
        this.image = image;
        this.bundle = bundle;
    }

    static BusyboxBundle create(Path dir, String id, List<String> args) throws IOException {
        Path image = dir.resolve("image");
        Path bin = Files.createDirectories(image.resolve("bin"));
        Files.copy(Path.of("/usr/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "dev", "sys", "tmp", "etc")) {
            Files.createDirectories(image.resolve(d));
        }
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        BusyboxBundle result = new BusyboxBundle(id, image, bundle);
        result.writeConfig(args);
        return result;
    }

    Path rootfs() {
        return bundle.resolve("rootfs");
    }

    /** The rootfs as the snapshotter would hand it over: one mount. */
    Mount rootfsMount() {
        return Mount.newBuilder().setType("bind").setSource(image.toString()).addOptions("rbind").addOptions("rw").build();
    }

    void writeConfig(List<String> args) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        config.put("ociVersion", "1.0.2");
        ObjectNode process = config.putObject("process");
        process.put("terminal", false);
        process.putObject("user").put("uid", 0).put("gid", 0);
        ArrayNode argv = process.putArray("args");
        args.forEach(argv::add);
        process.putArray("env").add("PATH=/bin").add("HOME=/");
        process.put("cwd", "/");
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.putArray(set).add("CAP_KILL").add("CAP_CHOWN").add("CAP_SETUID").add("CAP_SETGID");
        }
        process.put("noNewPrivileges", true);
        config.putObject("root").put("path", "rootfs").put("readonly", false);
        config.put("hostname", id.length() > 12 ? id.substring(0, 12) : id);
        ArrayNode mounts = config.putArray("mounts");
        mount(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, "/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
        mount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        ObjectNode linux = config.putObject("linux");
        linux.put("cgroupsPath", "/berth-test/" + id);
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String ns : List.of("pid", "ipc", "uts", "mount", "network")) {
            namespaces.addObject().put("type", ns);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(), config);
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        ArrayNode opts = m.putArray("options");
        options.forEach(opts::add);
    }
}
