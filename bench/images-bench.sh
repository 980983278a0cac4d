#!/usr/bin/env bash
# Side-by-side benchmark of image work: Berth against Docker's engine (Debian's docker.io), same
# machine, same run, both driven by the real docker CLI (DOCKER_HOST switching).
#
#   bench/images-bench.sh [--wait-quiet HH:MM]
#
#   --wait-quiet HH:MM   first wait until the 1-minute load average is under QUIET_LOAD (default 1.5)
#                        at two polls in a row, polling every 30 s, giving up (and running anyway) at HH:MM
#   BUILD_RUNS (default 5), REG_RUNS (default 3): timed runs per figure
#
# Measures, each beside Docker's engine:
#   - a build of the acceptance kit's Dockerfile (make_build_ctx in shared/acceptance/seed-scenarios.sh:
#     FROM busybox, LABEL, ENV, WORKDIR, COPY, ADD a tar.gz, RUN, RUN, EXPOSE, VOLUME, USER,
#     ENTRYPOINT, CMD) with DOCKER_BUILDKIT=0 (the legacy builder on both engines):
#       scratch: `build --no-cache` after removing the previous image (goal <= 1.0x Docker's)
#       cached:  the same build again with every step in the cache  (goal <= 0.5x Docker's)
#     median of BUILD_RUNS after one warm-up of each
#   - pull of a 5-layer image of ~200 MB of random data (5 COPY steps of 40 MiB random files, made
#     on Docker's engine and pushed once to a local docker-registry) into an empty store (the
#     image removed and dangling images pruned first): goal <= 0.7x; median of REG_RUNS
#   - push of that image to an empty registry (a registry with fresh storage for every push and a
#     new repository name): goal <= 1.0x; median of REG_RUNS
# The engines take turns run by run (Berth, then Docker), each op after a `sync`.
#
# Everything runs in /tmp/berth-ib (a short path: the shims' socket paths under the state dir must
# fit in 107 bytes):
#   - a private Berth stack (its own state, root and cache; bridge berthbn0 on 10.73.0.0/24, iptables
#     chains BERTHIB-*, pool 10.84.0.0/16), as deploy/test.sh starts one, from a copy of the
#     checkout's build; busybox by deploy/make-busybox-image.sh (the stack and dockerd: bench/lib.sh)
#   - a dockerd with its own data root, exec root, pid file, socket and empty config file, busybox
#     imported into it the same way. It gets a bridge of the script's own (ibdock0, 10.74.0.1/24)
#     with --iptables=false --ip6tables=false --ip-forward=false: it leaves the host's firewall
#     alone, and its RUN containers get a veth on a bridge as Berth's do (with --bridge=none they
#     would get no network at all, less work than Berth does)
#   - docker-registry processes on free 127.0.0.1 ports
# All of it is stopped and removed at the end, on failure too: containers, the stack, dockerd and
# its containerd (by pid), the registries (by pid), mounts, both bridges, the BERTHIB-* chains with
# the jumps into them, and the iptables rules naming berthbn0 or 10.73.0.0/24.
# Results: stdout and bench/results/images-<date>.txt (raw times and a table).
set -uo pipefail
BUILD_RUNS=${BUILD_RUNS:-5}
REG_RUNS=${REG_RUNS:-3}
W=/tmp/berth-ib
BERTH_BRIDGE=berthbn0 BERTH_SUBNET=10.73.0.0/24 BERTH_CHAINS=BERTHIB BERTH_POOL=10.84.0.0/16
DBRIDGE=ibdock0 DBRIDGE_ADDR=10.74.0.1/24
OUT_PREFIX=images
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

# --- a quiet machine first, if asked
[ "${1:-}" = --wait-quiet ] && wait_quiet "${2:-}"

REG_PIDS=()
# start_registry DIR PORT: a docker-registry on 127.0.0.1:PORT keeping its blobs in DIR; its pid in REG_PID
start_registry() {
  local dir=$1 port=$2 pid
  mkdir -p "$dir"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$dir" "$port" >"$dir/config.yml"
  docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  pid=$!
  REG_PIDS+=("$pid")
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && { REG_PID=$pid; return 0; }
    sleep 0.1
  done
  echo "registry on port $port did not start: $(tail -3 "$dir/log")" >&2
  return 1
}
stop_registries() { local p; for p in "${REG_PIDS[@]}"; do stop_pid "$p"; done; }

bench_prepare
on_cleanup stop_registries

# ---------------------------------------------------------------- the engines
berth_up
docker_up

# ---------------------------------------------------------------- helpers
declare -A TIMES=() FAILS=()
# timed ENGINE KEY CMD...: runs CMD (a function of the script) after a sync; adds its wall time in ms
# to TIMES[ENGINE.KEY], or on failure records the error in FAILS[ENGINE.KEY]
timed() {
  local engine=$1 key=$2 s rc; shift 2
  sync
  s=$(date +%s%N)
  "$@" >"$W/last.log" 2>&1; rc=$?
  local t; t=$(ms_since "$s")
  if [ $rc -eq 0 ]; then
    TIMES[$engine.$key]="${TIMES[$engine.$key]:-} $t"
    echo "  $engine $key: $t ms" >&2
  else
    FAILS[$engine.$key]="${FAILS[$engine.$key]:-}[exit $rc after $t ms] $(tail -5 "$W/last.log" | tr '\n' ' ')"
    note "FAILED $engine $key (exit $rc): $(tail -5 "$W/last.log" | tr '\n' ' ')"
    { echo "# --- output of the failed $engine $key:"; tail -30 "$W/last.log" | sed 's/^/#   /'; } >>"$out"
  fi
  cp "$W/last.log" "$W/last-$engine-$key.log" 2>/dev/null
  return $rc
}

# ---------------------------------------------------------------- 1. build
# the Dockerfile and context of make_build_ctx (shared/acceptance/seed-scenarios.sh)
CTX=$W/ctx
mkdir -p "$CTX/sub" "$W/arch/inside"
echo "print('hi')" >"$CTX/app.py"; echo secret >"$CTX/ignored.txt"; echo inner >"$CTX/sub/inner.txt"
echo from-archive >"$W/arch/inside/a.txt"; tar -C "$W/arch" -czf "$CTX/bundle.tar.gz" inside
printf 'ignored.txt\n' >"$CTX/.dockerignore"
cat >"$CTX/Dockerfile" <<'EOF'
ARG BASE=busybox
FROM ${BASE}
LABEL author=acc version="1.0"
ENV ENVIRONMENT=production GREETING="hello world"
ARG FLAVOR=plain
WORKDIR /app
COPY app.py requirements.txt* /app/
COPY . .
ADD bundle.tar.gz /opt/
RUN echo "flavor=$FLAVOR" > /app/flavor.txt && mkdir -p /data && echo seeded > /data/seed.txt
RUN ["/bin/sh", "-c", "echo exec-form > /app/exec.txt"]
EXPOSE 8080/tcp
VOLUME ["/data"]
USER 1000
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat /app/flavor.txt; echo $GREETING; id -u; pwd"]
EOF
IMG=bench-web:1
build_scratch() { DOCKER_BUILDKIT=0 $1 build --no-cache -t $IMG --build-arg FLAVOR=spicy "$CTX"; }
build_cached() {
  local o; o=$(DOCKER_BUILDKIT=0 $1 build -t $IMG --build-arg FLAVOR=spicy "$CTX" 2>&1) || { echo "$o"; return 1; }
  echo "$o"
  # every step after FROM must have come from the cache
  [ "$(grep -c 'Using cache' <<<"$o")" -ge 13 ] || { echo "not every step was cached"; return 1; }
}
rm_img() { $1 rmi -f "$2" >/dev/null 2>&1; $1 image prune -f >/dev/null 2>&1; true; }

header images
echo "== build (DOCKER_BUILDKIT=0), $BUILD_RUNS runs each after a warm-up" >&2
for e in berth docker; do
  f=$(engine_fn $e); rm_img "$f" $IMG
  timed "$e" warmup build_scratch "$f" || true
done
for i in $(seq "$BUILD_RUNS"); do
  for e in berth docker; do
    f=$(engine_fn $e); rm_img "$f" $IMG
    timed "$e" scratch build_scratch "$f"
  done
done
# a check that the image works, and the network a container gets on each, outside the timings
for e in berth docker; do
  f=$(engine_fn $e)
  o=$($f run --rm $IMG 2>&1); grep -q "flavor=spicy" <<<"$o" || note "$e: the built image does not run as it should: $o"
  log "# $e: a container's addresses: $($f run --rm busybox ip -o -4 addr 2>&1 | awk '{print $2, $4}' | tr '\n' ' ')"
done
for e in berth docker; do timed "$e" warmup-cached build_cached "$(engine_fn $e)" || true; done
for i in $(seq "$BUILD_RUNS"); do
  for e in berth docker; do timed "$e" cached build_cached "$(engine_fn $e)"; done
done

# ---------------------------------------------------------------- 2. pull and push
echo "== making a 5-layer image of ~200 MB random data" >&2
PORT=$(free_port)
if start_registry "$W/reg" "$PORT"; then
  BIG=127.0.0.1:$PORT/bench/big:1
  mkdir -p "$W/bigctx"
  printf 'FROM scratch\n' >"$W/bigctx/Dockerfile"
  for n in 1 2 3 4 5; do
    head -c 40M /dev/urandom >"$W/bigctx/layer$n.bin"
    printf 'COPY layer%s.bin /layer%s.bin\n' "$n" "$n" >>"$W/bigctx/Dockerfile"
  done
  if DOCKER_BUILDKIT=0 dd_ build -t "$BIG" "$W/bigctx" >"$W/big-build.log" 2>&1 && dd_ push "$BIG" >"$W/big-push.log" 2>&1; then
    rm -rf "$W/bigctx"
    pull() { $1 pull "$BIG"; }
    echo "== pull, $REG_RUNS runs each" >&2
    for i in $(seq "$REG_RUNS"); do
      for e in berth docker; do
        f=$(engine_fn $e); rm_img "$f" "$BIG"
        timed "$e" pull pull "$f"
      done
    done
    layers=$(bd image inspect -f '{{len .RootFS.Layers}}' "$BIG" 2>/dev/null)
    [ "$layers" = 5 ] || note "berth: the pulled image has ${layers:-no} layers, not 5"
    echo "== push to an empty registry, $REG_RUNS runs each" >&2
    PPORT=$(free_port)
    push() { $1 push "$2"; }
    for i in $(seq "$REG_RUNS"); do
      for e in berth docker; do
        f=$(engine_fn $e)
        $f image inspect "$BIG" >/dev/null 2>&1 || $f pull "$BIG" >/dev/null 2>&1
        dir=$W/preg-$e-$i
        if start_registry "$dir" "$PPORT"; then
          tag=127.0.0.1:$PPORT/bench/push-$e-$i:1
          $f tag "$BIG" "$tag"
          timed "$e" push push "$f" "$tag"
          $f rmi "$tag" >/dev/null 2>&1
          stop_pid "$REG_PID"; rm -rf "$dir"
        else
          FAILS[$e.push]="${FAILS[$e.push]:-} push registry did not start"
        fi
      done
    done
  else
    note "making the 200 MB image on Docker failed: $(tail -5 "$W/big-build.log" "$W/big-push.log" | tr '\n' ' ')"
  fi
else
  note "the pull registry did not start"
fi

# ---------------------------------------------------------------- report
log ""
log "## raw times (ms)"
for k in scratch cached pull push; do
  for e in berth docker; do log "$e $k:${TIMES[$e.$k]:- none}"; done
done
log ""
log "## results (median ms; ratio = Berth / Docker)"
printf '%-34s %10s %10s %7s  %s\n' measure berth docker ratio goal | tee -a "$out"
row() { # row KEY LABEL GOAL
  local k=$1 label=$2 goal=$3 b=- d=- r=- verdict=""
  [ -n "${TIMES[berth.$k]:-}" ] && b=$(median ${TIMES[berth.$k]})
  [ -n "${TIMES[docker.$k]:-}" ] && d=$(median ${TIMES[docker.$k]})
  if [ "$b" != - ] && [ "$d" != - ]; then
    r=$(ratio "$b" "$d")
    verdict=$(awk -v r="$r" -v g="$goal" 'BEGIN{print (r <= g) ? "met" : "missed"}')
  fi
  printf '%-34s %10s %10s %7s  <= %s %s\n' "$label" "$b" "$d" "$r" "$goal" "$verdict" | tee -a "$out"
}
row scratch "build --no-cache (7-step, legacy)" 1.0
row cached "build, fully cached (legacy)" 0.5
row pull "pull 5 layers ~200 MB, empty store" 0.7
row push "push 5 layers ~200 MB, empty reg" 1.0
if [ ${#FAILS[@]} -gt 0 ]; then
  log ""
  log "## failures"
  for k in "${!FAILS[@]}"; do log "$k: ${FAILS[$k]}"; done
  if printf '%s\n' "${!FAILS[@]}" | grep -q '^berth\.'; then
    { echo "# --- the end of berthd's log:"; tail -40 "$BERTH_STATE/logs/berthd.log" | sed 's/^/#   /'; } >>"$out"
  fi
fi
log "# load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results in $out"
