package dev.berth.registry.http;

import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Words a failure to talk to a registry as Docker's Go client does ({@code Get "http://host/v2/": ...}),
 * naming the registry, so "connection refused" says which one.
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static RegistryException unreachable(HttpRequest request, IOException e) {
        URI uri = request.uri();
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String method = request.method().charAt(0) + request.method().substring(1).toLowerCase(Locale.ROOT);
        String what = describe(e, hostPort);
        return new RegistryException(Kind.UNREACHABLE, method + " \"" + uri + "\": " + what, e);
    }

    private static String describe(IOException e, String hostPort) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof ConnectException || root instanceof SSLException || root instanceof UnknownHostException) {
                break;
            }
            root = root.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "dial tcp " + hostPort + ": i/o timeout (registry " + hostPort + " did not answer)";
        }
        if (e instanceof HttpTimeoutException) {
            return "timeout awaiting response headers from registry " + hostPort;
        }
        if (root instanceof ConnectException || e instanceof ConnectException) {
            return "dial tcp " + hostPort + ": connect: connection refused (is the registry " + hostPort + " running?)";
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return "dial tcp: lookup " + hostPort + ": no such host";
        }
        if (root instanceof SSLException) {
            return "TLS handshake with registry " + hostPort + " failed: " + root.getMessage()
                    + " (if it serves plain HTTP, list it as an insecure registry)";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "registry " + hostPort + ": " + message;
    }
}
