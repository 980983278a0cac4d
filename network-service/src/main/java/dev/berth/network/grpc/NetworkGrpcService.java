package dev.berth.network.grpc;

import com.google.protobuf.Empty;
import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.DetachRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.ListNetworksRequest;
import dev.berth.api.network.v1.ListNetworksResponse;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.RemoveSandboxRequest;
import dev.berth.api.network.v1.Sandbox;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.ListSandboxesRequest;
import dev.berth.api.network.v1.ListSandboxesResponse;
import dev.berth.api.network.v1.RemoveNetworkRequest;
import dev.berth.api.network.v1.RenameContainerRequest;
import dev.berth.api.network.v1.PublishPortsRequest;
import dev.berth.api.network.v1.PublishPortsResponse;
import dev.berth.network.core.ContainerIds;
import dev.berth.network.core.JoinedEndpoint;
import dev.berth.network.ports.PortPublisher;
import dev.berth.network.ports.PortRequest;
import java.util.List;
import dev.berth.network.core.NetworkCatalog;
import dev.berth.network.core.NetworkController;
import dev.berth.network.core.NetworkEngine;
import dev.berth.network.core.NetworkView;
import dev.berth.network.core.NetworkError;
import dev.berth.network.exec.CommandFailedException;
import dev.berth.network.netlink.NetlinkException;
import dev.berth.network.state.SandboxRecord;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** berth.network.v1.Network over the engine's parts; refusals become containerd's status codes. */
public final class NetworkGrpcService extends NetworkGrpc.NetworkImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkGrpcService.class);
    private final NetworkController controller;
    private final NetworkCatalog catalog;
    private final PortPublisher ports;

    public NetworkGrpcService(NetworkEngine engine) {
        this.controller = engine.controller();
        this.catalog = engine.catalog();
        this.ports = engine.ports();
    }

    @Override
    public void publishPorts(PublishPortsRequest request, StreamObserver<PublishPortsResponse> response) {
        respond(response, () -> {
            ContainerIds.requireValid(request.getContainerId());
            List<PortRequest> wanted = request.getPortsList().stream()
                    .map(p -> new PortRequest(p.getProtocol(), p.getContainerPort(), p.getHostIp(), p.getHostPort(),
                            p.getHostPortEnd()))
                    .toList();
            PublishPortsResponse.Builder published = PublishPortsResponse.newBuilder();
            ports.publish(request.getContainerId(), wanted).forEach(port -> published.addPorts(ProtoMapper.port(port)));
            return published.build();
        });
    }

    @Override
    public void createNetwork(CreateNetworkRequest request, StreamObserver<NetworkInfo> response) {
        respond(response, () -> ProtoMapper.network(
                new NetworkView(catalog.create(ProtoMapper.networkRequest(request)), List.of())));
    }

    @Override
    public void removeNetwork(RemoveNetworkRequest request, StreamObserver<Empty> response) {
        respond(response, () -> {
            catalog.remove(request.getNameOrId());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void listSandboxes(ListSandboxesRequest request, StreamObserver<ListSandboxesResponse> response) {
        respond(response, () -> {
            ListSandboxesResponse.Builder list = ListSandboxesResponse.newBuilder();
            controller.listSandboxes().forEach(view -> list.addSandboxes(ProtoMapper.sandbox(view)));
            return list.build();
        });
    }

    @Override
    public void renameContainer(RenameContainerRequest request, StreamObserver<Empty> response) {
        respond(response, () -> {
            controller.renameContainer(request.getContainerId(), request.getNewName());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void createSandbox(CreateSandboxRequest request, StreamObserver<Sandbox> response) {
        respond(response, () -> {
            SandboxRecord sandbox = controller.createSandbox(request.getContainerId(), request.getDnsServersList());
            return Sandbox.newBuilder()
                    .setContainerId(sandbox.containerId())
                    .setNetnsPath(controller.netnsPath(sandbox).toString())
                    .build();
        });
    }

    @Override
    public void removeSandbox(RemoveSandboxRequest request, StreamObserver<Empty> response) {
        respond(response, () -> {
            controller.removeSandbox(request.getContainerId());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void attach(AttachRequest request, StreamObserver<Endpoint> response) {
        respond(response, () -> {
            JoinedEndpoint joined = controller.attach(ProtoMapper.attach(request));
            return ProtoMapper.endpoint(joined.network(), joined.endpoint());
        });
    }

    @Override
    public void detach(DetachRequest request, StreamObserver<Empty> response) {
        respond(response, () -> {
            controller.detach(request.getContainerId(), request.getNetwork());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void listNetworks(ListNetworksRequest request, StreamObserver<ListNetworksResponse> response) {
        respond(response, () -> {
            ListNetworksResponse.Builder list = ListNetworksResponse.newBuilder();
            controller.listNetworks().forEach(view -> list.addNetworks(ProtoMapper.network(view)));
            return list.build();
        });
    }

    @Override
    public void getNetwork(GetNetworkRequest request, StreamObserver<NetworkInfo> response) {
        respond(response, () -> ProtoMapper.network(controller.getNetwork(request.getNameOrId())));
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> void respond(StreamObserver<T> response, Call<T> call) {
        T result;
        try {
            result = call.run();
        } catch (RuntimeException | IOException e) {
            response.onError(toStatus(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    private static StatusRuntimeException toStatus(Exception e) {
        Status status = switch (e) {
            case NetworkError error -> switch (error.kind()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
                case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
            };
            case CommandFailedException failed -> {
                LOG.warn("{}", failed.getMessage());
                yield Status.INTERNAL;
            }
            case NetlinkException failed -> {
                LOG.warn("{}", failed.getMessage());
                yield Status.INTERNAL;
            }
            case IOException io -> {
                LOG.error("cannot persist network state", io);
                yield Status.INTERNAL;
            }
            default -> {
                LOG.error("unexpected failure", e);
                yield Status.INTERNAL;
            }
        };
        return status.withDescription(e.getMessage()).asRuntimeException();
    }
}
