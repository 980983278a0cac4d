"""Generates Python stubs for Berth's APIs from proto/src/main/proto at test time.

Debian's python3-grpc-tools (1.14) has two quirks handled here:
- its protoc predates proto3 `optional`, so only the files a client needs are compiled
  (images.proto, which uses it, is left out);
- the well-known types (google/protobuf/*.proto) are shipped inside the grpc_tools package,
  not on protoc's default include path, so that directory is passed with -I.
containerd's `types/*.proto` become a Python package `types`, which the standard library's
`types` module hides: the generated package is renamed `containerd_types` and the imports of it
rewritten. The protobuf descriptors keep their names (`types/mount.proto`), so the wire format
and the descriptor pool are unchanged.
"""
import os
import pathlib
import sys

PROTOS = [
    "types/mount.proto",
    "types/descriptor.proto",
    "services/content/v1/content.proto",
    "services/snapshots/v1/snapshots.proto",
    "services/diff/v1/diff.proto",
    "berth/runtime/v1/shim.proto",
    "berth/network/v1/network.proto",
]


def well_known_types_dir():
    """The directory holding google/protobuf/empty.proto and friends."""
    import grpc_tools

    candidates = [
        pathlib.Path(grpc_tools.__file__).parent / "_proto",
        pathlib.Path("/usr/include"),
        pathlib.Path("/usr/local/include"),
    ]
    for candidate in candidates:
        if (candidate / "google/protobuf/empty.proto").is_file():
            return candidate
    raise RuntimeError("no google/protobuf/empty.proto in " + ", ".join(map(str, candidates)))


def generate(proto_dir, out_dir):
    """Compiles PROTOS into out_dir and puts out_dir first on sys.path."""
    from grpc_tools import protoc

    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    args = [
        "grpc_tools.protoc",
        "-I", str(proto_dir),
        "-I", str(well_known_types_dir()),
        "--python_out=" + str(out),
        "--grpc_python_out=" + str(out),
    ] + PROTOS
    if protoc.main(args) != 0:
        raise RuntimeError("protoc failed: " + " ".join(args))
    os.rename(out / "types", out / "containerd_types")
    for generated in out.rglob("*.py"):
        text = generated.read_text()
        fixed = text.replace("from types import ", "from containerd_types import ")
        if fixed != text:
            generated.write_text(fixed)
    sys.path.insert(0, str(out))
