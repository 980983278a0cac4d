package dev.berth.image;

import java.util.Set;

/** The media types of OCI image-spec and Docker image manifest v2 schema 2 documents and blobs. */
public final class MediaTypes {
    private MediaTypes() {}

    // OCI image-spec v1.1
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_TAR_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";

    // Docker image manifest v2, schema 2
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** What some Docker versions write for uncompressed layers (docker save, buildkit). */
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_FOREIGN_TAR_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
    /** Docker schema 1 (deprecated, signed); recognised only so it can be refused by name. */
    public static final String DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public static final String DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json";

    private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> CONFIGS = Set.of(OCI_CONFIG, DOCKER_CONFIG);
    private static final Set<String> GZIP_LAYERS = Set.of(OCI_LAYER_TAR_GZIP, OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP,
            DOCKER_LAYER_TAR_GZIP, DOCKER_LAYER_FOREIGN_TAR_GZIP);
    private static final Set<String> ZSTD_LAYERS = Set.of(OCI_LAYER_TAR_ZSTD, OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD,
            DOCKER_LAYER_ZSTD);
    private static final Set<String> TAR_LAYERS = Set.of(OCI_LAYER_TAR, OCI_LAYER_NONDISTRIBUTABLE_TAR, DOCKER_LAYER_TAR);
    private static final Set<String> NONDISTRIBUTABLE = Set.of(OCI_LAYER_NONDISTRIBUTABLE_TAR,
            OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP, OCI_LAYER_NONDISTRIBUTABLE_TAR_ZSTD, DOCKER_LAYER_FOREIGN_TAR_GZIP);

    /** An image manifest (OCI or Docker schema 2), not an index. */
    public static boolean isManifest(String mediaType) {
        return MANIFESTS.contains(mediaType);
    }

    /** An OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    public static boolean isConfig(String mediaType) {
        return CONFIGS.contains(mediaType);
    }

    public static boolean isLayer(String mediaType) {
        return GZIP_LAYERS.contains(mediaType) || ZSTD_LAYERS.contains(mediaType) || TAR_LAYERS.contains(mediaType);
    }

    /** A layer that registries need not serve (Windows base layers); pulled from its urls, if at all. */
    public static boolean isNondistributable(String mediaType) {
        return NONDISTRIBUTABLE.contains(mediaType);
    }

    /** How a layer blob is compressed. */
    public enum Compression { NONE, GZIP, ZSTD }

    /** The compression of a layer of {@code mediaType}; throws for a type that is not a layer. */
    public static Compression layerCompression(String mediaType) {
        if (GZIP_LAYERS.contains(mediaType)) {
            return Compression.GZIP;
        }
        if (ZSTD_LAYERS.contains(mediaType)) {
            return Compression.ZSTD;
        }
        if (TAR_LAYERS.contains(mediaType)) {
            return Compression.NONE;
        }
        throw new IllegalArgumentException("not a layer media type: " + mediaType);
    }

    /** The Accept header value for fetching a manifest by tag: every type Berth can read. */
    public static String manifestAcceptHeader() {
        return String.join(", ", OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
    }
}
