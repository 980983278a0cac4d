#!/usr/bin/env bash
# Side-by-side benchmark: Berth against Docker's engine (Debian's docker.io), same machine, same run.
#
#   bench/run-bench.sh [RUNS]        (default 15 timed runs after 3 warm-ups)
#
# Measures (issue #5's figures), each beside Docker's engine:
#   - `docker run --rm busybox true` (the real docker CLI) against each engine, and `berth run --rm
#     busybox true` against Berth: medians, the three taking turns run by run
#   - 50 containers started with `run -d` one after another, then all stopped and removed: total time
#   - 20 `run --rm busybox true`, 10 at a time: total time, failures, leftovers
#   - the shims' memory per idle container: total PSS of every shim process (smaps_rollup) / N,
#     with 10 and with 100 idle containers; Docker's containerd-shim-runc-v2 for one
#   - RSS of each service at rest
# It measures the stack as it runs: run it once with the default grouping and once after
# `BERTH_SHIM_GROUP_SIZE=1 deploy/berth-stack restart` for the one-host-per-container figures.
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

# median CMD...: the median wall time in ms of CMD over RUNS runs after WARM warm-ups
median() {
  local i s e times=()
  for i in $(seq "$WARM"); do "$@" >/dev/null; done
  for i in $(seq "$RUNS"); do
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'
}
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
ratio() { awk -v b="$1" -v d="$2" 'BEGIN{printf "%.2f", b/d}'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
bdocker() { DOCKER_HOST=$BERTH_HOST docker "$@"; }
ddocker() { DOCKER_HOST=$DOCKER_HOST_BENCH docker "$@"; }
bberth() { DOCKER_HOST=$BERTH_HOST berth "$@"; }
# the PSS of every shim host process of the Berth stack
berth_shim_pss() {
  local total=0 f p
  for f in "$BERTH_STATE"/shims/hosts/*.pid; do
    [ -e "$f" ] || continue
    p=$(cat "$f"); [ -d "/proc/$p" ] || continue
    total=$(( total + $(pss_kb "$p") ))
  done
  echo "$total"
}
docker_shim_pss() {
  local total=0 p
  for p in $(pgrep -f containerd-shim-runc-v2 || true); do total=$(( total + $(pss_kb "$p") )); done
  echo "$total"
}

group=$(awk -F= '/^shim.group-size=/ {print $2}' "$BERTH_STATE/berth.properties" 2>/dev/null || true)
log "# Berth vs Docker $(ddocker version -f '{{.Server.Version}}'), $(date -u), $(nproc) cores, shim.group-size=${group:-0}"
# turns: the three commands in turn, RUNS rounds after WARM, so that whatever either engine does in
# the background (dockerd and containerd settle for a while after their start and the image
# import above) weighs on every figure alike; prints the three medians
turns() {
  local i j s e dir
  local -a cmds=("bdocker run --rm busybox true" "bberth run --rm busybox true" "ddocker run --rm busybox true")
  dir=$(mktemp -d)
  for i in $(seq "$WARM"); do for j in 0 1 2; do ${cmds[$j]} >/dev/null; done; done
  for i in $(seq "$RUNS"); do
    for j in 0 1 2; do
      s=$(date +%s%N); ${cmds[$j]} >/dev/null; e=$(date +%s%N)
      echo $(( (e - s) / 1000000 )) >>"$dir/$j"
    done
  done
  for j in 0 1 2; do
    sort -n "$dir/$j" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s ", m}'
  done
  echo
  rm -rf "$dir"
}
log "## run --rm busybox true (median of $RUNS after $WARM warm-ups, the three taking turns)"
read -r b c d < <(turns)
log "docker CLI -> berth  ${b} ms"
log "berth CLI  -> berth  ${c} ms"
log "docker CLI -> docker ${d} ms"
log "ratio docker->berth / docker->docker: $(ratio "$b" "$d") (goal <= 0.5)"
log "ratio berth->berth / docker->docker: $(ratio "$c" "$d") (goal <= 1.0)"

# fifty HOSTFN: 50 `run -d` one after another, then all stopped and removed; prints ms
fifty() {
  local fn=$1 s ids
  s=$(date +%s%N)
  for i in $(seq 50); do $fn run -d --label bench=50 busybox sleep 600 >/dev/null; done
  ids=$($fn ps -q --filter label=bench=50)
  $fn stop $ids >/dev/null
  $fn rm $ids >/dev/null
  ms_since "$s"
}
log "## 50 containers: run -d one after another, then stop and rm all"
b=$(fifty bdocker); d=$(fifty ddocker)
log "berth ${b} ms, docker ${d} ms, ratio $(ratio "$b" "$d") (goal <= 1.0)"

# parallel HOSTFN: 20 `run --rm busybox true`, 10 at a time; prints "ms failures leftovers"
parallel20() {
  local fn=$1 s fails
  export -f "$fn"; export BERTH_HOST DOCKER_HOST_BENCH
  s=$(date +%s%N)
  fails=$(seq 20 | xargs -P10 -I{} bash -c "$fn run --rm busybox true >/dev/null 2>&1 || echo fail" | grep -c fail || true)
  echo "$(ms_since "$s") $fails $($fn ps -aq | wc -l)"
}
log "## 20 x run --rm busybox true, 10 at a time"
read -r bt bf bl <<<"$(parallel20 bdocker)"; read -r dt df dl <<<"$(parallel20 ddocker)"
log "berth ${bt} ms (${bf} failed, ${bl} left), docker ${dt} ms (${df} failed, ${dl} left), ratio $(ratio "$bt" "$dt") (goal <= 1.0)"

log "## shims' PSS per idle container (smaps_rollup)"
ddocker run -d --name bench-idle busybox sleep 600 >/dev/null
sleep 2
dp=$(docker_shim_pss)
log "docker: containerd-shim-runc-v2 for 1 idle container: ${dp} kB"
for n in 10 100; do
  for i in $(seq "$n"); do bdocker run -d --label bench=idle busybox sleep 600 >/dev/null; done
  sleep 3
  total=$(berth_shim_pss)
  log "berth: ${n} idle containers, shim hosts' PSS ${total} kB in all, $(( total / n )) kB per container (goal: <= ${dp} kB at 10, <= 1024 kB at 100)"
  bdocker rm -f $(bdocker ps -q --filter label=bench=idle) >/dev/null
done

log "## services at rest (RSS)"
# the processes of whichever layout runs (docs/footprint.md): berthd alone, berthd beside
# berth-services, or a process per service
for svc in content snapshotter network services berthd; do
  [ -e "$BERTH_STATE/$svc.pid" ] || continue
  p=$(cat "$BERTH_STATE/$svc.pid"); log "berth $svc $(rss_kb "$p") kB"
done
log "berth shim hosts with no container: PSS $(berth_shim_pss) kB"
log "dockerd $(rss_kb "$DOCKERD_PID") kB"
cpid=$(pgrep -f "containerd --config $DWORK" | head -1 || pgrep -x containerd | head -1 || true)
[ -n "$cpid" ] && log "containerd $(rss_kb "$cpid") kB"
echo "results in $out"
