package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.build.BasePuller;
import dev.berth.gateway.build.BuildOptions;
import dev.berth.gateway.build.BuildProgress;
import dev.berth.gateway.build.ImageBuilder;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.distribution.ImagePuller;
import dev.berth.gateway.distribution.ProgressOutput;
import dev.berth.gateway.image.ImageService;
import dev.berth.gateway.image.ImageTags;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * POST /build (docker build with the classic builder, DOCKER_BUILDKIT=0 or no buildx): the body is
 * the context tar; the answer streams Docker's JSON messages as the build goes. What stops a build
 * before it starts (a bad context, a Dockerfile parse error, an option Berth lacks) is the request's
 * error, as Docker answers it before the first output.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class BuildController {
    private final ImageBuilder builder;
    private final BeanProvider<ImagePuller> pullers;

    public BuildController(ImageService images, BeanProvider<ImageTags> tags, ContainerService containers,
            GatewaySettings settings, BeanProvider<ImagePuller> pullers) {
        this.pullers = pullers;
        this.builder = new ImageBuilder(images, tags::get, containers, settings.root().resolve("build"));
    }

    @Post("/build")
    @Consumes(MediaType.ALL)
    public MutableHttpResponse<Flux<byte[]>> build(HttpRequest<?> request, @Nullable @QueryValue String dockerfile,
            @Nullable @QueryValue String buildargs, @Nullable @QueryValue String labels, @Nullable @QueryValue String target,
            @Nullable @QueryValue String nocache, @Nullable @QueryValue String pull, @Nullable @QueryValue String q,
            @Nullable @QueryValue String rm, @Nullable @QueryValue String forcerm, @Nullable @QueryValue String remote,
            @Nullable @QueryValue String platform, @Nullable @QueryValue String version,
            @Nullable @Header("X-Registry-Config") String registryConfig, @Nullable @Body InputStream body) {
        if ("2".equals(version)) {
            throw DockerApiException.badRequest("BuildKit is not supported by Berth: build with DOCKER_BUILDKIT=0");
        }
        if (remote != null && !remote.isEmpty()) {
            throw DockerApiException.badRequest("remote build contexts (" + remote
                    + ") are not supported by Berth yet: build from a local directory or a tar on stdin");
        }
        if (DockerParams.bool(pull) && !pullers.isPresent()) {
            throw DockerApiException.badRequest("--pull is not supported by Berth yet");
        }
        if (platform != null && !platform.isEmpty() && !List.of("linux", "linux/amd64", "linux/amd64/v1").contains(platform)) {
            throw DockerApiException.badRequest("\"" + platform + "\": Berth builds linux/amd64 images only");
        }
        if (body == null) {
            throw DockerApiException.badRequest("the build context is missing from the request body");
        }
        boolean forceRemove = DockerParams.bool(forcerm);
        boolean remove = forceRemove || rm == null || rm.isEmpty() || DockerParams.bool(rm);
        List<String> tags = new ArrayList<>(new LinkedHashSet<>(
                request.getParameters().getAll("t") == null ? List.of() : request.getParameters().getAll("t")));
        BuildOptions options = new BuildOptions(tags, dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile,
                stringMap(buildargs, "buildargs"), stringMap(labels, "labels"), target == null ? "" : target,
                DockerParams.bool(nocache), DockerParams.bool(q), remove, forceRemove, DockerParams.bool(pull));
        ImageBuilder.Prepared prepared = builder.prepare(body, options);
        Flux<byte[]> stream = Flux.create(sink -> {
            Thread worker = Thread.ofVirtual().name("build").start(() -> {
                try {
                    builder.run(prepared, new BuildProgress(sink::next, options.quiet()), puller(registryConfig));
                } finally {
                    sink.complete();
                }
            });
            sink.onCancel(worker::interrupt);
        });
        return HttpResponse.ok(stream).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** docker pull through the gateway's ImagePuller, with the X-Registry-Config entry of the image's registry. */
    private BasePuller puller(String registryConfig) {
        if (!pullers.isPresent()) {
            return null;
        }
        return (reference, messages) -> {
            ImagePuller.Prepared pull = pullers.get().prepare(reference, "", "", RegistryConfigs.authFor(registryConfig, reference));
            pull.run(new ProgressOutput(messages));
        };
    }

    /** A JSON object of strings (buildargs, labels); a null value stays null (a build arg named without a value). */
    private static Map<String, String> stringMap(String json, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isEmpty()) {
            return out;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw DockerApiException.badRequest("failed to parse " + name + ": " + e.getMessage());
        }
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw DockerApiException.badRequest("failed to parse " + name + ": not a JSON object");
        }
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return out;
    }
}
