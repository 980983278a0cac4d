#!/usr/bin/env bash
# Makes busybox:latest from Debian's busybox-static and imports it through the API
# (DOCKER_HOST), since no public registry is reachable from this machine.
set -euo pipefail
cli=${CLI:-berth}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,home,root,var}
chmod 1777 "$rootfs/tmp"
cp /usr/bin/busybox "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\napp:x:1000:1000:app:/home:/bin/sh\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\napp:x:1000:\n' >"$rootfs/etc/group"
tar --numeric-owner -C "$rootfs" -cf "$work/busybox.tar" .
"$cli" image import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$work/busybox.tar" busybox:latest
