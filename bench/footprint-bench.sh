#!/usr/bin/env bash
# Side-by-side benchmark of issue 10's figures: what Berth's services hold at rest, how long the
# berth CLI takes, and the stack's cold start, beside Docker's engine (Debian's docker.io) and the
# docker CLI in the same run on the same machine.
#
#   bench/footprint-bench.sh [--wait-quiet HH:MM]
#
#   --wait-quiet HH:MM   first wait for a quiet machine (see lib.sh's wait_quiet)
#   CLI_RUNS (21)        runs of each CLI command (medians)
#   RUN_RUNS (11)        runs of `run --rm busybox true` per engine, after 3 warm-ups
#   START_RUNS (5)       cold starts per engine
#   SEED (all)           the acceptance scenarios run before the memory is read, with the docker
#                        CLI against each engine: "all" (every name in .ci/seed-scenarios.txt),
#                        "none", or scenario prefixes ("ctr_ img_")
#
# Figures (goal: Berth / Docker):
#   at rest      RSS summed over Berth's processes (berth-services, berthd, any shim host) after the
#                seed scenarios, with every container, volume and user network removed and 30 s of
#                quiet, beside dockerd + containerd (+ any containerd-shim) after the same scenarios;
#                PSS too, for information (RSS counts each JVM's libjvm.so and archive pages in full)  <= 1.5
#   berth ps, berth version   median wall time of the berth launcher against Berth, beside the docker
#                CLI against Docker's engine  (goal: <= 60 ms; the ratio is printed for information)
#   berth --help with no daemon at all                                                  (information)
#   run          berth run --rm busybox true against Berth beside docker run against Docker   <= 1.0
#   load         50 containers running at once: peak RSS of Berth's processes (sampled) beside
#                Docker's at the end (its shims included); every container runs, nothing dies  (information)
#   cold start   berth-stack start to the first answered `docker version`, beside dockerd's start
#                to the same; each Berth service's time to serving from its log         (goal: <= 2 s)
#
# Everything runs in /tmp/berth-fp (lib.sh): a private Berth stack (bridge berthfb0 on
# 10.95.0.0/24, chains BERTHFB-*, pool 10.96.0.0/16) from a copy of the build with its own AOT
# caches (deploy/aot-train), and a private dockerd (bridge fpdock0 at 10.97.0.1/24, pools from
# 10.98.0.0/16, --iptables=false). All of it is removed at the end, on failure too.
# Results: stdout and bench/results/footprint-<date>.txt.
set -uo pipefail
CLI_RUNS=${CLI_RUNS:-21} RUN_RUNS=${RUN_RUNS:-11} START_RUNS=${START_RUNS:-5} SEED=${SEED:-all}
W=/tmp/berth-fp
BERTH_BRIDGE=berthfb0 BERTH_SUBNET=10.95.0.0/24 BERTH_CHAINS=BERTHFB BERTH_POOL=10.96.0.0/16
DBRIDGE=fpdock0 DBRIDGE_ADDR=10.97.0.1/24 DPOOL=10.98.0.0/16
OUT_PREFIX=footprint
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

[ "${1:-}" = --wait-quiet ] && wait_quiet "${2:-}"
bench_prepare
berth_up
docker_up
header footprint

# time_ms CMD...: the command's wall time in ms (output discarded; a failure is reported)
time_ms() {
  local s rc
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1; rc=$?
  [ $rc -eq 0 ] || note "failed ($rc): $*"
  ms_since "$s"
}
# median_of N CMD...: median of N timed runs
median_of() {
  local n=$1 i times=()
  shift
  for ((i = 0; i < n; i++)); do times+=("$(time_ms "$@")"); done
  echo "# raw $*: ${times[*]}" >>"$out"
  median "${times[@]}"
}
row() { log "$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$(ratio "$2" "$3")")"; }

# rss_of PID...: "rss_kb pss_kb" summed over the processes
rss_of() {
  local p rss=0 pss=0 r s
  for p in "$@"; do
    [ -r "/proc/$p/smaps_rollup" ] || continue
    r=$(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup"); s=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")
    rss=$((rss + r)); pss=$((pss + s))
  done
  echo "$rss $pss"
}
berth_pids() {
  local f
  for f in "$BERTH_STATE"/services.pid "$BERTH_STATE"/berthd.pid "$BERTH_STATE"/shims/hosts/*.pid; do
    [ -e "$f" ] && cat "$f"
  done
}
docker_pids() {
  echo "$DOCKERD_PID"
  cat "$DW/exec/containerd/containerd.pid" 2>/dev/null
  pgrep -f "containerd-shim.*$DW" 2>/dev/null
}
per_process() { # per_process PID...: "name=rss_MB" for the notes
  local p
  for p in "$@"; do
    [ -r "/proc/$p/status" ] || continue
    printf '%s(%s)=%s MB ' "$(tr '\0' ' ' <"/proc/$p/cmdline" | grep -o 'dev\.berth\.[A-Za-z.]*Main\|dockerd\|containerd' | head -1 | sed 's/.*\.//')" "$p" \
      "$(( $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status") / 1024 ))"
  done
}

# --- the CLI: berth's launcher against Berth, docker's CLI against Docker
log ""
log "## CLI (median of $CLI_RUNS, ms)"
log "| command | berth -> Berth | docker -> Docker | ratio |"
log "|---|---|---|---|"
bb ps >/dev/null; dd_ ps >/dev/null
row "ps" "$(median_of "$CLI_RUNS" bb ps)" "$(median_of "$CLI_RUNS" dd_ ps)"
row "version" "$(median_of "$CLI_RUNS" bb version)" "$(median_of "$CLI_RUNS" dd_ version)"
row "--help, no daemon" "$(median_of "$CLI_RUNS" env DOCKER_HOST=unix:///nonexistent berth --help)" \
  "$(median_of "$CLI_RUNS" env DOCKER_HOST=unix:///nonexistent docker --help)"
log "| (docker ps -> Berth, for information) | $(median_of "$CLI_RUNS" bd ps) | | |"

# --- run --rm, each engine with its own CLI
log ""
log "## run --rm busybox true (median of $RUN_RUNS after 3 warm-ups, engines taking turns, ms)"
log "| | berth -> Berth | docker -> Docker | ratio |"
log "|---|---|---|---|"
for _ in 1 2 3; do bb run --rm busybox true >/dev/null 2>&1; dd_ run --rm busybox true >/dev/null 2>&1; done
bt=() dt=()
for ((i = 0; i < RUN_RUNS; i++)); do
  bt+=("$(time_ms bb run --rm busybox true)"); dt+=("$(time_ms dd_ run --rm busybox true)")
done
echo "# raw run berth: ${bt[*]}; docker: ${dt[*]}" >>"$out"
row "run --rm" "$(median "${bt[@]}")" "$(median "${dt[@]}")"

# --- memory at rest after the seed scenarios
seed=$repo/../shared/acceptance/seed-scenarios.sh
case $SEED in
  none) scenarios=() ;;
  all) mapfile -t scenarios < <(grep -Ev '^\s*(#|$)' "$repo/.ci/seed-scenarios.txt") ;;
  *) read -ra scenarios <<<"$SEED" ;;
esac
if [ ${#scenarios[@]} -gt 0 ]; then
  [ -f "$seed" ] || { echo "no $seed" >&2; exit 1; }
  for engine in berth docker; do
    host=$BHOST; [ $engine = docker ] && host=$DHOST
    echo "seed scenarios against $engine" >&2
    DOCKER_HOST=$host CLI=docker COMPOSE=docker-compose bash "$seed" "${scenarios[@]}" >"$W/seed-$engine.log" 2>&1
    note "seed scenarios against $engine: $(tail -1 "$W/seed-$engine.log")"
  done
fi
# load: 50 containers running at once on each engine (issue 5's benchmark), the peak RSS sampled
# every 0.5 s meanwhile, and whether every container ran and no Berth process died or ran out of memory
sample_peak() { # sample_peak FILE: the peak RSS (kB) of Berth's processes, shim hosts included, into FILE until killed
  local file=$1 peak=0 now
  while :; do
    read -r now _ < <(rss_of $(berth_pids))
    [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" >"$file"
    sleep 0.5
  done
}
log ""
log "## load: 50 containers running at once (MB)"
log "| | Berth | Docker | ratio |"
log "|---|---|---|---|"
engine_pids_before=$(berth_pids | head -1)
sample_peak "$W/peak-berth" & sampler=$!
for i in $(seq 50); do bd run -d --name "fpload$i" busybox sleep 600 >/dev/null 2>&1 || note "Berth: container $i failed to run"; done
running_berth=$(bd ps -q | wc -l)
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null
for i in $(seq 50); do dd_ run -d --name "fpload$i" busybox sleep 600 >/dev/null 2>&1 || note "Docker: container $i failed to run"; done
running_docker=$(dd_ ps -q | wc -l)
read -r drun _ < <(rss_of $(docker_pids))
row "peak RSS, 50 running (Berth: sampled; Docker: at the end, shims included)" "$(( $(cat "$W/peak-berth" 2>/dev/null || echo 0) / 1024 ))" "$((drun / 1024))"
note "running: Berth $running_berth/50, Docker $running_docker/50; Berth's first process $engine_pids_before -> $(berth_pids | head -1); OutOfMemoryError in Berth's logs: $(cat "$BERTH_STATE"/logs/*.log "$BERTH_STATE"/shims/hosts/*.log 2>/dev/null | grep -c OutOfMemoryError)"
for f in bd dd_; do
  ids=$($f ps -aq 2>/dev/null) && [ -n "$ids" ] && $f rm -f -v $ids >/dev/null 2>&1
  $f network prune -f >/dev/null 2>&1; $f volume prune -f >/dev/null 2>&1
done
sleep 30
read -r brss bpss < <(rss_of $(berth_pids))
read -r drss dpss < <(rss_of $(docker_pids))
log ""
log "## at rest after ${#scenarios[@]} seed scenarios, no containers (MB)"
log "| | Berth | Docker | ratio |"
log "|---|---|---|---|"
row "RSS" "$((brss / 1024))" "$((drss / 1024))"
row "PSS" "$((bpss / 1024))" "$((dpss / 1024))"
note "Berth: $(per_process $(berth_pids))"
note "Docker: $(per_process $(docker_pids))"

# --- cold start: the stack's start to the first answered docker version
log ""
log "## cold start to the first answered \`docker version\` (median of $START_RUNS, ms)"
log "| | Berth | Docker | ratio |"
log "|---|---|---|---|"
bs=() ds=() serving=()
for ((i = 0; i < START_RUNS; i++)); do
  "$STACK" stop >/dev/null 2>&1
  s=$(date +%s%N)
  "$STACK" start >/dev/null 2>&1 && bd version >/dev/null 2>&1 || note "Berth cold start $i failed"
  bs+=("$(ms_since "$s")")
  serving+=("$(for f in "$BERTH_STATE"/logs/*.log; do sed -n 's/.* \([a-z]*\) ready: .*, \([0-9]*\) ms after the JVM started.*/\1 \2/p' "$f" | tail -1; done | paste -sd, -)")
  stop_pid "$DOCKERD_PID"
  cpid=$(cat "$DW/exec/containerd/containerd.pid" 2>/dev/null); [ -n "$cpid" ] && stop_pid "$cpid"
  s=$(date +%s%N)
  dockerd --config-file "$DW/daemon.json" --host "$DHOST" --data-root "$DW/data" --exec-root "$DW/exec" \
    --pidfile "$DW/dockerd.pid" --bridge="$DBRIDGE" --iptables=false --ip6tables=false --ip-forward=false \
    --default-address-pool "base=$DPOOL,size=24" >>"$DW/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 600); do dd_ version >/dev/null 2>&1 && break; sleep 0.01; done
  ds+=("$(ms_since "$s")")
done
echo "# raw cold start berth: ${bs[*]}; docker: ${ds[*]}" >>"$out"
row "cold start" "$(median "${bs[@]}")" "$(median "${ds[@]}")"
note "each Berth process's time to serving, ms after its JVM started, per start: $(printf '[%s] ' "${serving[@]}")"
echo "results: $out" >&2
