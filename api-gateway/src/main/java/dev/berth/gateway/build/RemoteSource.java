package dev.berth.gateway.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * ADD's remote sources (moby's downloadSource): fetched into the build's scratch directory, named
 * after the URL's path or the Content-Disposition, mode 0600, mtime from Last-Modified.
 */
final class RemoteSource {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();

    private RemoteSource() {}

    static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /** The downloaded file in {@code dir}; its name is "" when neither the URL nor the response gives one. */
    record Download(Path file, String name) {}

    static Download fetch(String url, Path dir) throws IOException {
        HttpResponse<InputStream> response;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure("parse " + url + ": " + e.getMessage());
        }
        try {
            response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new BuildFailure("Get \"" + url + "\": " + reason(uri, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("Get \"" + url + "\": interrupted");
        }
        if (response.statusCode() >= 400) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new BuildFailure("failed to GET " + url + " with status " + response.statusCode() + ": " + body.strip());
        }
        String name = filename(uri.getPath(), response.headers().firstValue("Content-Disposition"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name.isEmpty() ? "__unnamed__" : name);
        try (InputStream in = response.body()) {
            Files.copy(in, file);
        }
        Files.setPosixFilePermissions(file, ContextArchive.permissions(0600));
        FileTime mtime = FileTime.fromMillis(0);
        Optional<String> lastModified = response.headers().firstValue("Last-Modified");
        if (lastModified.isPresent()) {
            try {
                mtime = FileTime.from(ZonedDateTime.parse(lastModified.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (RuntimeException unparsable) {
                // Docker keeps the zero time too
            }
        }
        Files.setLastModifiedTime(file, mtime);
        return new Download(file, name);
    }

    /** Why a fetch failed, in the words of Go's net/http where they are known. */
    static String reason(URI uri, IOException e) {
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        if (e instanceof java.net.ConnectException) {
            return "dial tcp " + uri.getHost() + ":" + port + ": connect: connection refused";
        }
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "dial tcp " + uri.getHost() + ":" + port + ": i/o timeout";
        }
        if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
            return "dial tcp: lookup " + uri.getHost() + ": no such host";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** moby's getFilenameForDownload: the path's base unless it ends in "/", else the Content-Disposition filename. */
    static String filename(String path, Optional<String> contentDisposition) {
        if (path != null && !path.isEmpty() && !path.endsWith("/")) {
            String base = path.substring(path.lastIndexOf('/') + 1);
            if (!base.isEmpty()) {
                return base;
            }
        }
        if (contentDisposition.isPresent()) {
            for (String part : contentDisposition.get().split(";")) {
                String p = part.trim();
                if (p.startsWith("filename=")) {
                    String value = p.substring("filename=".length()).replace("\"", "");
                    if (!value.isEmpty() && !value.endsWith("/")) {
                        String base = value.substring(value.lastIndexOf('/') + 1);
                        if (!base.isEmpty() && !base.equals("..") && !base.equals(".")) {
                            return base;
                        }
                    }
                }
            }
        }
        return "";
    }
}
