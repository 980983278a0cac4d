#!/usr/bin/env bash
# docker cp across a running container's mounts: a file copied into a named volume and a tmpfs
# is what the container reads there, copied out again it is the same, and a copy of a directory
# above a volume holds the volume's files. A stopped container's mounted paths are refused with
# a clear error (501), not copied from the empty directory underneath. Through the CLI named by
# CLI (default docker), against the stack at DOCKER_HOST.
set -euo pipefail
CLI=${CLI:-docker}
name=e2e-cp-$$
volume=e2e-cp-vol-$$
work=$(mktemp -d)
cleanup() {
  "$CLI" rm -f "$name" >/dev/null 2>&1 || true
  "$CLI" volume rm "$volume" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL cp-mounts: $*" >&2; exit 1; }

"$CLI" volume create "$volume" >/dev/null
"$CLI" run -d --name "$name" -v "$volume:/data" --tmpfs /scratch busybox sleep 300 >/dev/null
echo "into the volume" >"$work/in.txt"
"$CLI" cp "$work/in.txt" "$name:/data/in.txt" || fail "cp into the volume"
[ "$("$CLI" exec "$name" cat /data/in.txt)" = "into the volume" ] || fail "the container does not read the copy in its volume"
"$CLI" exec "$name" sh -c 'echo from the container > /data/out.txt'
"$CLI" cp "$name:/data/out.txt" "$work/out.txt" || fail "cp out of the volume"
[ "$(cat "$work/out.txt")" = "from the container" ] || fail "the copy out of the volume differs"
"$CLI" cp "$work/in.txt" "$name:/scratch/" || fail "cp into the tmpfs"
[ "$("$CLI" exec "$name" cat /scratch/in.txt)" = "into the volume" ] || fail "the container does not read the copy in its tmpfs"
# into a file, then listed: a reader that stops early (grep -q, or tar -t at the end-of-archive
# blocks, before the padding) would end the CLI with SIGPIPE
"$CLI" cp "$name:/" - >"$work/root.tar" || fail "cp of / failed"
listing=$(tar -tf "$work/root.tar") || fail "the copy of / is not a tar"
grep -qxE '(\./)?data/out.txt' <<<"$listing" || fail "a copy of / lacks the volume's files"
"$CLI" cp "$name:/etc/hostname" "$work/hostname" || fail "cp of a path of the container's own filesystem"

"$CLI" stop -t 1 "$name" >/dev/null
if out=$("$CLI" cp "$name:/data/in.txt" "$work/again.txt" 2>&1); then
  fail "a stopped container's volume path was copied from underneath the mount"
fi
grep -q "stopped container" <<<"$out" || fail "unclear refusal: $out"
"$CLI" cp "$name:/etc/hostname" "$work/hostname2" || fail "cp of a stopped container's own filesystem"
echo "ok   cp-mounts"
