#!/usr/bin/env bash
# Ingest benchmark of berth-content (not a test). Compares ingesting one blob through the Write API
# (1 MiB messages over the unix socket, digest verified, fsynced, committed) with what the same
# disk does for the same bytes without Berth: sha256sum, then a plain write + fsync (dd conv=fsync).
#
# usage: content-store/bench/ingest-bench.sh [work dir, on the disk to measure] [size in MiB, default 1024]
# Needs the module built (mvn -o -q -pl content-store install) and JAVA_HOME (Java 25).
set -euo pipefail
module=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d -p "${TMPDIR:-/var/tmp}" berth-ingest-bench.XXXXXX)}
size_mib=${2:-1024}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p "$work"
trap 'rm -rf "$work/store" "$work/source.bin" "$work/copy.bin"' EXIT

classpath=$(cd "$module" && mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout 2>/dev/null \
    | sed 's/\x1b\[[0-9;]*m//g' | tr -d '\n')
classpath="$module/target/test-classes:$module/target/classes:$classpath"

echo "source: $size_mib MiB of random bytes in $work ($(df -T "$work" | awk 'NR==2 {print $2" on "$1}'))"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/source.bin"
sync                                 # its writeback must not slow down either run
cat "$work/source.bin" > /dev/null   # in the page cache for both runs

seconds() { local start=$1 end=$2; echo "scale=3; ($end - $start) / 1000000000" | bc; }

start=$(date +%s%N)
sha256sum "$work/source.bin" > /dev/null
hashed=$(date +%s%N)
dd if="$work/source.bin" of="$work/copy.bin" bs=1M conv=fsync status=none
end=$(date +%s%N)
baseline=$(seconds "$start" "$end")
rm -f "$work/copy.bin"
sync

berth=$("$java" --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.berth.content.IngestBenchmark \
    "$work/source.bin" "$work/store" 2>/dev/null | tail -1)

mib_s() { echo "scale=1; $size_mib / $1" | bc; }
echo "sha256sum:                 $(seconds "$start" "$hashed") s"
echo "dd bs=1M conv=fsync:       $(seconds "$hashed" "$end") s"
echo "sha256sum + dd conv=fsync: ${baseline} s ($(mib_s "$baseline") MiB/s)"
echo "berth-content Write:       ${berth} s ($(mib_s "$berth") MiB/s)"
echo "berth speed / baseline:    $(echo "scale=2; $baseline / $berth" | bc)  (goal: >= 0.80)"
