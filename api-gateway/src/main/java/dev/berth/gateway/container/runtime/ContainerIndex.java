package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ids and names of the known containers, and Docker's reference resolution: a full id, then a
 * name (leading "/" optional), then a unique id prefix. Names are reserved atomically, so two
 * concurrent creates cannot take the same one.
 */
public final class ContainerIndex {
    private final TreeMap<String, String> namesById = new TreeMap<>();
    private final Map<String, String> idsByName = new HashMap<>();

    /** Reserves {@code name} for {@code id}; 409 with Docker's message when another container holds it. */
    public synchronized void reserve(String id, String name) {
        String holder = idsByName.get(name);
        if (holder != null && !holder.equals(id)) {
            throw DockerApiException.conflict("Conflict. The container name \"/" + name
                    + "\" is already in use by container \"" + holder
                    + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        String previous = namesById.put(id, name);
        if (previous != null && !previous.equals(name)) {
            idsByName.remove(previous);
        }
        idsByName.put(name, id);
    }

    public synchronized boolean nameTaken(String name) {
        return idsByName.containsKey(name);
    }

    public synchronized void release(String id) {
        String name = namesById.remove(id);
        if (name != null) {
            idsByName.remove(name, id);
        }
    }

    /** The id {@code ref} names, or 404 "No such container: ref" (also for an ambiguous prefix, as Docker). */
    public synchronized String resolve(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw DockerApiException.noSuchContainer(ref == null ? "" : ref);
        }
        if (namesById.containsKey(ref)) {
            return ref;
        }
        String byName = idsByName.get(ref.startsWith("/") ? ref.substring(1) : ref);
        if (byName != null) {
            return byName;
        }
        String match = null;
        for (String id : namesById.tailMap(ref, true).keySet()) {
            if (!id.startsWith(ref)) {
                break;
            }
            if (match != null) {
                throw DockerApiException.noSuchContainer(ref);
            }
            match = id;
        }
        if (match == null) {
            throw DockerApiException.noSuchContainer(ref);
        }
        return match;
    }
}
