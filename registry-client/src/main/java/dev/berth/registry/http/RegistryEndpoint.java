package dev.berth.registry.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a registry host's API lives: its base URI and whether it is spoken to over plain HTTP.
 * Loopback registries are insecure by default, as Docker's default {@code 127.0.0.0/8} insecure
 * range makes them; others are HTTPS unless the caller lists them as insecure.
 */
public record RegistryEndpoint(String host, URI baseUri, boolean insecure) {

    /** Docker Hub as image references name it. */
    public static final String DOCKER_HUB = "docker.io";
    /** Where Docker Hub's registry API is served. */
    public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]+]?");

    /**
     * The endpoint for a registry host ("localhost:5000", "docker.io"), given the caller's insecure
     * registries (each "host", "host:port" or a CIDR range such as "10.0.0.0/8").
     */
    public static RegistryEndpoint of(String registryHost, Collection<String> insecureRegistries) {
        String host = normalizeHost(registryHost);
        String apiHost = host.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : host;
        boolean insecure = isLoopback(host) || insecureRegistries.stream().anyMatch(entry -> matches(entry, host));
        return new RegistryEndpoint(host, URI.create((insecure ? "http://" : "https://") + apiHost), insecure);
    }

    /** The URI of a path on this registry ("/v2/..."), keeping any query as given. */
    public URI resolve(String pathAndQuery) {
        return URI.create(baseUri + pathAndQuery);
    }

    /**
     * A registry host as image references name it: the scheme and path of a server address are
     * dropped ("https://index.docker.io/v1/" is "docker.io"), and Docker Hub's aliases are folded.
     */
    public static String normalizeHost(String address) {
        String host = address.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase(Locale.ROOT);
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> host;
        };
    }

    /** Whether a host[:port] names this machine: localhost, 127.0.0.0/8 or ::1 (by name only, no DNS). */
    public static boolean isLoopback(String hostAndPort) {
        String name = hostName(hostAndPort);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        InetAddress address = literalAddress(name);
        return address != null && address.isLoopbackAddress();
    }

    private static boolean matches(String entry, String host) {
        String candidate = normalizeHost(entry);
        if (candidate.equals(host) || candidate.equals(hostName(host))) {
            return true;
        }
        int slash = entry.indexOf('/');
        if (slash < 0) {
            return false;
        }
        InetAddress network = literalAddress(entry.substring(0, slash).strip());
        InetAddress address = literalAddress(hostName(host));
        if (network == null || address == null) {
            return false;
        }
        byte[] net = network.getAddress();
        byte[] addr = address.getAddress();
        int prefix = Integer.parseInt(entry.substring(slash + 1).strip());
        if (net.length != addr.length || prefix > net.length * 8) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((net[bit / 8] & mask) != (addr[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The host name without port and brackets. */
    static String hostName(String hostAndPort) {
        String h = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.substring(0, colon) : h;
    }

    /** An IP literal's address, or null for a name (never resolved: no DNS lookups here). */
    private static InetAddress literalAddress(String name) {
        if (!IP_LITERAL.matcher(name).matches() || (name.indexOf(':') < 0 && name.chars().filter(c -> c == '.').count() != 3)) {
            return null;
        }
        try {
            return InetAddress.getByName(name.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
