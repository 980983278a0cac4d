package dev.berth.snapshot.apply;

import dev.berth.snapshot.tar.TarEntry;
import java.io.IOException;
import java.nio.file.Path;

/** How the OCI whiteouts of a layer ({@code .wh.<name>}, {@code .wh..wh..opq}) are written. */
interface Whiteouts {
    String PREFIX = ".wh.";
    String OPAQUE = ".wh..wh..opq";

    /** {@code path} (inside the target) is deleted by this layer; {@code entry} is the whiteout's header. */
    void hide(Path path, TarEntry entry) throws IOException;

    /** The contents of {@code dir} from lower layers are hidden; what this layer wrote stays. */
    void makeOpaque(Path dir) throws IOException;

    /** The layer wrote {@code path}; an opaque directory written later keeps it. */
    void written(Path path);
}
