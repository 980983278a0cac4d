package dev.berth.gateway.http;

import dev.berth.gateway.BerthVersion;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** The headers Docker puts on every response; clients read Api-Version, Ostype and Builder-Version from them. */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class DockerHeadersFilter {
    @ResponseFilter
    public void addHeaders(MutableHttpResponse<?> response) {
        response.header("Api-Version", BerthVersion.API_VERSION);
        response.header("Docker-Experimental", "false");
        response.header("Ostype", "linux");
        response.header("Server", BerthVersion.serverHeader());
        // POST /build is the classic builder's (the docker CLI picks its builder by this header)
        response.header("Builder-Version", "1");
    }
}
