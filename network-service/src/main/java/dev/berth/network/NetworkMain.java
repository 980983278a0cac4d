package dev.berth.network;

import dev.berth.common.service.HostedService;
import dev.berth.common.service.ServiceLauncher;
import dev.berth.common.service.ServiceOptions;
import dev.berth.network.core.CrashPoints;
import dev.berth.network.core.NetworkEngine;
import dev.berth.network.grpc.NetworkGrpcService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The berth-network process: serves berth.network.v1.Network on a unix socket. */
@Command(name = "berth-network", mixinStandardHelpOptions = true,
        description = "Berth's network service: bridge, host and none networks, user-defined bridges, IPAM, network namespaces, veth pairs, published ports, DNS.")
public final class NetworkMain implements Callable<Integer> {
    public static final String SERVICE = "network";

    @Mixin
    ServiceOptions options = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        ServiceLauncher.serve(SERVICE, new Hosted(), options);
        return 0;
    }

    /** The network service as a service a process hosts (alone here, or in berth-services). */
    public static final class Hosted implements HostedService {
        @Override
        public String name() {
            return SERVICE;
        }

        @Override
        public Opened open(ServiceOptions options) throws Exception {
            var root = options.root(SERVICE);
            CrashPoints crashPoints = new CrashPoints(options.setting("test.pause-at", ""), root);
            NetworkEngine engine = NetworkEngine.open(root, NetworkSettings.from(options), crashPoints);
            return new Opened(List.of(new NetworkGrpcService(engine)), engine);
        }
    }

    /** The settings from --config and the environment. */
    NetworkSettings settings() {
        return NetworkSettings.from(options);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NetworkMain()).execute(args));
    }
}
