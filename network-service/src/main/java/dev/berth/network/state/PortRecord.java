package dev.berth.network.state;

/**
 * A published port: the host side ({@code hostIp} "0.0.0.0" for every address) and where it leads,
 * with the bridge of the container's endpoint (the forwarding rules name it).
 */
public record PortRecord(String protocol, String hostIp, int hostPort, String containerIp, int containerPort,
                         String bridgeName) {
    public static final String ANY_ADDRESS = "0.0.0.0";

    public boolean anyAddress() {
        return ANY_ADDRESS.equals(hostIp);
    }

    /** As Docker prints a host binding in its errors: 127.0.0.1:8080. */
    public String hostBinding() {
        return hostIp + ":" + hostPort;
    }
}
