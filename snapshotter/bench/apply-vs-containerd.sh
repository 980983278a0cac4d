#!/usr/bin/env bash
# Benchmark (b): applying one 200 MiB, 5000-file tar+gzip layer, Berth against containerd 1.6
# (goal: Berth <= 1.0x containerd's time). Same blob, same machine, caches synced before each run.
#   - Berth: a real berth-snapshotter (content served from the blob file): Prepare + Apply + Commit.
#   - containerd: its own --config (temp root, state, socket; CRI disabled); the blob is imported in
#     an OCI archive with --no-unpack, then `ctr images mount` unpacks it (Prepare + Apply + Commit
#     on its overlayfs snapshotter) and mounts it: that call is timed; unmounted and the snapshot
#     removed before the next run.
# Every containerd started here is stopped by pid and its temp dir removed.
#   snapshotter/bench/apply-vs-containerd.sh [runs]      (after mvn -o -pl snapshotter install)
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
target=$(dirname "$here")/target
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
RUNS=${1:-3}
cp="$(ls "$target"/berth-snapshotter-*.jar | head -1):$target/lib/*"
work=$(mktemp -d /tmp/berth-bench-apply.XXXXXX)
cpid=""
cleanup() {
    if [ -n "$cpid" ]; then
        mountpoint -q "$work/mnt" 2>/dev/null && umount "$work/mnt" || true
        kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true
    fi
    # containerd's overlay mounts, if any were left, before the directory goes
    grep -o " $work[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "making the layer..."
python3 "$here/make-layer.py" "$work/layer.tar" 5000 200
gzip -6 -c "$work/layer.tar" > "$work/layer.tar.gz"
diffid=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
digest=$(sha256sum "$work/layer.tar.gz" | cut -d' ' -f1)
size=$(stat -c %s "$work/layer.tar.gz")
echo "layer: $(du -m "$work/layer.tar" | cut -f1) MiB tar, $((size / 1024 / 1024)) MiB gzip, $(tar -tf "$work/layer.tar" | grep -vc '/$') files"

echo "== berth"
mkdir -p "$work/berth"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$cp" "$here/ApplyBench.java" "$work/layer.tar.gz" "$work/berth" "$RUNS" \
    | tee "$work/berth.out"
rm -rf "$work/berth"

echo "== containerd $(containerd --version | awk '{print $3}')"
oci="$work/oci"
mkdir -p "$oci/blobs/sha256"
cp "$work/layer.tar.gz" "$oci/blobs/sha256/$digest"
config='{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:'$diffid'"]},"config":{}}'
printf '%s' "$config" > "$oci/blobs/sha256/config"
cdigest=$(sha256sum "$oci/blobs/sha256/config" | cut -d' ' -f1); mv "$oci/blobs/sha256/config" "$oci/blobs/sha256/$cdigest"
manifest='{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:'$cdigest'","size":'${#config}'},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:'$digest'","size":'$size'}]}'
printf '%s' "$manifest" > "$oci/blobs/sha256/manifest"
mdigest=$(sha256sum "$oci/blobs/sha256/manifest" | cut -d' ' -f1); mv "$oci/blobs/sha256/manifest" "$oci/blobs/sha256/$mdigest"
printf '{"imageLayoutVersion":"1.0.0"}' > "$oci/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"bench:latest"},"platform":{"architecture":"amd64","os":"linux"}}]}' \
    "$mdigest" "${#manifest}" > "$oci/index.json"
tar -C "$oci" -cf "$work/image.tar" .

c="$work/containerd"
mkdir -p "$c" "$work/mnt"
cat > "$c/config.toml" <<TOML
version = 2
root = "$c/root"
state = "$c/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$c/containerd.sock"
[ttrpc]
  address = "$c/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "$c/opt"
TOML
containerd --config "$c/config.toml" >"$c/containerd.log" 2>&1 &
cpid=$!
for _ in $(seq 100); do [ -S "$c/containerd.sock" ] && break; sleep 0.1; done
ctr="ctr -a $c/containerd.sock -n bench"
$ctr images import --no-unpack "$work/image.tar" >/dev/null
cpu_ticks() { awk '{print $14 + $15}' "/proc/$cpid/stat"; }  # containerd's utime + stime (the applier runs in it)
times=()
cpus=()
for run in $(seq "$RUNS"); do
    sync
    c0=$(cpu_ticks)
    start=$(date +%s.%N)
    $ctr images mount bench:latest "$work/mnt" >/dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    c=$(echo "($(cpu_ticks) - $c0) / $(getconf CLK_TCK)" | bc -l)
    times+=("$t")
    cpus+=("$c")
    printf 'containerd run %d: %.2f s (cpu %.2f s)\n' "$run" "$t" "$c"
    [ -f "$work/mnt/usr/share/bench/d000/f00000" ] || { echo "containerd's unpack is missing files" >&2; exit 1; }
    $ctr images unmount --rm "$work/mnt" >/dev/null
    $ctr snapshots rm "sha256:$diffid" >/dev/null
done
cmedian=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
bmedian=$(grep 'berth median' "$work/berth.out" | awk '{print $3}')
cpumedian=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
printf 'containerd median: %.2f s (cpu %.2f s)\n' "$cmedian" "$cpumedian"
printf 'berth / containerd: %.2fx\n' "$(echo "$bmedian / $cmedian" | bc -l)"
