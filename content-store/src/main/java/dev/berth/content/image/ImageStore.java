package dev.berth.content.image;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.content.Digest;
import dev.berth.content.LabelUpdate;
import dev.berth.content.Labels;
import dev.berth.content.StoreException;
import dev.berth.content.store.MetadataDb;
import dev.berth.content.store.MetadataDb.Table;
import dev.berth.content.store.Keys;
import dev.berth.content.store.ReferenceLock;
import java.util.Set;
import java.util.TreeSet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Image records (name -> target descriptor, labels, times) in RocksDB, one set per namespace,
 * keyed by {@code <namespace> NUL <name>}. Names are opaque here; the gateway normalizes them.
 */
public final class ImageStore {
    private final MetadataDb db;
    private final ReferenceLock references;

    public ImageStore(MetadataDb db, ReferenceLock references) {
        this.db = db;
        this.references = references;
    }

    /** The namespaces that hold at least one image record. */
    public Set<String> namespaces() {
        Set<String> namespaces = new TreeSet<>();
        db.scan(Table.IMAGES, new byte[0], (k, v) -> namespaces.add(Keys.split(k).getFirst()));
        return namespaces;
    }

    public Image get(String namespace, String name) {
        requireName(name);
        byte[] value = db.get(Table.IMAGES, key(namespace, name));
        if (value == null) {
            throw notFound(name);
        }
        return decode(value);
    }

    public List<Image> list(String namespace, Predicate<Image> filter) {
        List<Image> images = new ArrayList<>();
        db.scan(Table.IMAGES, prefix(namespace), (k, v) -> {
            Image image = decode(v);
            if (filter.test(image)) {
                images.add(image);
            }
        });
        return images;
    }

    /** Stores a new record; created_at and updated_at are {@code now}. */
    public synchronized Image create(String namespace, Image image, Timestamp now) {
        Image record = normalize(image).toBuilder().setCreatedAt(now).setUpdatedAt(now).build();
        validate(record);
        byte[] key = key(namespace, record.getName());
        if (db.get(Table.IMAGES, key) != null) {
            throw StoreException.alreadyExists("image \"" + record.getName() + "\"");
        }
        references.changing(() -> {
            db.put(Table.IMAGES, key, record.toByteArray());
            return null;
        });
        return record;
    }

    /**
     * Updates the fields named by {@code paths} (labels, labels.KEY, target, annotations,
     * annotations.KEY); with no paths, labels and target are replaced. created_at is kept.
     */
    public synchronized Image update(String namespace, Image image, List<String> paths, Timestamp now) {
        requireName(image.getName());
        Image current = get(namespace, image.getName());
        Image requested = normalize(image);
        Image.Builder updated = current.toBuilder();
        if (paths.isEmpty()) {
            updated.clearLabels().putAllLabels(requested.getLabelsMap()).setTarget(requested.getTarget());
        }
        List<String> labelPaths = new ArrayList<>();
        Descriptor.Builder target = updated.getTargetBuilder();
        for (String path : paths) {
            if (LabelUpdate.isLabelPath(path)) {
                labelPaths.add(path);
            } else if (path.equals("target")) {
                updated.setTarget(requested.getTarget());
                target = updated.getTargetBuilder();
            } else if (path.equals("annotations")) {
                target.clearAnnotations().putAllAnnotations(requested.getTarget().getAnnotationsMap());
            } else if (path.startsWith("annotations.")) {
                String key = path.substring("annotations.".length());
                target.putAnnotations(key, requested.getTarget().getAnnotationsOrDefault(key, ""));
            } else {
                throw StoreException.invalidArgument("cannot update \"" + path + "\" field on image \"" + image.getName() + "\"");
            }
        }
        if (!labelPaths.isEmpty()) {
            Map<String, String> labels = LabelUpdate.apply(current.getLabelsMap(), requested.getLabelsMap(), labelPaths,
                    path -> "cannot update \"" + path + "\" field on image \"" + image.getName() + "\"");
            updated.clearLabels().putAllLabels(labels);
        }
        Image record = normalize(updated.setUpdatedAt(now).build());
        validate(record);
        references.changing(() -> {
            db.put(Table.IMAGES, key(namespace, record.getName()), record.toByteArray());
            return null;
        });
        return record;
    }

    /** Removes a record; with {@code target}, only if the image still points at that digest. */
    public synchronized void delete(String namespace, String name, Descriptor target) {
        Image current = get(namespace, name);
        if (target != null && !target.getDigest().isEmpty() && !target.getDigest().equals(current.getTarget().getDigest())) {
            throw StoreException.failedPrecondition("image \"" + name + "\" has target " + current.getTarget().getDigest()
                    + ", not " + target.getDigest());
        }
        db.delete(Table.IMAGES, key(namespace, name));
    }

    /** containerd stores no empty label or annotation values: setting one to "" removes it. */
    private static Image normalize(Image image) {
        Map<String, String> labels = new TreeMap<>(image.getLabelsMap());
        labels.values().removeIf(String::isEmpty);
        Map<String, String> annotations = new TreeMap<>(image.getTarget().getAnnotationsMap());
        annotations.values().removeIf(String::isEmpty);
        Image.Builder builder = image.toBuilder().clearLabels().putAllLabels(labels);
        builder.getTargetBuilder().clearAnnotations().putAllAnnotations(annotations);
        return builder.build();
    }

    private static void validate(Image image) {
        requireName(image.getName());
        Labels.validate(image.getLabelsMap());
        Descriptor target = image.getTarget();
        try {
            Digest.parse(target.getDigest());
        } catch (IllegalArgumentException e) {
            throw StoreException.invalidArgument("Target.Digest \"" + target.getDigest() + "\" invalid: " + e.getMessage());
        }
        if (target.getSize() <= 0) {
            throw StoreException.invalidArgument("Target.Size must be greater than zero");
        }
        if (target.getMediaType().isEmpty()) {
            throw StoreException.invalidArgument("Target.MediaType must be set");
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw StoreException.invalidArgument("image name must not be empty");
        }
    }

    private static StoreException notFound(String name) {
        return StoreException.notFound("image \"" + name + "\"");
    }

    /** Namespaces never contain NUL (the namespace interceptor allows [A-Za-z0-9._-]), so keys cannot collide. */
    private static byte[] prefix(String namespace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(namespace.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] key(String namespace, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix(namespace));
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Image decode(byte[] value) {
        try {
            return Image.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt image record: " + e.getMessage(), e);
        }
    }
}
