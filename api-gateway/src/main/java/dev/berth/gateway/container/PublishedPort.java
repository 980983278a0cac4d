package dev.berth.gateway.container;

/**
 * A port published on the host for a run: {@code hostIp} "" or "0.0.0.0" for every address.
 * Inspect shows it as NetworkSettings.Ports["80/tcp"] = [{"HostIp","HostPort"}].
 */
public record PublishedPort(String protocol, int containerPort, String hostIp, int hostPort) {
    /** "80/tcp", the key of Docker's port maps. */
    public String key() {
        return containerPort + "/" + (protocol == null || protocol.isEmpty() ? "tcp" : protocol);
    }

    public String shownHostIp() {
        return hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }
}
