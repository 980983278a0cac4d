"""Berth's network service (berth.network.v1.Network) from Python: read calls only, which change nothing on the host."""
import grpc

from berth.network.v1 import network_pb2, network_pb2_grpc


def check(channel, bridge):
    stub = network_pb2_grpc.NetworkStub(channel)
    networks = stub.ListNetworks(network_pb2.ListNetworksRequest(), timeout=10).networks
    by_name = {n.name: n for n in networks}
    assert {"bridge", "host", "none"} <= set(by_name), sorted(by_name)
    assert by_name["bridge"].driver == "bridge" and by_name["host"].driver == "host" \
        and by_name["none"].driver == "null", networks
    got = stub.GetNetwork(network_pb2.GetNetworkRequest(name_or_id=by_name["bridge"].id[:12]), timeout=10)
    assert got.name == "bridge" and got.bridge_name == bridge, got
    assert len(got.id) == 64 and got.subnet and got.gateway, got
    try:
        stub.GetNetwork(network_pb2.GetNetworkRequest(name_or_id="no-such-network"), timeout=10)
        raise AssertionError("GetNetwork of an unknown network succeeded")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.NOT_FOUND, e
    print("network: %s; bridge on %s, subnet %s, gateway %s" % (
        ", ".join("%s (%s)" % (n.name, n.driver) for n in networks), got.bridge_name, got.subnet, got.gateway))
