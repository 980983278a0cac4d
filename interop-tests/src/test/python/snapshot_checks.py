"""Berth's snapshotter (containerd.services.snapshots.v1.Snapshots and diff.v1.Diff) from Python."""
from containerd_types import descriptor_pb2
from services.diff.v1 import diff_pb2, diff_pb2_grpc
from services.snapshots.v1 import snapshots_pb2, snapshots_pb2_grpc

SNAPSHOTTER = "overlayfs"
LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar"


def check(channel, metadata, layer_digest, layer_size, busybox_size):
    """Unpacks the layer into a committed snapshot and prepares a container's rootfs on it. Returns its mounts."""
    snapshots = snapshots_pb2_grpc.SnapshotsStub(channel)
    diff = diff_pb2_grpc.DiffStub(channel)

    extract = snapshots.Prepare(snapshots_pb2.PrepareSnapshotRequest(snapshotter=SNAPSHOTTER, key="python-extract"),
                                metadata=metadata, timeout=10).mounts
    assert [m.type for m in extract] == ["bind"], extract
    applied = diff.Apply(diff_pb2.ApplyRequest(
        diff=descriptor_pb2.Descriptor(media_type=LAYER_TYPE, digest=layer_digest, size=layer_size),
        mounts=extract), metadata=metadata, timeout=60).applied
    assert applied.digest == layer_digest, "diff id %s of an uncompressed layer %s" % (applied.digest, layer_digest)
    snapshots.Commit(snapshots_pb2.CommitSnapshotRequest(snapshotter=SNAPSHOTTER, name="python-busybox",
                                                         key="python-extract"), metadata=metadata, timeout=10)
    committed = snapshots.Stat(snapshots_pb2.StatSnapshotRequest(snapshotter=SNAPSHOTTER, key="python-busybox"),
                               metadata=metadata, timeout=10).info
    assert committed.kind == snapshots_pb2.COMMITTED, committed
    usage = snapshots.Usage(snapshots_pb2.UsageRequest(snapshotter=SNAPSHOTTER, key="python-busybox"),
                            metadata=metadata, timeout=30)
    assert usage.size >= busybox_size, "usage %d < busybox's %d bytes" % (usage.size, busybox_size)
    print("snapshots: applied %s into python-busybox (%d bytes, %d inodes)" % (applied.digest, usage.size, usage.inodes))

    prepared = snapshots.Prepare(snapshots_pb2.PrepareSnapshotRequest(
        snapshotter=SNAPSHOTTER, key="python-rootfs", parent="python-busybox"), metadata=metadata, timeout=10).mounts
    mounts = snapshots.Mounts(snapshots_pb2.MountsRequest(snapshotter=SNAPSHOTTER, key="python-rootfs"),
                              metadata=metadata, timeout=10).mounts
    assert list(mounts) == list(prepared), (mounts, prepared)
    assert [m.type for m in mounts] == ["overlay"], mounts
    options = list(mounts[0].options)
    assert any(o.startswith("lowerdir=") for o in options) and any(o.startswith("upperdir=") for o in options), options
    active = snapshots.Stat(snapshots_pb2.StatSnapshotRequest(snapshotter=SNAPSHOTTER, key="python-rootfs"),
                            metadata=metadata, timeout=10).info
    assert active.kind == snapshots_pb2.ACTIVE and active.parent == "python-busybox", active
    print("snapshots: python-rootfs is ACTIVE on python-busybox, mounts %s" % [m.type for m in mounts])
    return list(mounts)


def remove(channel, metadata):
    """Removes the container's snapshot, then its parent (a parent with a child cannot go first)."""
    snapshots = snapshots_pb2_grpc.SnapshotsStub(channel)
    for key in ("python-rootfs", "python-busybox"):
        snapshots.Remove(snapshots_pb2.RemoveSnapshotRequest(snapshotter=SNAPSHOTTER, key=key),
                         metadata=metadata, timeout=30)
    left = [i.name for r in snapshots.List(snapshots_pb2.ListSnapshotsRequest(snapshotter=SNAPSHOTTER),
                                           metadata=metadata, timeout=10) for i in r.info]
    assert left == [], left
    print("snapshots: removed python-rootfs and python-busybox")
