package dev.berth.cli.attach;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * docker's --sig-proxy: signals the CLI receives while attached go to the container
 * (POST /containers/{id}/kill?signal=NAME) instead of ending the CLI. Signals the JVM keeps
 * for itself are left alone.
 */
public final class SignalProxy implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "QUIT", "USR1", "USR2", "ALRM");
    private final EngineClient client;
    private final String containerId;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private SignalProxy(EngineClient client, String containerId) {
        this.client = client;
        this.containerId = containerId;
    }

    /** Starts forwarding; close() restores the previous handlers. */
    public static SignalProxy start(EngineClient client, String containerId) {
        SignalProxy proxy = new SignalProxy(client, containerId);
        for (String name : FORWARDED) {
            try {
                Signal signal = new Signal(name);
                proxy.previous.put(signal, Signal.handle(signal, s -> proxy.forward(name)));
            } catch (IllegalArgumentException reservedByTheJvm) {
                // e.g. QUIT without -Xrs, USR1 on some JVMs: not ours to take
            }
        }
        return proxy;
    }

    /** Sends one signal to the container, in the background (a handler must not block). */
    void forward(String name) {
        Thread.ofVirtual().start(() -> {
            try {
                client.post("/containers/" + containerId + "/kill", Query.of().add("signal", name), null);
            } catch (IOException | ApiException e) {
                // as docker: a signal that cannot be delivered is dropped
            }
        });
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
