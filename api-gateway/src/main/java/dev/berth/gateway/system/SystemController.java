package dev.berth.gateway.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.BerthVersion;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.image.ImageService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** GET/HEAD /_ping, GET /version and GET /info. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class SystemController {
    private static final String BUILD_TIME = Instant.now().toString();

    private final GatewaySettings settings;
    private final ImageService images;
    private final ContainerService containers;

    public SystemController(GatewaySettings settings, ImageService images, ContainerService containers) {
        this.settings = settings;
        this.images = images;
        this.containers = containers;
    }

    /** Micronaut answers HEAD /_ping through this route too, without the body. */
    @Get("/_ping")
    public MutableHttpResponse<String> ping() {
        return pingHeaders(HttpResponse.ok("OK"));
    }

    private static <T> MutableHttpResponse<T> pingHeaders(MutableHttpResponse<T> response) {
        return response.contentType(MediaType.TEXT_PLAIN_TYPE.toString() + "; charset=utf-8")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Builder-Version", "1");
    }

    @Get("/version")
    public HttpResponse<byte[]> version() {
        ObjectNode engine = Json.object();
        engine.put("Version", BerthVersion.VERSION)
                .put("ApiVersion", BerthVersion.API_VERSION)
                .put("MinAPIVersion", BerthVersion.MIN_API_VERSION)
                .put("GitCommit", "berth")
                .put("GoVersion", "java" + Runtime.version().feature())
                .put("Os", "linux")
                .put("Arch", "amd64")
                .put("KernelVersion", HostFacts.kernelVersion())
                .put("BuildTime", BUILD_TIME);
        ObjectNode body = Json.object();
        body.putObject("Platform").put("Name", "Berth");
        ArrayNode components = body.putArray("Components");
        ObjectNode component = components.addObject().put("Name", "Engine").put("Version", BerthVersion.VERSION);
        ObjectNode details = engine.deepCopy();
        details.remove("Version");
        component.set("Details", details.put("Experimental", "false"));
        body.setAll(engine);
        return Json.ok(body);
    }

    @Get("/info")
    public HttpResponse<byte[]> info() {
        List<Container> all = containers.list(true, Map.of());
        long running = all.stream().filter(c -> c.state().running() && !c.state().paused()).count();
        long paused = all.stream().filter(c -> c.state().paused()).count();
        ObjectNode body = Json.object();
        body.put("ID", EngineId.load(settings.root()))
                .put("Containers", all.size())
                .put("ContainersRunning", running)
                .put("ContainersPaused", paused)
                .put("ContainersStopped", all.size() - running - paused)
                .put("Images", images.list().size())
                .put("Driver", "overlayfs");
        body.putArray("DriverStatus");
        ObjectNode plugins = body.putObject("Plugins");
        plugins.putArray("Volume").add("local");
        plugins.putArray("Network").add("bridge").add("host").add("null");
        plugins.putArray("Authorization");
        plugins.putArray("Log").add("json-file");
        body.put("MemoryLimit", true).put("SwapLimit", false).put("CpuCfsPeriod", true).put("CpuCfsQuota", true)
                .put("CPUShares", true).put("CPUSet", true).put("PidsLimit", true).put("IPv4Forwarding", true)
                .put("BridgeNfIptables", true).put("BridgeNfIp6tables", true).put("Debug", false)
                .put("NFd", 0).put("OomKillDisable", false).put("NGoroutines", Thread.activeCount())
                .put("SystemTime", Instant.now().toString())
                .put("LoggingDriver", "json-file")
                .put("CgroupDriver", "cgroupfs")
                .put("CgroupVersion", HostFacts.cgroupVersion())
                .put("NEventsListener", 0)
                .put("KernelVersion", HostFacts.kernelVersion())
                .put("OperatingSystem", HostFacts.operatingSystem())
                .put("OSVersion", "")
                .put("OSType", "linux")
                .put("Architecture", "x86_64")
                .put("IndexServerAddress", "https://index.docker.io/v1/");
        ObjectNode registry = body.putObject("RegistryConfig");
        registry.putArray("AllowNondistributableArtifactsCIDRs");
        registry.putArray("AllowNondistributableArtifactsHostnames");
        registry.putArray("InsecureRegistryCIDRs").add("127.0.0.0/8");
        ObjectNode dockerIo = registry.putObject("IndexConfigs").putObject("docker.io");
        dockerIo.put("Name", "docker.io").put("Secure", true).put("Official", true).putArray("Mirrors");
        registry.putArray("Mirrors");
        body.put("NCPU", Runtime.getRuntime().availableProcessors())
                .put("MemTotal", HostFacts.memTotal())
                .putNull("GenericResources");
        body.put("DockerRootDir", settings.root().toString())
                .put("HttpProxy", "").put("HttpsProxy", "").put("NoProxy", "")
                .put("Name", HostFacts.hostname());
        body.putArray("Labels");
        body.put("ExperimentalBuild", false)
                .put("ServerVersion", BerthVersion.VERSION);
        body.putObject("Runtimes").putObject("runc").put("path", settings.runcBinary());
        body.put("DefaultRuntime", "runc");
        ObjectNode swarm = body.putObject("Swarm");
        swarm.put("NodeID", "").put("NodeAddr", "").put("LocalNodeState", "inactive")
                .put("ControlAvailable", false).put("Error", "").putNull("RemoteManagers");
        body.put("LiveRestoreEnabled", true)
                .put("Isolation", "")
                .put("InitBinary", "")
                .put("ProductLicense", "");
        body.putObject("ContainerdCommit").put("ID", "").put("Expected", "");
        body.putObject("RuncCommit").put("ID", "").put("Expected", "");
        body.putObject("InitCommit").put("ID", "").put("Expected", "");
        body.putArray("SecurityOptions");
        body.putArray("Warnings");
        return Json.ok(body);
    }
}
