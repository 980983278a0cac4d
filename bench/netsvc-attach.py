#!/usr/bin/python3
"""Times Berth's network service directly over its gRPC socket, without the gateway or a container.

    netsvc-attach.py NETWORK_SOCKET STUB_DIR RUNS NETWORK...

For each network, RUNS times: CreateSandbox (a namespace with loopback), Attach, Detach,
RemoveSandbox, each call timed on its own. Prints one line per network and call:
    NETWORK CALL median_ms p90_ms
with CALL one of create, attach, detach, remove, attach+detach (the sum per round), and
none (create+remove: what a --network none container costs the service). The sandboxes' ids
start with "nbench", so their namespaces (/run/netns/berth-nbench...) can be found if the
script is killed half-way; every sandbox made is removed in a finally block.
"""
import os
import pathlib
import secrets
import statistics
import sys
import time

repo = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(repo / "interop-tests/src/test/python"))


def main():
    sock, stub_dir, runs, networks = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    import berth_stubs
    berth_stubs.generate(repo / "proto/src/main/proto", stub_dir)
    import grpc
    from berth.network.v1 import network_pb2 as pb, network_pb2_grpc as pbg

    channel = grpc.insecure_channel("unix://" + sock)
    grpc.channel_ready_future(channel).result(timeout=30)
    stub = pbg.NetworkStub(channel)

    def timed(call, request):
        s = time.perf_counter()
        result = call(request, timeout=60)
        return (time.perf_counter() - s) * 1000.0, result

    for network in networks:
        t = {k: [] for k in ("create", "attach", "detach", "remove", "attach+detach", "none")}
        for i in range(runs + 3):  # 3 warm-ups
            cid = "nbench" + secrets.token_hex(29)
            made = False
            try:
                c, _ = timed(stub.CreateSandbox, pb.CreateSandboxRequest(container_id=cid))
                made = True
                a, _ = timed(stub.Attach, pb.AttachRequest(container_id=cid, network=network,
                                                           container_name="nbench-" + cid[6:14]))
                d, _ = timed(stub.Detach, pb.DetachRequest(container_id=cid, network=network))
                r, _ = timed(stub.RemoveSandbox, pb.RemoveSandboxRequest(container_id=cid))
                made = False
            finally:
                if made:
                    stub.RemoveSandbox(pb.RemoveSandboxRequest(container_id=cid), timeout=60)
            if i >= 3:
                for k, v in (("create", c), ("attach", a), ("detach", d), ("remove", r),
                             ("attach+detach", a + d), ("none", c + r)):
                    t[k].append(v)
        for k, v in t.items():
            v.sort()
            print("%s %s %.2f %.2f" % (network, k, statistics.median(v), v[int(len(v) * 0.9) - 1]))
    channel.close()


if __name__ == "__main__":
    main()
