package dev.berth.shim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OCI bundle for tests: an "image" directory holding /bin/busybox and its applets, an
 * /etc/passwd and /etc/group, mounted by the host as the rootfs (a bind, or an overlay with an
 * upper directory), and a minimal runtime-spec config.json.
 */
final class BusyboxBundle {
    private static List<String> applets;

    final String id;
    final Path dir;
    final Path image;
    final Path bundle;
    final List<ObjectNode> extraMounts = new ArrayList<>();

    private BusyboxBundle(String id, Path dir, Path image, Path bundle) {
        this.id = id;
        this.dir = dir;
        this.image = image;
        this.bundle = bundle;
    }

    static BusyboxBundle create(Path dir, String id, List<String> args) throws IOException {
        Path image = dir.resolve("image");
        Path bin = Files.createDirectories(image.resolve("bin"));
        Files.copy(Prerequisites.BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : applets()) {
            if (!applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        for (String d : List.of("proc", "dev", "sys", "tmp", "etc", "root", "home/app")) {
            Files.createDirectories(image.resolve(d));
        }
        Files.writeString(image.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:app:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(image.resolve("etc/group"), """
                root:x:0:
                staff:x:50:app
                audio:x:29:app,other
                app:x:1000:
                nogroup:x:65534:
                """);
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        BusyboxBundle result = new BusyboxBundle(id, dir, image, bundle);
        result.writeConfig(args);
        return result;
    }

    private static synchronized List<String> applets() throws IOException {
        if (applets == null) {
            Process list = new ProcessBuilder(Prerequisites.BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
            applets = List.of(new String(list.getInputStream().readAllBytes()).trim().split("\\s+"));
        }
        return applets;
    }

    Path rootfs() {
        return bundle.resolve("rootfs");
    }

    /** The rootfs as the snapshotter would hand it over for a bind: one mount. */
    Mount rootfsMount() {
        return Mount.newBuilder().setType("bind").setSource(image.toString()).addOptions("rbind").addOptions("rw").build();
    }

    /** An overlay: the image as the lower layer, writes going to an upper directory. */
    Mount overlayMount() throws IOException {
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        return Mount.newBuilder().setType("overlay").setSource("overlay").addOptions("lowerdir=" + image)
                .addOptions("upperdir=" + upper).addOptions("workdir=" + work).build();
    }

    /** The image alone, as Changes takes its lower mounts. */
    Mount lowerMount() {
        return Mount.newBuilder().setType("bind").setSource(image.toString()).addOptions("rbind").addOptions("ro").build();
    }

    /** A bind mount of a host file into the container, as the gateway adds /etc/hostname. */
    void bindFile(Path source, String destination) {
        ObjectNode m = new ObjectMapper().createObjectNode().put("destination", destination).put("type", "bind")
                .put("source", source.toString());
        m.putArray("options").add("rbind").add("rw");
        extraMounts.add(m);
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
        process.putArray("env").add("PATH=/bin").add("TERM=xterm");
        process.put("cwd", "/");
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.putArray(set).add("CAP_KILL").add("CAP_CHOWN").add("CAP_SETUID").add("CAP_SETGID").add("CAP_DAC_OVERRIDE")
                    .add("CAP_FOWNER");
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
        extraMounts.forEach(mounts::add);
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
