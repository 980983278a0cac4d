package dev.berth.network.grpc;

import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.network.core.NetworkView;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;

/** Records to berth.network.v1 messages. */
final class ProtoMapper {
    private ProtoMapper() {}

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
                .build();
    }

    static NetworkInfo network(NetworkView view) {
        NetworkRecord network = view.network();
        NetworkInfo.Builder info = NetworkInfo.newBuilder()
                .setId(network.id())
                .setName(network.name())
                .setDriver(network.driver())
                .setSubnet(network.subnet())
                .setGateway(network.gateway())
                .setBridgeName(network.bridgeName())
                .putAllLabels(network.labels());
        for (EndpointRecord endpoint : view.endpoints()) {
            info.addEndpoints(endpoint(network, endpoint));
        }
        return info.build();
    }
}
