package dev.berth.content.lease;

import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.content.Digest;
import dev.berth.content.StoreException;

/**
 * The kinds of resource a lease holds, as containerd names them: {@code content} (id = digest),
 * {@code ingests} (id = ref) and {@code snapshots/<snapshotter>} (id = snapshot key).
 */
public final class LeaseResources {
    public static final String CONTENT = "content";
    public static final String INGESTS = "ingests";
    public static final String SNAPSHOTS_PREFIX = "snapshots/";

    private LeaseResources() {}

    /** Checks a resource in containerd's words and returns it in canonical form. */
    public static Resource validate(Resource resource) {
        String type = resource.getType();
        String[] parts = type.split("/", -1);
        switch (parts[0]) {
            case CONTENT, INGESTS -> {
                if (parts.length != 1) {
                    throw StoreException.invalidArgument("invalid resource type " + type);
                }
                if (type.equals(CONTENT)) {
                    try {
                        Digest.parse(resource.getId());
                    } catch (IllegalArgumentException e) {
                        throw StoreException.invalidArgument("invalid content resource id " + resource.getId() + ": " + e.getMessage());
                    }
                }
            }
            case "snapshots" -> {
                if (parts.length != 2 || parts[1].isEmpty()) {
                    throw StoreException.invalidArgument("invalid snapshot resource type " + type);
                }
            }
            default -> throw StoreException.notImplemented("resource type " + type + " not supported yet");
        }
        if (resource.getId().isEmpty() || resource.getId().indexOf('\0') >= 0 || type.indexOf('\0') >= 0) {
            throw StoreException.invalidArgument("invalid resource id \"" + resource.getId() + "\"");
        }
        return resource;
    }

    public static Resource content(Digest digest) {
        return Resource.newBuilder().setType(CONTENT).setId(digest.toString()).build();
    }

    public static Resource ingest(String ref) {
        return Resource.newBuilder().setType(INGESTS).setId(ref).build();
    }

    /** The snapshotter of a {@code snapshots/<snapshotter>} resource, null for other kinds. */
    public static String snapshotter(Resource resource) {
        return resource.getType().startsWith(SNAPSHOTS_PREFIX) ? resource.getType().substring(SNAPSHOTS_PREFIX.length()) : null;
    }
}
