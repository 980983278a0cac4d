package dev.berth.network.driver;

import java.util.HashMap;
import java.util.Map;

/** The drivers by Docker's names. */
public final class Drivers {
    public static final String BRIDGE = "bridge";
    public static final String HOST = "host";
    public static final String NULL = "null";

    private final Map<String, NetworkDriver> byType;

    public Drivers(NetworkDriver... drivers) {
        Map<String, NetworkDriver> map = new HashMap<>();
        for (NetworkDriver driver : drivers) {
            map.put(driver.type(), driver);
        }
        this.byType = Map.copyOf(map);
    }

    public NetworkDriver get(String type) {
        NetworkDriver driver = byType.get(type);
        if (driver == null) {
            throw new IllegalStateException("no driver \"" + type + "\"");
        }
        return driver;
    }
}
