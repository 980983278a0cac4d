package dev.berth.content.lease;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.berth.api.containerd.leases.v1.Lease;
import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.content.Digest;
import dev.berth.content.Labels;
import dev.berth.content.StoreException;
import dev.berth.content.Timestamps;
import dev.berth.content.ingest.IngestLease;
import dev.berth.content.store.Keys;
import dev.berth.content.store.MetadataDb;
import dev.berth.content.store.MetadataDb.Table;
import dev.berth.content.store.ReferenceLock;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Leases per namespace in RocksDB: the lease ({@code <ns> NUL <id>} -> Lease) and the resources
 * it holds ({@code <ns> NUL <id> NUL <type> NUL <resource id>}). Deleting a lease removes both in
 * one write. Errors are containerd's: {@code lease "x": already exists}, {@code lease "x": not found}.
 */
public final class LeaseStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataDb db;
    private final ReferenceLock references;

    public LeaseStore(MetadataDb db, ReferenceLock references) {
        this.db = db;
        this.references = references;
    }

    /** Creates a lease; an empty id gets a generated one. */
    public Lease create(String namespace, String id, Map<String, String> labels) {
        String leaseId = id.isEmpty() ? generateId() : Keys.requireNoNul(id, "lease id");
        Labels.validate(labels);
        Lease lease = Lease.newBuilder().setId(leaseId).setCreatedAt(Timestamps.now()).putAllLabels(labels).build();
        // the reference lock before the monitor, everywhere: a collection waiting in between must not deadlock
        return references.changing(() -> {
            synchronized (this) {
                if (find(namespace, leaseId) != null) {
                    throw StoreException.alreadyExists("lease \"" + leaseId + "\"");
                }
                db.put(Table.LEASES, Keys.of(namespace, leaseId), lease.toByteArray());
                return lease;
            }
        });
    }

    /** containerd's clients generate ids from the time and randomness; so does Berth for an empty id. */
    private static String generateId() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return System.currentTimeMillis() + "-" + HexFormat.of().formatHex(random);
    }

    public synchronized void delete(String namespace, String id) {
        require(namespace, id);
        List<byte[]> resources = new ArrayList<>();
        db.scan(Table.LEASE_RESOURCES, Keys.prefix(namespace, id), (k, v) -> resources.add(k));
        db.write(batch -> {
            batch.delete(Table.LEASES, Keys.of(namespace, id));
            resources.forEach(key -> batch.delete(Table.LEASE_RESOURCES, key));
        });
    }

    public List<Lease> list(String namespace, Predicate<Lease> filter) {
        List<Lease> leases = new ArrayList<>();
        db.scan(Table.LEASES, Keys.prefix(namespace), (k, v) -> {
            Lease lease = decode(v);
            if (filter.test(lease)) {
                leases.add(lease);
            }
        });
        return leases;
    }

    /** The namespaces that hold at least one lease. */
    public Set<String> namespaces() {
        Set<String> namespaces = new TreeSet<>();
        db.scan(Table.LEASES, new byte[0], (k, v) -> namespaces.add(Keys.split(k).getFirst()));
        return namespaces;
    }

    public void addResource(String namespace, String id, Resource resource) {
        Resource valid = LeaseResources.validate(resource);
        references.changing(() -> {
            synchronized (this) {
                require(namespace, id);
                db.put(Table.LEASE_RESOURCES, resourceKey(namespace, id, valid), new byte[0]);
            }
            return null;
        });
    }

    public synchronized void deleteResource(String namespace, String id, Resource resource) {
        Resource valid = LeaseResources.validate(resource);
        require(namespace, id);
        db.delete(Table.LEASE_RESOURCES, resourceKey(namespace, id, valid));
    }

    public List<Resource> resources(String namespace, String id) {
        require(namespace, id);
        return resourcesOf(namespace, id);
    }

    /** The resources of a lease, none when it is gone: a collection must not fail on a lease deleted meanwhile. */
    public List<Resource> resourcesOf(String namespace, String id) {
        List<Resource> resources = new ArrayList<>();
        db.scan(Table.LEASE_RESOURCES, Keys.prefix(namespace, id), (k, v) -> {
            List<String> parts = Keys.split(k);
            resources.add(Resource.newBuilder().setType(parts.get(2)).setId(parts.get(3)).build());
        });
        return resources;
    }

    /**
     * What a Write stream in {@code namespace} does for lease {@code id} (none when null): the
     * lease must exist (containerd: {@code lease does not exist: not found}).
     */
    public IngestLease forWrite(String namespace, String id) {
        if (id == null) {
            return IngestLease.NONE;
        }
        return new IngestLease() {
            @Override
            public void started(String ref) {
                requireForWrite();
                addResource(namespace, id, LeaseResources.ingest(ref));
            }

            @Override
            public void committed(MetadataDb.Batch batch, String ref, Digest digest) {
                requireForWrite();
                batch.put(Table.LEASE_RESOURCES, resourceKey(namespace, id, LeaseResources.content(digest)), new byte[0]);
                batch.delete(Table.LEASE_RESOURCES, resourceKey(namespace, id, LeaseResources.ingest(ref)));
            }

            @Override
            public void alreadyCommitted(String ref, Digest digest) {
                requireForWrite();
                db.write(batch -> {
                    batch.put(Table.LEASE_RESOURCES, resourceKey(namespace, id, LeaseResources.content(digest)), new byte[0]);
                    batch.delete(Table.LEASE_RESOURCES, resourceKey(namespace, id, LeaseResources.ingest(ref)));
                });
            }

            @Override
            public void aborted(String ref) {
                db.delete(Table.LEASE_RESOURCES, resourceKey(namespace, id, LeaseResources.ingest(ref)));
            }

            @Override
            public void verify() {
                requireForWrite();
            }

            private void requireForWrite() {
                if (find(namespace, id) == null) {
                    throw StoreException.notFound("lease does not exist");
                }
            }
        };
    }

    private Lease find(String namespace, String id) {
        byte[] value = db.get(Table.LEASES, Keys.of(namespace, id));
        return value == null ? null : decode(value);
    }

    private Lease require(String namespace, String id) {
        Lease lease = id.indexOf('\0') >= 0 ? null : find(namespace, id);
        if (lease == null) {
            throw StoreException.notFound("lease \"" + id + "\"");
        }
        return lease;
    }

    private static byte[] resourceKey(String namespace, String id, Resource resource) {
        return Keys.of(namespace, id, resource.getType(), resource.getId());
    }

    private static Lease decode(byte[] value) {
        try {
            return Lease.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt lease record: " + e.getMessage(), e);
        }
    }
}
