"""A Berth shim host (berth.runtime.v1.Task) from Python: a container's whole life."""
import json
import time

import grpc

from berth.runtime.v1 import shim_pb2, shim_pb2_grpc


def check(channel, container_id, bundle, rootfs_mounts, log_path, endpoint, expected_output, expected_exit):
    """Create on the snapshot's mounts, Start, State, Wait, the json-file log, Delete."""
    task = shim_pb2_grpc.TaskStub(channel)
    task.Create(shim_pb2.CreateTaskRequest(id=container_id, bundle=bundle, rootfs=rootfs_mounts, log_path=log_path,
                                           socket=endpoint), timeout=60)
    state = task.State(shim_pb2.StateRequest(id=container_id), timeout=10)
    assert state.status == shim_pb2.CREATED and state.bundle == bundle, state
    try:
        task.Start(shim_pb2.StartRequest(id=container_id, exec_id="no-such-exec"), timeout=10)
        raise AssertionError("Start of an unknown exec succeeded")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.NOT_FOUND, e

    pid = task.Start(shim_pb2.StartRequest(id=container_id), timeout=60).pid
    assert pid > 0, pid
    state = task.State(shim_pb2.StateRequest(id=container_id), timeout=10)
    assert state.status in (shim_pb2.RUNNING, shim_pb2.STOPPED) and state.pid == pid, state
    print("shim: created and started %s, pid %d, %s" % (container_id, pid, shim_pb2.Status.Name(state.status)))

    waited = task.Wait(shim_pb2.WaitRequest(id=container_id), timeout=60)
    assert waited.exit_status == expected_exit and not waited.error, waited
    state = task.State(shim_pb2.StateRequest(id=container_id), timeout=10)
    assert state.status == shim_pb2.STOPPED and state.exit_status == expected_exit, state
    print("shim: exited with %d" % waited.exit_status)

    lines = read_log(log_path)
    stdout = "".join(entry["log"] for entry in lines if entry["stream"] == "stdout")
    assert stdout == expected_output, "log has %r, expected %r" % (stdout, expected_output)
    print("shim: json-file log: %s" % json.dumps(lines[0]))

    deleted = task.Delete(shim_pb2.DeleteRequest(id=container_id), timeout=60)
    assert deleted.exit_status == expected_exit, deleted
    try:
        task.State(shim_pb2.StateRequest(id=container_id), timeout=10)
        raise AssertionError("State after Delete succeeded")
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.NOT_FOUND, e
    print("shim: deleted %s" % container_id)


def read_log(path, timeout=5.0):
    """The json-file log's entries (Docker's format), waiting briefly for the first one."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with open(path) as f:
                lines = [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            lines = []
        if lines or time.monotonic() > deadline:
            assert lines, "no log at " + path
            return lines
        time.sleep(0.05)
