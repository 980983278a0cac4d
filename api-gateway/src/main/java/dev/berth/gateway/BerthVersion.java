package dev.berth.gateway;

/** The version Berth reports to Docker clients, and the Docker Engine API version it speaks. */
public final class BerthVersion {
    public static final String VERSION = "0.1.0";
    public static final String API_VERSION = "1.41";
    public static final String MIN_API_VERSION = "1.12";
    public static final int API_MAJOR = 1;
    public static final int API_MINOR = 41;

    private BerthVersion() {}

    /** Docker's Server header value. */
    public static String serverHeader() {
        return "Docker/" + VERSION + " (berth)";
    }
}
