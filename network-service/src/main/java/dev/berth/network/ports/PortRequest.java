package dev.berth.network.ports;

/** One mapping PublishPorts asks for; empty and zero for what is not given. */
public record PortRequest(String protocol, int containerPort, String hostIp, int hostPort, int hostPortEnd) {}
