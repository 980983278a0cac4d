package dev.berth.network.grpc;

import com.google.protobuf.Timestamp;
import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.PortMapping;
import dev.berth.api.network.v1.Sandbox;
import dev.berth.network.core.AttachSpec;
import dev.berth.network.core.JoinedEndpoint;
import dev.berth.network.core.NetworkRequest;
import dev.berth.network.core.NetworkView;
import dev.berth.network.core.SandboxView;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.PortRecord;
import java.time.Instant;

/** berth.network.v1 messages to the service's requests, and its records back to messages. */
final class ProtoMapper {
    private ProtoMapper() {}

    static NetworkRequest networkRequest(CreateNetworkRequest request) {
        return new NetworkRequest(request.getName(), request.getDriver(), request.getSubnet(), request.getGateway(),
                request.getIpRange(), request.getInternal(), request.getLabelsMap(), request.getOptionsMap(),
                request.getAttachable());
    }

    static AttachSpec attach(AttachRequest request) {
        return new AttachSpec(request.getContainerId(), request.getNetwork(), request.getAliasesList(),
                request.getContainerName(), request.getIpv4Address());
    }

    static Endpoint endpoint(NetworkRecord network, EndpointRecord endpoint) {
        return Endpoint.newBuilder()
                .setNetworkId(network.id())
                .setNetworkName(network.name())
                .setEndpointId(endpoint.id())
                .setContainerId(endpoint.containerId())
                .setIpAddress(endpoint.ipAddress())
                .setPrefixLength(endpoint.prefixLength())
                .setGateway(endpoint.gateway())
                .setMacAddress(endpoint.macAddress())
                .setInterfaceName(endpoint.interfaceName())
                .addAllAliases(endpoint.aliases())
                .setContainerName(endpoint.containerName())
                .setDnsServer(network.dnsServer())
                .build();
    }

    static NetworkInfo network(NetworkView view) {
        NetworkInfo.Builder info = network(view.network());
        for (EndpointRecord endpoint : view.endpoints()) {
            info.addEndpoints(endpoint(view.network(), endpoint));
        }
        return info.build();
    }

    static NetworkInfo.Builder network(NetworkRecord network) {
        NetworkInfo.Builder info = NetworkInfo.newBuilder()
                .setId(network.id())
                .setName(network.name())
                .setDriver(network.driver())
                .setSubnet(network.subnet())
                .setGateway(network.gateway())
                .setBridgeName(network.bridgeName())
                .putAllLabels(network.labels())
                .setIpRange(network.ipRange())
                .setInternal(network.internal())
                .putAllOptions(network.options())
                .setAttachable(network.attachable())
                .setBuiltIn(network.builtIn())
                .setDnsServer(network.dnsServer());
        if (!network.created().isEmpty()) {
            Instant created = Instant.parse(network.created());
            info.setCreated(Timestamp.newBuilder().setSeconds(created.getEpochSecond()).setNanos(created.getNano()));
        }
        return info;
    }

    static Sandbox sandbox(SandboxView view) {
        Sandbox.Builder sandbox = Sandbox.newBuilder()
                .setContainerId(view.containerId())
                .setNetnsPath(view.netnsPath());
        for (JoinedEndpoint joined : view.endpoints()) {
            sandbox.addEndpoints(endpoint(joined.network(), joined.endpoint()));
        }
        view.ports().forEach(port -> sandbox.addPorts(port(port)));
        return sandbox.build();
    }

    static PortMapping port(PortRecord port) {
        return PortMapping.newBuilder()
                .setProtocol(port.protocol())
                .setContainerPort(port.containerPort())
                .setHostIp(port.hostIp())
                .setHostPort(port.hostPort())
                .build();
    }
}
