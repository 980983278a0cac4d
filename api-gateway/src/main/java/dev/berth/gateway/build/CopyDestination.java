package dev.berth.gateway.build;

import dev.berth.dockerfile.ignore.GoPath;

/** Where COPY and ADD put things, moby's normalizeDest and performCopyForInfo rules on Linux. */
public final class CopyDestination {
    private CopyDestination() {}

    /** A relative destination joins the WORKDIR, keeping a trailing slash; an absolute one stays as written. */
    public static String normalize(String workingDir, String requested) {
        if (requested.startsWith("/")) {
            return requested;
        }
        String dest = GoPath.clean("/" + workingDir + "/" + requested);
        if (requested.endsWith("/") && !dest.endsWith("/")) {
            dest += "/";
        }
        return dest;
    }

    public static boolean endsInSlash(String dest) {
        return dest.endsWith("/");
    }

    /** The destination as a clean absolute path (moby's fullPath), what a directory source is copied into. */
    public static String directory(String normalized) {
        return GoPath.clean("/" + normalized);
    }

    /**
     * Where a file lands: inside the destination when it ends in "/" or is an existing directory
     * (named as the source), else the destination itself.
     */
    public static String fileTarget(String normalized, String sourceName, boolean destinationIsDirectory) {
        String clean = directory(normalized);
        if (endsInSlash(normalized) || destinationIsDirectory) {
            String base = GoPath.clean(sourceName);
            base = base.substring(base.lastIndexOf('/') + 1);
            return clean.equals("/") ? "/" + base : clean + "/" + base;
        }
        return clean;
    }
}
