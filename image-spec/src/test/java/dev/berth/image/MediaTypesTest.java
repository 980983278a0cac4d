package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypesTest {
    @Test
    void classifiesDocuments() {
        assertTrue(MediaTypes.isManifest("application/vnd.oci.image.manifest.v1+json"));
        assertTrue(MediaTypes.isManifest("application/vnd.docker.distribution.manifest.v2+json"));
        assertFalse(MediaTypes.isManifest(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex("application/vnd.oci.image.index.v1+json"));
        assertTrue(MediaTypes.isIndex("application/vnd.docker.distribution.manifest.list.v2+json"));
        assertTrue(MediaTypes.isConfig("application/vnd.docker.container.image.v1+json"));
        assertTrue(MediaTypes.isConfig("application/vnd.oci.image.config.v1+json"));
    }

    @Test
    void tellsALayersCompression() {
        assertEquals(MediaTypes.Compression.GZIP, MediaTypes.layerCompression("application/vnd.docker.image.rootfs.diff.tar.gzip"));
        assertEquals(MediaTypes.Compression.GZIP, MediaTypes.layerCompression(MediaTypes.OCI_LAYER_TAR_GZIP));
        assertEquals(MediaTypes.Compression.ZSTD, MediaTypes.layerCompression(MediaTypes.OCI_LAYER_TAR_ZSTD));
        assertEquals(MediaTypes.Compression.NONE, MediaTypes.layerCompression(MediaTypes.OCI_LAYER_TAR));
        assertEquals(MediaTypes.Compression.GZIP, MediaTypes.layerCompression(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP));
        assertTrue(MediaTypes.isNondistributable(MediaTypes.DOCKER_LAYER_FOREIGN_TAR_GZIP));
        assertFalse(MediaTypes.isNondistributable(MediaTypes.OCI_LAYER_TAR_GZIP));
        assertThrows(IllegalArgumentException.class, () -> MediaTypes.layerCompression(MediaTypes.OCI_CONFIG));
    }

    @Test
    void acceptHeaderListsEveryReadableManifestType() {
        String accept = MediaTypes.manifestAcceptHeader();
        for (String type : new String[] {MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST,
                MediaTypes.DOCKER_MANIFEST_LIST}) {
            assertTrue(accept.contains(type), type);
        }
    }
}
