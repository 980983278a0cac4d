package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * A Docker image reference in normalised form, as distribution/reference's ParseNormalizedNamed
 * makes it: no registry means docker.io (index.docker.io is the same registry), a one-component
 * repository on docker.io gets "library/", and {@link #parse} adds the tag "latest" when neither
 * tag nor digest is given. {@code docker.io/library/busybox:latest} is the {@link #name()};
 * {@code busybox:latest} the {@link #familiarName()}. Both a tag and a digest may be present.
 */
public final class ImageReference {
    public static final String DEFAULT_REGISTRY = "docker.io";
    public static final String LEGACY_DEFAULT_REGISTRY = "index.docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String OFFICIAL_PREFIX = "library/";

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses and normalises {@code reference}, adding "latest" when it has neither tag nor digest. */
    @JsonCreator
    public static ImageReference parse(String reference) {
        ImageReference named = parseNormalized(reference);
        return named.tag == null && named.digest == null ? named.withTag(DEFAULT_TAG) : named;
    }

    /** Parses a repository alone ({@code busybox}, {@code localhost:5000/a/b}): no tag, no digest, no default tag. */
    public static ImageReference parseRepository(String repository) {
        ImageReference named = parseNormalized(repository);
        if (named.tag != null || named.digest != null) {
            throw new InvalidReferenceException(InvalidReferenceException.INVALID_FORMAT);
        }
        return named;
    }

    /**
     * A repository and a separate tag, as {@code POST /images/{name}/tag} and
     * {@code /images/create?fromSrc} take them (moby's RepoTagReference): an empty tag means the
     * repository's own tag or "latest"; a digest is refused.
     */
    public static ImageReference of(String repository, String tag) {
        ImageReference named = parseNormalized(repository);
        if (named.digest != null) {
            throw new InvalidReferenceException("cannot import digest reference");
        }
        if (tag != null && !tag.isEmpty()) {
            return named.withTag(tag);
        }
        return named.tag == null ? named.withTag(DEFAULT_TAG) : named;
    }

    /** True when {@code reference} parses. */
    public static boolean isValid(String reference) {
        try {
            parse(reference);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** distribution/reference's ParseNormalizedNamed: normalised registry and repository, no default tag. */
    private static ImageReference parseNormalized(String s) {
        if (ReferenceGrammar.isIdentifier(s)) {
            throw new InvalidReferenceException(
                    "invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(s == null ? "" : s);
        String remainder = split[1];
        int tagSeparator = remainder.indexOf(':');
        String remote = tagSeparator >= 0 ? remainder.substring(0, tagSeparator) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException(
                    "invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        ReferenceGrammar.Parts parts = ReferenceGrammar.parse(split[0] + "/" + remainder);
        return new ImageReference(parts.domain(), parts.path(), parts.tag(), parts.digest());
    }

    /**
     * The first component is the registry only when it looks like a host: it contains "." or ":",
     * is "localhost", or has uppercase letters (repositories cannot). Otherwise it is Docker Hub.
     */
    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        String domain;
        String remote;
        if (slash < 0) {
            return new String[] {DEFAULT_REGISTRY, OFFICIAL_PREFIX + name};
        }
        String first = name.substring(0, slash);
        String rest = name.substring(slash + 1);
        if (first.equals("localhost")) {
            domain = first;
            remote = rest;
        } else if (first.equals(LEGACY_DEFAULT_REGISTRY)) {
            domain = DEFAULT_REGISTRY;
            remote = rest;
        } else if (first.contains(".") || first.contains(":") || !first.toLowerCase(Locale.ROOT).equals(first)) {
            domain = first;
            remote = rest;
        } else {
            domain = DEFAULT_REGISTRY;
            remote = name;
        }
        if (domain.equals(DEFAULT_REGISTRY) && remote.indexOf('/') < 0) {
            remote = OFFICIAL_PREFIX + remote;
        }
        return new String[] {domain, remote};
    }

    /** The registry host (and port), e.g. {@code docker.io}, {@code localhost:5000}, {@code [::1]:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path without the registry, e.g. {@code library/busybox}. */
    public String repository() {
        return repository;
    }

    /** Registry and repository, e.g. {@code docker.io/library/busybox}. */
    public String fullRepository() {
        return registry + "/" + repository;
    }

    /** The tag, or null when the reference has only a digest (or is a bare repository). */
    public String tag() {
        return tag;
    }

    /** The digest, or null. */
    public Digest digest() {
        return digest;
    }

    /** The full normalised name: {@code docker.io/library/busybox:latest}, {@code ...@sha256:...}, or both. */
    @JsonValue
    public String name() {
        return fullRepository() + suffix();
    }

    /** The repository as Docker shows it: {@code busybox}, {@code user/app}, {@code localhost:5000/a/b}. */
    public String familiarRepository() {
        if (!registry.equals(DEFAULT_REGISTRY)) {
            return fullRepository();
        }
        if (repository.startsWith(OFFICIAL_PREFIX) && repository.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return repository.substring(OFFICIAL_PREFIX.length());
        }
        return repository;
    }

    /** The name as Docker shows it: {@code busybox:latest}, {@code user/app@sha256:...}. */
    public String familiarName() {
        return familiarRepository() + suffix();
    }

    public boolean isDockerHub() {
        return registry.equals(DEFAULT_REGISTRY);
    }

    /** This reference with {@code tag} (replacing any tag, keeping any digest); "invalid tag format" otherwise. */
    public ImageReference withTag(String tag) {
        if (!ReferenceGrammar.isTag(tag)) {
            throw new InvalidReferenceException(InvalidReferenceException.TAG_INVALID_FORMAT);
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** This reference pinned to {@code digest}, keeping any tag. */
    public ImageReference withDigest(Digest digest) {
        return new ImageReference(registry, repository, tag, Objects.requireNonNull(digest, "digest"));
    }

    /** Without its tag: for a tag-and-digest reference, the digest alone (what Docker pulls). */
    public ImageReference withoutTag() {
        return new ImageReference(registry, repository, null, digest);
    }

    public ImageReference withoutDigest() {
        return new ImageReference(registry, repository, tag, null);
    }

    /** The bare repository, without tag or digest. */
    public ImageReference repositoryOnly() {
        return new ImageReference(registry, repository, null, null);
    }

    private String suffix() {
        return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference other && registry.equals(other.registry)
                && repository.equals(other.repository) && Objects.equals(tag, other.tag)
                && Objects.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }

    @Override
    public String toString() {
        return name();
    }
}
