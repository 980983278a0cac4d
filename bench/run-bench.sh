#!/usr/bin/env bash
# Side-by-side benchmark: Berth against Docker's engine (Debian's docker.io), same machine, same run.
#
#   bench/run-bench.sh [RUNS]        (default 15 timed runs after 3 warm-ups)
#
# Measures:
#   - wall time of `docker run --rm busybox true` (the real docker CLI) against each engine: median
#   - PSS (/proc/PID/smaps_rollup) of an idle container's shim: berth-shim vs containerd-shim-runc-v2
#   - RSS of each service at rest (Berth's four processes; dockerd and containerd)
# The Berth stack must be up (deploy/berth-stack start; DOCKER_HOST of Berth below). dockerd is
# started here with its own data and exec roots and socket, and stopped (by pid) at the end.
# Results go to stdout and bench/results/<date>.txt.
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo=$(dirname "$here")
RUNS=${1:-15}
WARM=3
BERTH_STATE=${BERTH_STATE:-/run/berth}
BERTH_HOST=unix://$BERTH_STATE/berth.sock
DWORK=/tmp/berth-bench-docker
DOCKER_HOST_BENCH=unix://$DWORK/docker.sock
mkdir -p "$here/results"
out="$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt"

log() { echo "$*" | tee -a "$out"; }

# --- Docker's engine, for comparison only (never a dependency of Berth)
if ! command -v dockerd >/dev/null; then
  echo "installing Debian's docker.io for the comparison" >&2
  # policy-rc.d: the package must not start its own dockerd; this script starts one of its own
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi
mkdir -p "$DWORK"
dockerd --host "$DOCKER_HOST_BENCH" --data-root "$DWORK/data" --exec-root "$DWORK/exec" \
  --pidfile "$DWORK/dockerd.pid" >"$DWORK/dockerd.log" 2>&1 &
DOCKERD_PID=$!
stop_docker() {
  DOCKER_HOST=$DOCKER_HOST_BENCH docker rm -f bench-idle >/dev/null 2>&1 || true
  kill "$DOCKERD_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.1; done
  pkill -f "containerd --config $DWORK" 2>/dev/null || true
  grep -o " $DWORK[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  ip link del docker0 2>/dev/null || true
}
trap stop_docker EXIT
for _ in $(seq 300); do DOCKER_HOST=$DOCKER_HOST_BENCH docker version >/dev/null 2>&1 && break; sleep 0.1; done

for host in "$BERTH_HOST" "$DOCKER_HOST_BENCH"; do
  if ! DOCKER_HOST=$host docker image inspect busybox:latest >/dev/null 2>&1; then
    DOCKER_HOST=$host CLI=docker "$repo/deploy/make-busybox-image.sh" >/dev/null
  fi
done

# median_run HOST: prints the median wall time in ms of `docker run --rm busybox true`
median_run() {
  local host=$1 i s e times=()
  for i in $(seq "$WARM"); do DOCKER_HOST=$host docker run --rm busybox true; done
  for i in $(seq "$RUNS"); do
    s=$(date +%s%N); DOCKER_HOST=$host docker run --rm busybox true; e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'
}
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

log "# Berth vs Docker $(DOCKER_HOST=$DOCKER_HOST_BENCH docker version -f '{{.Server.Version}}'), $(date -u), $(nproc) cores"
log "## docker run --rm busybox true (real docker CLI, median of $RUNS after $WARM warm-ups)"
b=$(median_run "$BERTH_HOST"); d=$(median_run "$DOCKER_HOST_BENCH")
log "berth  ${b} ms"
log "docker ${d} ms"
log "ratio berth/docker: $(awk -v b="$b" -v d="$d" 'BEGIN{printf "%.2f", b/d}')"

log "## idle container's shim (PSS, smaps_rollup)"
DOCKER_HOST=$BERTH_HOST docker rm -f bench-idle >/dev/null 2>&1 || true
bid=$(DOCKER_HOST=$BERTH_HOST docker run -d --name bench-idle busybox sleep 600)
DOCKER_HOST=$DOCKER_HOST_BENCH docker run -d --name bench-idle busybox sleep 600 >/dev/null
sleep 3
bshim=$(cat "$BERTH_STATE/shims/$bid/shim.pid")
dshim=$(pgrep -f "containerd-shim-runc-v2 .*$(DOCKER_HOST=$DOCKER_HOST_BENCH docker inspect -f '{{.Id}}' bench-idle)" | head -1 || true)
[ -n "$dshim" ] || dshim=$(pgrep -f containerd-shim-runc-v2 | head -1)
bp=$(pss_kb "$bshim"); dp=$(pss_kb "$dshim")
log "berth-shim              PSS ${bp} kB (RSS $(rss_kb "$bshim") kB)"
# Berth's shim keeps `runc run` in the foreground as the container's parent: count it too
brunc=$(pgrep -P "$bshim" -x runc | head -1 || true)
[ -n "$brunc" ] && log "  + its runc run child   PSS $(pss_kb "$brunc") kB"
log "containerd-shim-runc-v2 PSS ${dp} kB (RSS $(rss_kb "$dshim") kB)"
log "ratio berth/docker shim PSS: $(awk -v b="$bp" -v d="$dp" 'BEGIN{printf "%.1f", b/d}')"
DOCKER_HOST=$BERTH_HOST docker rm -f bench-idle >/dev/null

log "## services at rest (RSS)"
for svc in content snapshotter network berthd; do
  p=$(cat "$BERTH_STATE/$svc.pid"); log "berth $svc $(rss_kb "$p") kB"
done
# spare shims (shim.spares) are resident too: started ahead of the next container
for p in $(pgrep -f "dev.berth.shim.ShimMain .*--work $BERTH_STATE/shims/" || true); do
  log "berth spare shim (no container yet) PSS $(pss_kb "$p") kB"
done
log "dockerd $(rss_kb "$DOCKERD_PID") kB"
cpid=$(pgrep -f "containerd --config $DWORK" | head -1 || pgrep -x containerd | head -1 || true)
[ -n "$cpid" ] && log "containerd $(rss_kb "$cpid") kB"
echo "results in $out"
