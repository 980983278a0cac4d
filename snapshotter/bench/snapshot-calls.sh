#!/usr/bin/env bash
# Benchmark (a): Prepare + Mounts + Remove on top of a 10-layer chain (goal: median under 5 ms per call).
# Starts its own berth-snapshotter in a temp dir, stops it (by pid) and removes the dir at the end.
#   [BENCH_DIR=dir] snapshotter/bench/snapshot-calls.sh [iterations]     (after mvn -o -pl snapshotter install)
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
target=$(dirname "$here")/target
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
cp="$(ls "$target"/berth-snapshotter-*.jar | head -1):$target/lib/*"
work=$(mktemp -d "${BENCH_DIR:-/tmp}"/berth-bench-snapshots.XXXXXX)  # BENCH_DIR=/dev/shm: the cost without the disk
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.berth.snapshot.SnapshotterMain \
    --root "$work/root" --state "$work/run" >"$work/snapshotter.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 300); do [ -S "$work/run/snapshotter.sock" ] && break; sleep 0.1; done
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$cp" "$here/SnapshotCallsBench.java" "$work/run/snapshotter.sock" "${1:-1000}"
