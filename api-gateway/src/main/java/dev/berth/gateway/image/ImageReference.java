package dev.berth.gateway.image;

import dev.berth.gateway.api.DockerApiException;
import java.util.regex.Pattern;

/**
 * A Docker image reference, normalised as Docker normalises it: no registry means docker.io, a
 * single path component on docker.io gets "library/", no tag means "latest".
 * {@code docker.io/library/busybox:latest} is the stored name; {@code busybox:latest} the familiar one.
 */
public record ImageReference(String domain, String path, String tag, String digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?");

    /** Parses and normalises {@code reference}; 400 "invalid reference format" when it is not one. */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isEmpty() || reference.length() > 255 + 128 + 80) {
            throw invalid(reference);
        }
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(reference);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(reference);
            }
        }
        String domain = DEFAULT_DOMAIN;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
                if (!DOMAIN.matcher(first).matches()) {
                    throw invalid(reference);
                }
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (path.isEmpty()) {
            throw invalid(reference);
        }
        if (!path.equals(path.toLowerCase())) {
            throw DockerApiException.badRequest("invalid reference format: repository name (" + path + ") must be lowercase");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(reference);
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (domain.equals("index.docker.io")) {
            domain = DEFAULT_DOMAIN;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** A repository and a separate tag, as the tag and import endpoints take them ({@code tag} may be empty). */
    public static ImageReference of(String repository, String tag) {
        if (tag == null || tag.isEmpty()) {
            return parse(repository);
        }
        if (!TAG.matcher(tag).matches()) {
            throw invalid(repository + ":" + tag);
        }
        ImageReference repo = parse(repository);
        if (repo.digest != null) {
            throw invalid(repository + ":" + tag);
        }
        return new ImageReference(repo.domain, repo.path, tag, null);
    }

    static DockerApiException invalid(String reference) {
        return DockerApiException.badRequest("invalid reference format");
    }

    public String repository() {
        return domain + "/" + path;
    }

    /** The stored name, e.g. docker.io/library/busybox:latest. */
    public String name() {
        return repository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** The repository as Docker shows it: busybox, acc/bb, 127.0.0.1:5000/acc/bb. */
    public String familiarRepository() {
        if (domain.equals(DEFAULT_DOMAIN)) {
            return path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0
                    ? path.substring("library/".length()) : path;
        }
        return repository();
    }

    /** busybox:latest, or repo@digest for a digest reference. */
    public String familiarName() {
        return familiarRepository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return name();
    }
}
