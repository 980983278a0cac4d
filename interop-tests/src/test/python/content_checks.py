"""Berth's content store (containerd.services.content.v1.Content) from Python."""
import hashlib

import grpc

from services.content.v1 import content_pb2, content_pb2_grpc

CHUNK = 1024 * 1024


def digest_of(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def write_blob(channel, metadata, ref, data):
    """Writes data under ref as containerd's clients do: STAT, WRITE chunks, COMMIT with total and expected.

    Returns the digest. Every response's offset is checked against what was sent.
    """
    stub = content_pb2_grpc.ContentStub(channel)
    expected = digest_of(data)
    requests = [content_pb2.WriteContentRequest(action=content_pb2.STAT, ref=ref, total=len(data), expected=expected)]
    offsets = [0]
    for offset in range(0, len(data), CHUNK):
        chunk = data[offset:offset + CHUNK]
        requests.append(content_pb2.WriteContentRequest(action=content_pb2.WRITE, ref=ref, offset=offset, data=chunk))
        offsets.append(offset + len(chunk))
    requests.append(content_pb2.WriteContentRequest(action=content_pb2.COMMIT, ref=ref, offset=len(data),
                                                    total=len(data), expected=expected))
    offsets.append(len(data))
    responses = list(stub.Write(iter(requests), metadata=metadata, timeout=60))
    assert [r.offset for r in responses] == offsets, "write offsets %s, expected %s" % (
        [r.offset for r in responses], offsets)
    assert responses[-1].action == content_pb2.COMMIT, responses[-1]
    assert responses[-1].digest == expected, "committed %s, expected %s" % (responses[-1].digest, expected)
    return expected


def read_blob(channel, metadata, digest):
    stub = content_pb2_grpc.ContentStub(channel)
    return b"".join(r.data for r in stub.Read(content_pb2.ReadContentRequest(digest=digest), metadata=metadata, timeout=60))


def check(channel, metadata, layer):
    """Writes the layer, reads it back, checks Info, a NOT_FOUND and a refused commit. Returns the layer's digest."""
    stub = content_pb2_grpc.ContentStub(channel)
    digest = write_blob(channel, metadata, "python-layer", layer)
    back = read_blob(channel, metadata, digest)
    assert back == layer, "read %d bytes that differ from the %d written" % (len(back), len(layer))
    info = stub.Info(content_pb2.InfoRequest(digest=digest), metadata=metadata, timeout=10).info
    assert info.digest == digest and info.size == len(layer), info
    print("content: wrote and read back %d bytes as %s" % (len(layer), digest))

    missing = "sha256:" + "0" * 64
    try:
        stub.Info(content_pb2.InfoRequest(digest=missing), metadata=metadata, timeout=10)
        raise AssertionError("Info of a missing blob succeeded")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.NOT_FOUND, e
    bad = [content_pb2.WriteContentRequest(action=content_pb2.COMMIT, ref="python-bad", total=5, expected=missing,
                                           data=b"hello")]
    try:
        list(stub.Write(iter(bad), metadata=metadata, timeout=10))
        raise AssertionError("a commit with the wrong digest succeeded")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.FAILED_PRECONDITION, e
    stub.Abort(content_pb2.AbortRequest(ref="python-bad"), metadata=metadata, timeout=10)
    print("content: NOT_FOUND for a missing blob, FAILED_PRECONDITION for a wrong digest")
    return digest
