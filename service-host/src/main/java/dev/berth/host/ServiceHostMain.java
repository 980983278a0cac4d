package dev.berth.host;

import dev.berth.common.service.HostedService;
import dev.berth.common.service.ServiceLauncher;
import dev.berth.common.service.ServiceOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth-services} and {@code berth-engine}: one process serving several of Berth's services,
 * as containerd serves its content, snapshots and diff services from one daemon (berth-engine adds
 * the gateway, which calls the others through gRPC as ever, in-process while they are hosted here:
 * common's GrpcChannels). Each service keeps its own
 * socket ({@code <state>/<name>.sock}), its own folder under {@code --root} and its own API, so an
 * operator can still run any of them as a process of its own, or replace it, and point the others
 * at its socket.
 */
@Command(name = "berth-services", mixinStandardHelpOptions = true,
        description = "Hosts several of Berth's services in one process (content, snapshotter, network, gateway), each on its own socket.")
public final class ServiceHostMain implements Callable<Integer> {
    private static final List<String> ORDER = List.of("content", "snapshotter", "network", "gateway");

    @Mixin
    ServiceOptions options = new ServiceOptions();

    @Option(names = "--service", paramLabel = "NAME",
            description = "A service to host (repeatable; default: all of them). Its state is <root>/<NAME>.")
    List<String> names = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "services",
            description = "The process's name: its pid file is <state>/<NAME>.pid (default: ${DEFAULT-VALUE}).")
    String processName;

    @Override
    public Integer call() throws Exception {
        Map<String, HostedService> available = available();
        List<HostedService> chosen = new ArrayList<>();
        for (String name : names.isEmpty() ? List.copyOf(available.keySet()) : names) {
            HostedService service = available.get(name);
            if (service == null) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "unknown service '" + name + "' (this host has: " + String.join(", ", available.keySet()) + ")");
            }
            if (!chosen.contains(service)) {
                chosen.add(service);
            }
        }
        if (chosen.size() > 1 && options.socketGiven()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--socket names one socket; with several services each serves on <state>/<name>.sock");
        }
        ServiceLauncher.serve(processName, chosen, service -> options.hosted(options.rootBase().resolve(service.name())));
        return 0;
    }

    /** The services on the class path, by name, in a fixed order (content first, the gateway last: it uses the others). */
    static Map<String, HostedService> available() {
        Map<String, HostedService> byName = new LinkedHashMap<>();
        ServiceLoader.load(HostedService.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(ServiceHostMain::startOrder))
                .forEach(s -> byName.put(s.name(), s));
        return byName;
    }

    private static int startOrder(HostedService service) {
        int known = ORDER.indexOf(service.name());
        return known < 0 ? ORDER.size() : known;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServiceHostMain()).execute(args));
    }
}
