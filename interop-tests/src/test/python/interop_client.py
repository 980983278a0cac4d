#!/usr/bin/python3
"""A Python client of Berth's gRPC APIs, with stubs generated from proto/ when it starts.

Drives, over their unix sockets: the content store (Write with ref/total/expected and COMMIT,
Read, Info), the snapshotter (Prepare, Diff.Apply of the layer just written, Commit, Stat,
Usage, Mounts, Remove), the network service (ListNetworks, GetNetwork) and a shim host (a
container created on the snapshot's mounts: Create, Start, State, Wait, its log, Delete).
Prints one line per step and "interop: all checks passed" at the end; exits 1 on the first failure.

Run by interop-tests' PythonClientTest, which starts the services and prepares the bundle.
"""
import argparse
import os
import sys
import traceback

import berth_stubs

NAMESPACE = "berth-python"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--proto-dir", required=True, help="proto/src/main/proto")
    p.add_argument("--work", required=True, help="a directory for the generated stubs, the log and the endpoint")
    p.add_argument("--content", required=True, help="berth-content's socket")
    p.add_argument("--snapshotter", required=True, help="berth-snapshotter's socket")
    p.add_argument("--network", required=True, help="berth-network's socket")
    p.add_argument("--shim", required=True, help="a berth-shim host's socket")
    p.add_argument("--bridge", required=True, help="the network service's bridge name")
    p.add_argument("--layer", required=True, help="an uncompressed layer tar holding busybox")
    p.add_argument("--busybox-size", required=True, type=int, help="the size of bin/busybox in the layer")
    p.add_argument("--bundle", required=True, help="an OCI bundle directory with config.json (rootfs from the snapshot)")
    p.add_argument("--container-id", required=True)
    p.add_argument("--expected-output", required=True)
    p.add_argument("--expected-exit", required=True, type=int)
    return p.parse_args()


def dial(grpc, socket):
    channel = grpc.insecure_channel("unix://" + socket)
    grpc.channel_ready_future(channel).result(timeout=30)
    return channel


def main():
    args = parse_args()
    berth_stubs.generate(args.proto_dir, os.path.join(args.work, "stubs"))
    print("stubs: generated from %s" % args.proto_dir)

    import grpc
    import content_checks
    import network_checks
    import shim_checks
    import snapshot_checks

    metadata = [("containerd-namespace", NAMESPACE)]
    with open(args.layer, "rb") as f:
        layer = f.read()
    content = dial(grpc, args.content)
    snapshotter = dial(grpc, args.snapshotter)
    network = dial(grpc, args.network)
    shim = dial(grpc, args.shim)
    try:
        digest = content_checks.check(content, metadata, layer)
        mounts = snapshot_checks.check(snapshotter, metadata, digest, len(layer), args.busybox_size)
        network_checks.check(network, args.bridge)
        shim_checks.check(shim, args.container_id, args.bundle, mounts, os.path.join(args.work, "container.log"),
                          os.path.join(args.work, "ctr.sock"), args.expected_output, args.expected_exit)
        snapshot_checks.remove(snapshotter, metadata)
    finally:
        for channel in (content, snapshotter, network, shim):
            channel.close()
    print("interop: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # report any failure as the test's message, exit non-zero
        traceback.print_exc(file=sys.stdout)
        print("interop: FAILED")
        sys.exit(1)
