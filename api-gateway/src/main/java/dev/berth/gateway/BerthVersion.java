package dev.berth.gateway;

/** The version Berth reports to Docker clients, and the Docker Engine API version it speaks. */
public final class BerthVersion {
    /** Berth's own version. */
    public static final String VERSION = "0.1.0";
    /**
     * The Docker Engine release whose API Berth serves (1.41 is Docker 20.10's), reported as the
     * engine's Version so that clients' minimum-version checks (Testcontainers wants 1.6.0 or
     * later) pass; Berth's own version travels beside it. See docs/decisions.md.
     */
    public static final String ENGINE_COMPAT_VERSION = "20.10.0";
    public static final String API_VERSION = "1.41";
    public static final String MIN_API_VERSION = "1.12";
    public static final int API_MAJOR = 1;
    public static final int API_MINOR = 41;

    private BerthVersion() {}

    /** Docker's Server header value, Berth named after it. */
    public static String serverHeader() {
        return "Docker/" + ENGINE_COMPAT_VERSION + " (linux) Berth/" + VERSION;
    }
}
