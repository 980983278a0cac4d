package dev.berth.gateway;

import dev.berth.common.service.HostedService;
import dev.berth.common.service.ServiceLauncher;
import dev.berth.common.service.ServiceOptions;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.ContainerService;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** berthd: serves the Docker Engine API on {@code <state>/berth.sock} until SIGTERM. */
@Command(name = "berthd", mixinStandardHelpOptions = true, version = BerthVersion.VERSION,
        description = "Berth's gateway: the Docker Engine API v" + BerthVersion.API_VERSION + " on a unix socket.")
public final class GatewayMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);
    private static final Duration PEERS_TIMEOUT = Duration.ofSeconds(60);
    /** The process name (its pid file, berthd.pid) when the gateway runs alone. */
    static final String PROCESS = "berthd";

    @Mixin
    ServiceOptions options = new ServiceOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServiceLauncher.serve(PROCESS, new Hosted(), options);
        return 0;
    }

    /**
     * The gateway as a service a process hosts: alone (berthd), or beside the services it uses
     * (berth-engine). Its root is {@code <root>/gateway}; it serves HTTP on {@code <state>/berth.sock},
     * no gRPC.
     */
    public static final class Hosted implements HostedService {
        @Override
        public String name() {
            return "gateway";
        }

        @Override
        public Opened open(ServiceOptions options) throws Exception {
            GatewaySettings settings = GatewaySettings.from(options);
            Files.createDirectories(settings.root());
            Files.createDirectories(settings.state());
            ServiceClients clients = ServiceClients.from(options, settings);
            // the peers start beside the gateway: wait for them while the application is set up, and
            // recover the container records (which asks them) before the socket takes requests
            CompletableFuture<Void> peers = CompletableFuture.runAsync(() -> clients.awaitReady(PEERS_TIMEOUT));
            GatewayServer server;
            try {
                server = GatewayServer.start(settings.socket(), context -> {
                    try {
                        peers.join();
                    } catch (CompletionException e) {
                        throw new IllegalStateException("the gateway's peers did not serve within " + PEERS_TIMEOUT.toSeconds()
                                + " s: " + e.getCause().getMessage(), e.getCause());
                    }
                    context.getBean(ContainerService.class);
                }, settings, clients, options);
            } catch (Exception e) {
                clients.close();
                throw e;
            }
            LOG.info("berthd serving the Docker API on {} ({} ms after the JVM started)", settings.socket(),
                    ManagementFactory.getRuntimeMXBean().getUptime());
            return new Opened(List.of(), server, clients);
        }
    }
}
