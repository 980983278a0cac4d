package dev.berth.gateway;

import dev.berth.common.service.ServiceOptions;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.ContainerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Mixin
    ServiceOptions options = new ServiceOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        GatewaySettings settings = GatewaySettings.from(options);
        Files.createDirectories(settings.root());
        Files.createDirectories(settings.state());
        ServiceClients clients = ServiceClients.from(options, settings);
        GatewayServer server = GatewayServer.start(settings.socket(), settings, clients, options);
        // recovery of the container records happens now, not at the first request
        server.context().getBean(ContainerService.class);
        Path pidFile = settings.state().resolve("berthd.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        LOG.info("berthd serving the Docker API on {}", settings.socket());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                server.close();
                clients.close();
                Files.deleteIfExists(pidFile);
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.toString());
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
        return 0;
    }
}
