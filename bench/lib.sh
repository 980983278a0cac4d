# Shared helpers of the side-by-side benchmarks (images-bench.sh, network-bench.sh,
# compose-bench.sh): a private Berth stack and a private dockerd, each under the work directory W,
# and their removal, also on failure; timing and reporting helpers.
#
# Source it after setting:
#   W                    the work directory (short: the shims' socket paths under it must fit 107 bytes)
#   BERTH_BRIDGE, BERTH_SUBNET, BERTH_CHAINS, BERTH_POOL   the Berth stack's default bridge, its
#                        subnet, its iptables chain prefix and its pool for user-defined networks
#   DBRIDGE, DBRIDGE_ADDR   dockerd's default bridge (made here) and its address
#   DPOOL (optional)     dockerd's --default-address-pool base (a /16; networks get /24s of it)
#   OUT_PREFIX           the results file's name: bench/results/OUT_PREFIX-<date>.txt
# Then: bench_prepare (checks, snapshot of the build), berth_up, docker_up; `trap bench_cleanup EXIT`
# is set by bench_prepare. A script adds its own clean-up steps with `on_cleanup FUNCTION`
# (run first, in reverse order).
# shellcheck shell=bash

bench_dir=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo=$(dirname "$bench_dir")
# shellcheck source=deploy/lib/host-cleanup.sh
. "$repo/deploy/lib/host-cleanup.sh"
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64

export BERTH_STATE=$W/state BERTH_ROOT=$W/root BERTH_CACHE_DIR=$W/cache
export BERTH_BRIDGE BERTH_SUBNET BERTH_CHAINS BERTH_POOL
export DOCKER_CONFIG=$W/cli-config
BHOST=unix://$BERTH_STATE/berth.sock
DW=$W/docker
DHOST=unix://$DW/docker.sock
DOCKERD_PID=
STACK=
CLEANUP_STEPS=()

mkdir -p "$bench_dir/results"
out="$bench_dir/results/$OUT_PREFIX-$(date -u +%Y%m%dT%H%M%SZ).txt"
log() { echo "$*" | tee -a "$out"; }
note() { echo "$*" >&2; echo "# $*" >>"$out"; }

bd() { DOCKER_HOST=$BHOST docker "$@"; }   # the docker CLI against Berth
dd_() { DOCKER_HOST=$DHOST docker "$@"; }  # the docker CLI against Docker's engine
bb() { DOCKER_HOST=$BHOST berth "$@"; }    # berth's CLI against Berth
engine_fn() { case $1 in berth) echo bd ;; docker) echo dd_ ;; esac; }

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# median N...: the median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v b="$1" -v d="$2" 'BEGIN{ if (d == 0) print "-"; else printf "%.2f", b/d}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
stop_pid() { # stop_pid PID: TERM, wait up to 10 s, KILL
  local p=$1
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null || true
}
# container_pid ENGINEFN NAME: the pid of the container's first process (for nsenter)
container_pid() { $1 inspect -f '{{.State.Pid}}' "$2"; }

# wait_quiet HH:MM: wait until the 1-minute load average is under QUIET_LOAD (default 1.5) at two
# polls in a row, polling every 30 s, giving up (and going on) at HH:MM
wait_quiet() {
  local until_s quiet=0 load
  until_s=$(date -d "${1:?--wait-quiet HH:MM}" +%s)
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    # quiet at two polls in a row, so that a lull between two steps of another job does not count
    if awk -v l="$load" -v q="${QUIET_LOAD:-1.5}" 'BEGIN{exit !(l < q)}'; then quiet=$((quiet + 1)); else quiet=0; fi
    [ $quiet -ge 2 ] && { echo "load $load: quiet, starting"; break; }
    [ "$(date +%s)" -ge "$until_s" ] && { echo "load $load still at $(date +%H:%M); running anyway"; break; }
    echo "$(date +%H:%M:%S) load $load, waiting"; sleep 30
  done
}

# need_packages PKG...: installs the Debian packages missing (a service they ship is not started)
need_packages() {
  local p missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
  local rc=$?
  rm -f /usr/sbin/policy-rc.d
  return $rc
}

on_cleanup() { CLEANUP_STEPS+=("$1"); }

# remove_berth_rules: every iptables rule and chain of the stack: rules naming its default bridge
# or subnet outside its own chains, then the chains named BERTH_CHAINS-* and the jumps into them
# (deploy/lib/host-cleanup.sh's remove_chains)
remove_berth_rules() {
  local table rule
  for table in filter nat; do
    iptables -t "$table" -S 2>/dev/null | grep '^-A ' |
      grep -E -e " (-i|-o) ${BERTH_BRIDGE}( |$)" -e " ${BERTH_SUBNET%/*}/" |
      grep -v -E "^-A ${BERTH_CHAINS}-" |
      while read -r rule; do
        # shellcheck disable=SC2086
        iptables -t "$table" -D ${rule#-A } 2>/dev/null
      done
  done
  remove_chains "$BERTH_CHAINS"
}

bench_cleanup() {
  local ids p i cpid
  set +e
  echo "cleaning up" >&2
  for ((i=${#CLEANUP_STEPS[@]}-1; i>=0; i--)); do "${CLEANUP_STEPS[$i]}"; done
  # Berth: its containers, networks and volumes, the stack, its bridges, mounts and iptables rules
  if [ -S "$BERTH_STATE/berth.sock" ]; then
    ids=$(bd ps -aq 2>/dev/null) && [ -n "$ids" ] && bd rm -f -v $ids >/dev/null 2>&1
    bd network prune -f >/dev/null 2>&1
    bd volume prune -f >/dev/null 2>&1
    ids=$(bd volume ls -q 2>/dev/null) && [ -n "$ids" ] && bd volume rm -f $ids >/dev/null 2>&1
  fi
  [ -d "$BERTH_STATE" ] && [ -n "$STACK" ] && [ -x "$STACK" ] && "$STACK" stop >/dev/null 2>&1
  ip link del "$BERTH_BRIDGE" 2>/dev/null
  remove_pool_bridges "$BERTH_POOL"
  remove_berth_rules
  # Docker: its containers, networks, volumes, dockerd and its containerd, by pid
  if [ -n "$DOCKERD_PID" ]; then
    if [ "$DOCKERD_PID" != starting ]; then
      ids=$(dd_ ps -aq 2>/dev/null) && [ -n "$ids" ] && dd_ rm -f -v $ids >/dev/null 2>&1
      dd_ network prune -f >/dev/null 2>&1
      ids=$(dd_ volume ls -q 2>/dev/null) && [ -n "$ids" ] && dd_ volume rm -f $ids >/dev/null 2>&1
    fi
    cpid=$(cat "$DW/exec/containerd/containerd.pid" 2>/dev/null)
    [ "$DOCKERD_PID" = starting ] || stop_pid "$DOCKERD_PID"
    [ -n "$cpid" ] && grep -qa -- "$DW" "/proc/$cpid/cmdline" 2>/dev/null && stop_pid "$cpid"
    ip link del "$DBRIDGE" 2>/dev/null
    [ -n "${DPOOL:-}" ] && remove_pool_bridges "$DPOOL"
  fi
  unmount_under "$W"
  rm -rf "$W"
}

# bench_prepare: refuses to run over an earlier run's leftovers, sets the clean-up trap, and copies
# this checkout's build (launchers, jars, libs) to W, so that a rebuild in the checkout during the
# run cannot change the programs under the benchmark; sets STACK and PATH, and `built`
bench_prepare() {
  BUSY_BEFORE=$(busy_processes)
  if [ -e "$W" ]; then
    echo "$W exists (an earlier run?): remove it (and stop what runs from it) first" >&2
    exit 1
  fi
  local dev
  for dev in "$BERTH_BRIDGE" "$DBRIDGE"; do
    if ip link show "$dev" >/dev/null 2>&1; then echo "a device $dev exists already (an earlier run?)" >&2; exit 1; fi
  done
  if iptables -S 2>/dev/null | grep -q -- "-N ${BERTH_CHAINS}-"; then
    echo "iptables chains ${BERTH_CHAINS}-* exist already (an earlier run?)" >&2; exit 1
  fi
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$W" "$DOCKER_CONFIG"
  local SNAP=$W/build m jar
  mkdir -p "$SNAP/deploy"
  cp -a "$repo/deploy/berth-stack" "$repo/deploy/make-busybox-image.sh" "$repo/deploy/aot-train" "$repo/deploy/bin" \
    "$repo/deploy/jvm" "$repo/deploy/lib" "$SNAP/deploy/"
  for m in api-gateway cli content-store network-service runtime-shim snapshotter service-host; do
    mkdir -p "$SNAP/$m/target"
    jar=$(ls "$repo/$m/target"/berth-*-0.1.0-SNAPSHOT.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1)
    [ -n "$jar" ] || { echo "$m is not built (deploy/install.sh or mvn package first)" >&2; exit 1; }
    cp -a "$jar" "$repo/$m/target/lib" "$SNAP/$m/target/"
  done
  STACK=$SNAP/deploy/berth-stack
  SNAP_DIR=$SNAP
  export PATH=$SNAP/deploy/bin:$PATH
  built=$(ls -l --time-style=+%FT%T "$SNAP"/*/target/berth-*.jar | awk '{print $6}' | sort | tail -1)
}

# berth_up: the private Berth stack, and busybox imported into it. First the programs' ahead-of-time
# caches for this copy of the build (deploy/aot-train, as install.sh makes them), unless BENCH_AOT=0.
berth_up() {
  if [ "${BENCH_AOT:-1}" = 1 ] && [ ! -d "$BERTH_CACHE_DIR/aot" ]; then
    echo "making the AOT caches for $SNAP_DIR" >&2
    "$SNAP_DIR/deploy/aot-train" >"$W/aot-train.log" 2>&1 || { echo "deploy/aot-train failed:" >&2; cat "$W/aot-train.log" >&2; exit 1; }
  fi
  echo "starting a Berth stack in $W" >&2
  if ! "$STACK" start >"$W/berth-start.log" 2>&1; then
    echo "Berth stack did not start:" >&2; cat "$W/berth-start.log" >&2; exit 1
  fi
  if ! DOCKER_HOST=$BHOST CLI=docker "$SNAP_DIR/deploy/make-busybox-image.sh" >"$W/bb-berth.log" 2>&1; then
    echo "busybox import into Berth failed:" >&2; cat "$W/bb-berth.log" >&2; exit 1
  fi
}

# docker_up [DOCKERD-FLAG...]: a dockerd with its own data root, exec root, pid file, socket and
# empty config file, on a default bridge of the script's own (DBRIDGE) and leaving the host's
# firewall alone (--iptables=false --ip6tables=false --ip-forward=false); busybox imported into it
docker_up() {
  echo "starting dockerd in $DW" >&2
  mkdir -p "$DW"
  echo '{}' >"$DW/daemon.json"
  local pool=()
  [ -n "${DPOOL:-}" ] && pool=(--default-address-pool "base=$DPOOL,size=24")
  DOCKERD_PID=starting  # from here on, the clean-up removes the bridge
  ip link add "$DBRIDGE" type bridge && ip addr add "$DBRIDGE_ADDR" dev "$DBRIDGE" && ip link set "$DBRIDGE" up || exit 1
  dockerd --config-file "$DW/daemon.json" --host "$DHOST" --data-root "$DW/data" --exec-root "$DW/exec" \
    --pidfile "$DW/dockerd.pid" --bridge="$DBRIDGE" --iptables=false --ip6tables=false --ip-forward=false \
    "${pool[@]}" "$@" >"$DW/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 300); do dd_ version >/dev/null 2>&1 && break; sleep 0.1; done
  if ! dd_ version >/dev/null 2>&1; then echo "dockerd did not start:" >&2; tail -20 "$DW/dockerd.log" >&2; exit 1; fi
  if ! DOCKER_HOST=$DHOST CLI=docker "$SNAP_DIR/deploy/make-busybox-image.sh" >"$W/bb-docker.log" 2>&1; then
    echo "busybox import into Docker failed:" >&2; cat "$W/bb-docker.log" >&2; exit 1
  fi
}

# busy_processes: the processes using 5% of a CPU or more over a second, as "cmd(pct%) ..."
busy_processes() {
  top -b -n 2 -d 1 -w 200 | awk '/^top -/ {n++} n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 5 {printf "%s(%s%%) ", $12, $9}'
}

# header TITLE: the results file's first lines: versions, machine, load, what else runs
header() {
  log "# Berth vs Docker $(dd_ version -f '{{.Server.Version}}') (client $(dd_ version -f '{{.Client.Version}}')), $1: $(date -u), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  log "# Berth: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- 2>/dev/null || echo ' + uncommitted changes'), jars built $built"
  log "# busy processes (>= 5% CPU over 1 s) before the engines started: ${BUSY_BEFORE:-none}"
}
