package dev.berth.common.service;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Options every Berth service takes, as a picocli mixin. Peers are found through the
 * configuration file (a Java properties file such as {@code content.address=unix:///run/berth/content.sock}),
 * never by assuming a path.
 */
public class ServiceOptions {
    @Option(names = "--root", description = "Persistent state directory (default: /var/lib/berth/<service>).")
    Path root;

    @Option(names = "--state", description = "Runtime state directory for sockets and pid files (default: /run/berth).")
    Path state;

    @Option(names = "--config", description = "Properties file with peer addresses and settings.")
    Path config;

    @Option(names = "--socket", description = "Unix socket to serve on (default: <state>/<service>.sock).")
    Path socket;

    private Properties properties;

    /**
     * These options for one of the services in a process: its root is {@code root}; the state
     * directory, settings and --socket are shared (a host refuses --socket with several services).
     */
    public ServiceOptions hosted(Path root) {
        ServiceOptions copy = new ServiceOptions();
        copy.root = root;
        copy.state = state;
        copy.socket = socket;
        copy.config = config;
        copy.properties = properties();
        return copy;
    }

    /** Whether --socket was given. */
    public boolean socketGiven() {
        return socket != null;
    }

    /** The base directory under which a process hosting several services keeps one folder per service. */
    public Path rootBase() {
        return root != null ? root : Path.of("/var/lib/berth");
    }

    public Path root(String service) {
        return root != null ? root : Path.of("/var/lib/berth", service);
    }

    public Path state() {
        return state != null ? state : Path.of("/run/berth");
    }

    public Path socket(String service) {
        return socket != null ? socket : state().resolve(service + ".sock");
    }

    /** A setting from the config file, then the environment (BERTH_CONTENT_ADDRESS for content.address), then the default. */
    public String setting(String key, String fallback) {
        String value = properties().getProperty(key);
        if (value == null) {
            value = System.getenv("BERTH_" + key.toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return value != null && !value.isBlank() ? value.trim() : fallback;
    }

    /** The address of a peer service, by default its socket in the state directory. */
    public String peerAddress(String service) {
        return setting(service + ".address", "unix://" + state().resolve(service + ".sock"));
    }

    private synchronized Properties properties() {
        if (properties == null) {
            properties = new Properties();
            if (config != null) {
                try (Reader in = Files.newBufferedReader(config)) {
                    properties.load(in);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read config " + config + ": " + e.getMessage(), e);
                }
            }
        }
        return properties;
    }
}
