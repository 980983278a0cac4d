package dev.berth.content.ingest;

import dev.berth.content.Digest;
import dev.berth.content.store.MetadataDb;

/**
 * What a Write stream does for the lease it was opened under ({@code containerd-lease}), as
 * containerd does: the ingest ref joins the lease when the stream opens, and on commit the blob
 * replaces it in the same metadata write as the blob's record, so a collection never sees the
 * blob unleased. A blob found already committed joins the lease too.
 */
public interface IngestLease {
    IngestLease NONE = new IngestLease() {
        @Override
        public void started(String ref) {}

        @Override
        public void verify() {}

        @Override
        public void committed(MetadataDb.Batch batch, String ref, Digest digest) {}

        @Override
        public void alreadyCommitted(String ref, Digest digest) {}

        @Override
        public void aborted(String ref) {}
    };

    /** The stream for {@code ref} opened; refused with NOT_FOUND when the lease does not exist. */
    void started(String ref);

    /** Refuses with NOT_FOUND when the lease is gone: checked before a commit moves any file. */
    void verify();

    /** Adds to {@code batch}, the commit's metadata write, what makes the lease hold {@code digest}. */
    void committed(MetadataDb.Batch batch, String ref, Digest digest);

    /** {@code digest} was committed before in this namespace: the lease holds it from now on. */
    void alreadyCommitted(String ref, Digest digest);

    /** The ingest {@code ref} was aborted under the lease: the lease no longer lists it. */
    void aborted(String ref);
}
