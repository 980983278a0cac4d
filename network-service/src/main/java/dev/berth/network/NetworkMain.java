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

    /** Where a crash test freezes the service; never set by the programs Berth ships. */
    private final String pauseAt;

    public NetworkMain() {
        this("");
    }

    /** For the crash tests' own main (test sources): no setting or option of this program sets it. */
    NetworkMain(String pauseAt) {
        this.pauseAt = pauseAt;
    }

    @Override
    public Integer call() throws Exception {
        ServiceLauncher.serve(SERVICE, new Hosted(pauseAt), options);
        return 0;
    }

    /** The network service as a service a process hosts (alone here, or in berth-services). */
    public static final class Hosted implements HostedService {
        private final String pauseAt;

        public Hosted() {
            this("");
        }

        Hosted(String pauseAt) {
            this.pauseAt = pauseAt;
        }

        @Override
        public String name() {
            return SERVICE;
        }

        @Override
        public Opened open(ServiceOptions options) throws Exception {
            var root = options.root(SERVICE);
            CrashPoints crashPoints = pauseAt.isEmpty() ? CrashPoints.NONE : new CrashPoints(pauseAt, root);
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
