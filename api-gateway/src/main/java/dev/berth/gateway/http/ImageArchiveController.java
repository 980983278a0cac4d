package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.image.ImageArchives;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import reactor.core.publisher.Flux;

/** docker save (GET /images/get?names=..., and /images/{name}/get through ImagesController) and docker load. */
@Controller("/images")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ImageArchiveController {
    private final BeanProvider<ImageArchives> archives;

    public ImageArchiveController(BeanProvider<ImageArchives> archives) {
        this.archives = archives;
    }

    @Get("/get")
    public HttpResponse<Flux<byte[]>> saveAll(HttpRequest<?> request) throws IOException {
        List<String> names = request.getParameters().getAll("names");
        if (names.isEmpty()) {
            throw DockerApiException.badRequest("no images named: add names=<image>");
        }
        return save(names);
    }

    HttpResponse<Flux<byte[]>> save(List<String> names) throws IOException {
        names.forEach(dev.berth.gateway.image.ImageNames::requireLookupReference);
        InputStream tar = archives().save(names);
        return HttpResponse.ok(InputStreamBodies.flux(tar)).contentType("application/x-tar");
    }

    @Post("/load")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> load(@Nullable @Body InputStream body) throws IOException {
        if (body == null) {
            throw DockerApiException.badRequest("no archive to load: the request body is empty");
        }
        ArrayNode messages = Json.array();
        archives().load(body, line -> messages.addObject().put("stream", line + "\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var message : messages) {
            out.writeBytes(Json.MAPPER.writeValueAsBytes(message));
            out.write('\n');
        }
        return HttpResponse.ok(out.toByteArray()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private ImageArchives archives() {
        if (!archives.isPresent()) {
            throw new DockerApiException(501, "save and load need the content store's image service");
        }
        return archives.get();
    }
}
