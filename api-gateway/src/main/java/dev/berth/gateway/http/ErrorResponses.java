package dev.berth.gateway.http;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.InvalidDigestException;
import dev.berth.image.InvalidDocumentException;
import dev.berth.image.InvalidPlatformException;
import dev.berth.image.InvalidReferenceException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error as Docker renders it: its status code and {"message": "..."}. */
@Controller
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    public HttpResponse<byte[]> notFound(HttpRequest<?> request) {
        return Json.response(404, Json.error("page not found"));
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    public HttpResponse<byte[]> methodNotAllowed(HttpRequest<?> request) {
        return Json.response(404, Json.error("page not found"));
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    public HttpResponse<byte[]> unsupportedMediaType(HttpRequest<?> request) {
        return Json.response(400, Json.error("unsupported Content-Type header"));
    }

    @Error(global = true)
    public HttpResponse<byte[]> failure(HttpRequest<?> request, Throwable error) {
        return render(request, error);
    }

    /**
     * The one place image-spec's validation failures become Docker's 400: an invalid reference, digest,
     * platform or document (all IllegalArgumentExceptions carrying Docker's or containerd's message).
     */
    public static boolean isInvalidImageValue(Throwable error) {
        return error instanceof InvalidReferenceException || error instanceof InvalidDigestException
                || error instanceof InvalidPlatformException || error instanceof InvalidDocumentException;
    }

    public static HttpResponse<byte[]> render(HttpRequest<?> request, Throwable error) {
        if (error instanceof DockerApiException docker) {
            if (docker.status() == 304) {
                return HttpResponse.notModified();
            }
            if (docker.status() >= 500) {
                LOG.warn("{} {} failed: {}", request.getMethod(), request.getPath(), docker.getMessage(), docker.getCause());
            }
            return Json.response(docker.status(), Json.error(docker.getMessage()));
        }
        if (isInvalidImageValue(error)) {
            // image-spec's value types carry Docker's words ("invalid reference format: ...")
            return Json.response(400, Json.error(error.getMessage()));
        }
        if (error instanceof io.micronaut.http.exceptions.BufferLengthExceededException
                || error instanceof io.micronaut.http.exceptions.ContentLengthExceededException) {
            return Json.response(413, Json.error("request body too large: this endpoint takes at most "
                    + dev.berth.gateway.GatewayServer.MAX_BUFFERED_BODY + " bytes"));
        }
        if (error instanceof ConversionErrorException || error instanceof UnsatisfiedRouteException) {
            return Json.response(400, Json.error(error.getMessage()));
        }
        if (error instanceof HttpStatusException status) {
            return Json.response(status.getStatus().getCode(), Json.error(error.getMessage()));
        }
        LOG.warn("{} {} failed", request.getMethod(), request.getPath(), error);
        return Json.response(500, Json.error(String.valueOf(error.getMessage())));
    }
}
