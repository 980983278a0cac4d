package dev.berth.snapshot.apply;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** How the OCI whiteouts of a layer ({@code .wh.<name>}, {@code .wh..wh..opq}) are written. */
interface Whiteouts {
    String PREFIX = ".wh.";
    String OPAQUE = ".wh..wh..opq";

    /** {@code path} (inside the target) is deleted by this layer; {@code entry} is the whiteout's header. */
    void hide(Path path, TarArchiveEntry entry) throws IOException;

    /** The contents of {@code dir} from lower layers are hidden; what this layer wrote stays. */
    void makeOpaque(Path dir, UnpackedPaths unpacked) throws IOException;
}
