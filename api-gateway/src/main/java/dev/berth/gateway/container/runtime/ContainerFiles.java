package dev.berth.gateway.container.runtime;

import dev.berth.common.fs.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files Docker bind-mounts over a container's /etc: hostname, hosts and resolv.conf. */
public final class ContainerFiles {
    private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Path HOST_HOSTS = Path.of("/etc/hosts");

    private final ContainerPaths paths;

    public ContainerFiles(ContainerPaths paths) {
        this.paths = paths;
    }

    /**
     * Writes all three; {@code ip} is the container's address when it has one yet. None is
     * fsynced: each start writes them again from the container's record ({@link #writeForStart}).
     */
    public void write(ContainerRecord record, String ip) throws IOException {
        String id = record.id();
        boolean hostNetwork = record.networkMode().equals("host");
        writeHostname(record);
        writeHosts(record, ip);
        String hostResolv = Files.isReadable(HOST_RESOLV_CONF) ? Files.readString(HOST_RESOLV_CONF) : "";
        DurableFiles.replaceWithoutSync(paths.resolvConfFile(id),
                ResolvConf.forContainer(hostResolv, hostNetwork).getBytes(StandardCharsets.UTF_8));
    }

    /** The three files for a start, from the record and what the network gave the container. */
    public void writeForStart(ContainerRecord record, String ip, String nameServer) throws IOException {
        writeHostname(record);
        writeHosts(record, ip);
        writeResolvConf(record, nameServer);
    }

    private void writeHostname(ContainerRecord record) throws IOException {
        DurableFiles.replaceWithoutSync(paths.hostnameFile(record.id()), (record.config().hostname() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * resolv.conf for a run: a network's own name server when it has one (Docker's embedded DNS on
     * user-defined networks), else the host's as {@link #write} makes it.
     */
    public void writeResolvConf(ContainerRecord record, String nameServer) throws IOException {
        String hostResolv = Files.isReadable(HOST_RESOLV_CONF) ? Files.readString(HOST_RESOLV_CONF) : "";
        String content = ContainerDns.resolvConf(hostResolv, record.hostConfig(), nameServer, record.networkMode().equals("host"));
        DurableFiles.replaceWithoutSync(paths.resolvConfFile(record.id()), content.getBytes(StandardCharsets.UTF_8));
    }

    /** The hosts file; rewritten at each start, when the container's address is known. */
    public void writeHosts(ContainerRecord record, String ip) throws IOException {
        String content;
        if (record.networkMode().equals("host")) {
            content = Files.isReadable(HOST_HOSTS) ? Files.readString(HOST_HOSTS) : hosts(null, record.config().hostname());
        } else {
            String gateway = record.networks().isEmpty() ? null : record.networks().getFirst().gateway();
            content = hosts(ip, record.config().hostname(), ContainerDns.extraHosts(record.hostConfig(), gateway));
        }
        DurableFiles.replaceWithoutSync(paths.hostsFile(record.id()), content.getBytes(StandardCharsets.UTF_8));
    }

    static String hosts(String ip, String hostname) {
        return hosts(ip, hostname, java.util.List.of());
    }

    /** Docker's hosts file: the defaults, the extra hosts (--add-host), then the container's own address. */
    static String hosts(String ip, String hostname, java.util.List<String> extra) {
        StringBuilder hosts = new StringBuilder()
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("ff00::0\tip6-mcastprefix\n")
                .append("ff02::1\tip6-allnodes\n")
                .append("ff02::2\tip6-allrouters\n");
        extra.forEach(line -> hosts.append(line).append('\n'));
        if (ip != null && !ip.isEmpty()) {
            hosts.append(ip).append('\t').append(hostname).append('\n');
        }
        return hosts.toString();
    }
}
