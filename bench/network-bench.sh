#!/usr/bin/env bash
# Side-by-side benchmark of container networking: Berth against Docker's engine (Debian's
# docker.io), same machine, same run, both driven by the real docker CLI (DOCKER_HOST switching).
#
#   bench/network-bench.sh [--wait-quiet HH:MM]
#
#   --wait-quiet HH:MM   first wait for a quiet machine (see lib.sh's wait_quiet)
#   RUNS (default 21), WARM (10): timed `run --rm` per engine and network mode, after WARM warm-ups
#                        (Berth's services are JVMs: its run times fall over the first ten or so runs)
#   DNS_RUNS (3), DNS_SECONDS (10): dnsperf runs per engine and their length
#   IPERF_RUNS (3), IPERF_SECONDS (10): iperf3 runs per engine and their length
#   ATTACH_RUNS (100): rounds of the direct calls to Berth's network service
#
# Measures (issue 8's "Speed"), each beside Docker's engine:
#   1. the cost of networking a container: median(`run --rm busybox true`) minus
#      median(`run --rm --network none busybox true`), on the default bridge (goal: Berth's at
#      most 0.5x Docker's) and on a user-defined bridge (for information); the engines and the
#      three modes take turns run by run. Also the median of the per-round differences (paired,
#      less noisy; for information). Beside it, Berth's network service timed directly
#      over its gRPC socket (bench/netsvc-attach.py): CreateSandbox, Attach, Detach, RemoveSandbox.
#   2. DNS: queries a second answered by a user-defined network's embedded DNS server, from
#      dnsperf (Debian's) run with `nsenter -t <pid> -n` in a client container's network namespace,
#      asking the A record of another container's name on the network, at the name server the
#      client's /etc/resolv.conf names (Berth: the network's gateway address; Docker: 127.0.0.11).
#      dnsperf's defaults otherwise (one socket, at most 100 queries outstanding). Goal: Berth
#      >= 20,000 q/s. dnsperf shares the 2 cores with the server it loads, on both engines alike.
#   3. throughput between two containers on one user-defined bridge: iperf3 (Debian's), server and
#      client with `nsenter -t <pid> -n` in the two containers' namespaces, IPERF_SECONDS each, one
#      TCP stream; the receiver's bits per second. Goal: Berth within 10% of Docker (ratio >= 0.9).
#
# Everything runs in /tmp/berth-nb (see lib.sh): a private Berth stack (bridge berthnb0 on
# 10.75.0.0/24, chains BERTHNB-*, user networks from 10.76.0.0/16) and a private dockerd
# (--iptables=false --ip-forward=false, default bridge nbdock0 at 10.77.0.1/24, pools from
# 10.78.0.0/16), busybox imported into both. Both engines' user-defined network "nbnet" gets a
# bridge named by the script (berthnb1, nbdock1) and a fixed subnet. dnsperf and iperf3 are
# installed with apt if missing. All of it is removed at the end, on failure too: containers,
# networks, the stack, dockerd and its containerd (by pid), bridges, mounts, the BERTHNB-* chains
# and the jumps into them, and the direct bench's namespaces.
# Results: stdout and bench/results/network-<date>.txt (raw figures and a table).
set -uo pipefail
RUNS=${RUNS:-21}
WARM=${WARM:-10}
DNS_RUNS=${DNS_RUNS:-3}
DNS_SECONDS=${DNS_SECONDS:-10}
IPERF_RUNS=${IPERF_RUNS:-3}
IPERF_SECONDS=${IPERF_SECONDS:-10}
ATTACH_RUNS=${ATTACH_RUNS:-100}
W=/tmp/berth-nb
BERTH_BRIDGE=berthnb0 BERTH_SUBNET=10.75.0.0/24 BERTH_CHAINS=BERTHNB BERTH_POOL=10.76.0.0/16
DBRIDGE=nbdock0 DBRIDGE_ADDR=10.77.0.1/24 DPOOL=10.78.0.0/16
OUT_PREFIX=network
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

[ "${1:-}" = --wait-quiet ] && wait_quiet "${2:-}"
need_packages dnsperf iperf3 jq || { echo "could not install dnsperf, iperf3 and jq" >&2; exit 1; }

IPERF_PIDS=()
stop_iperf() { local p; for p in "${IPERF_PIDS[@]}"; do stop_pid "$p"; done; }
# the direct bench's sandboxes, should it have been killed half-way (the stack is still up here)
remove_bench_netns() {
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^berth-nbench/ {print $1}'); do ip netns del "$ns" 2>/dev/null; done
}

bench_prepare
on_cleanup remove_bench_netns
on_cleanup stop_iperf
berth_up
docker_up
header network
log "# net.bridge.bridge-nf-call-iptables=$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo absent)" \
  "(1: bridged traffic of both engines goes through the host's iptables FORWARD chain)"

declare -A TIMES=() FIG=()
fail() { note "FAILED: $*"; }

# the user-defined networks, with bridge names and subnets of the script's own
bd network create -o com.docker.network.bridge.name=berthnb1 --subnet 10.76.1.0/24 nbnet >/dev/null ||
  { fail "berth: network create"; exit 1; }
dd_ network create -o com.docker.network.bridge.name=nbdock1 --subnet 10.78.1.0/24 nbnet >/dev/null ||
  { fail "docker: network create"; exit 1; }

# ---------------------------------------------------------------- 1. run --rm with and without a network
echo "== run --rm busybox true: bridge, none, nbnet; $WARM warm-ups and $RUNS runs each" >&2
for i in $(seq $((WARM + RUNS))); do
  for e in berth docker; do
    f=$(engine_fn $e)
    for mode in bridge none nbnet; do
      net=(--network "$mode"); [ $mode = bridge ] && net=()  # the default: no --network at all
      s=$(date +%s%N)
      if $f run --rm "${net[@]}" busybox true >"$W/last.log" 2>&1; then
        t=$(ms_since "$s")
        [ "$i" -gt "$WARM" ] && TIMES[$e.$mode]="${TIMES[$e.$mode]:-} $t"
      else
        fail "$e run --rm --network $mode: $(tail -3 "$W/last.log" | tr '\n' ' ')"
      fi
    done
  done
  [ $((i % 5)) -eq 0 ] && echo "  round $i" >&2
done
for e in berth docker; do
  for mode in bridge none nbnet; do
    [ -n "${TIMES[$e.$mode]:-}" ] && FIG[$e.run_$mode]=$(median ${TIMES[$e.$mode]})
  done
  if [ -n "${FIG[$e.run_bridge]:-}" ] && [ -n "${FIG[$e.run_none]:-}" ]; then
    FIG[$e.net_bridge]=$(awk -v a="${FIG[$e.run_bridge]}" -v b="${FIG[$e.run_none]}" 'BEGIN{print a - b}')
  fi
  if [ -n "${FIG[$e.run_nbnet]:-}" ] && [ -n "${FIG[$e.run_none]:-}" ]; then
    FIG[$e.net_user]=$(awk -v a="${FIG[$e.run_nbnet]}" -v b="${FIG[$e.run_none]}" 'BEGIN{print a - b}')
  fi
  # paired: the median of round-by-round differences (when no run failed, so the rounds line up)
  read -ra none_t <<<"${TIMES[$e.none]:-}"
  for mode in bridge nbnet; do
    read -ra mode_t <<<"${TIMES[$e.$mode]:-}"
    if [ ${#mode_t[@]} -gt 0 ] && [ ${#mode_t[@]} -eq ${#none_t[@]} ]; then
      diffs=()
      for j in "${!mode_t[@]}"; do diffs+=($((mode_t[j] - none_t[j]))); done
      FIG[$e.paired_$mode]=$(median "${diffs[@]}")
    fi
  done
done

echo "== Berth's network service, direct gRPC calls, $ATTACH_RUNS rounds per network" >&2
if "$bench_dir/netsvc-attach.py" "$BERTH_STATE/network.sock" "$W/stubs" "$ATTACH_RUNS" bridge nbnet >"$W/direct.txt" 2>"$W/direct.err"; then
  while read -r net call med p90; do
    FIG[direct.$net.$call]=$med; FIG[direct90.$net.$call]=$p90
  done <"$W/direct.txt"
else
  fail "the direct calls to the network service: $(tail -5 "$W/direct.err" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- 2 and 3: containers on nbnet
for e in berth docker; do
  f=$(engine_fn $e)
  for c in nb-target nb-client nb-srv nb-cli; do
    $f run -d --name $c --network nbnet busybox sleep 3600 >/dev/null || fail "$e: run -d $c"
  done
done

# dnsperf ENGINE: one dnsperf run in nb-client's namespace against the name server of its
# resolv.conf; records q/s, and keeps the output
echo nb-target A >"$W/queries"
dns_run() {
  local e=$1 f pid ns o qps
  f=$(engine_fn "$e")
  pid=$(container_pid "$f" nb-client)
  ns=$($f exec nb-client cat /etc/resolv.conf | awk '$1 == "nameserver" {print $2; exit}')
  [ -n "$ns" ] || { fail "$e: nb-client's resolv.conf names no server"; return 1; }
  FIG[$e.dns_server]=$ns
  o=$(nsenter -t "$pid" -n dnsperf -s "$ns" -d "$W/queries" -l "$DNS_SECONDS" 2>&1)
  echo "$o" >>"$W/dnsperf-$e.log"
  qps=$(awk '/Queries per second:/ {printf "%.0f", $4}' <<<"$o")
  [ -n "$qps" ] || { fail "$e: dnsperf: $(tail -5 <<<"$o" | tr '\n' ' ')"; return 1; }
  TIMES[$e.dns]="${TIMES[$e.dns]:-} $qps"
  FIG[$e.dns_codes]=$(awk '/Response codes:/ {$1=$2=""; print}' <<<"$o" | xargs)
  FIG[$e.dns_lost]=$(awk '/Queries lost:/ {print $3, $4}' <<<"$o")
  FIG[$e.dns_latency]=$(awk '/Average Latency/ {print $4}' <<<"$o")
  echo "  $e dnsperf: $qps q/s, lost ${FIG[$e.dns_lost]}, codes ${FIG[$e.dns_codes]}" >&2
}
echo "== DNS: dnsperf, $DNS_RUNS runs of ${DNS_SECONDS}s per engine" >&2
for e in berth docker; do  # that the name resolves at all, outside the timings
  o=$($(engine_fn $e) exec nb-client nslookup nb-target 2>&1)
  grep -q "10\.7[68]\.1\." <<<"$o" || fail "$e: nslookup nb-target in nb-client: $(tr '\n' ' ' <<<"$o")"
done
for i in $(seq "$DNS_RUNS"); do for e in berth docker; do dns_run $e; done; done
for e in berth docker; do [ -n "${TIMES[$e.dns]:-}" ] && FIG[$e.dns]=$(median ${TIMES[$e.dns]}); done

# iperf ENGINE: one iperf3 run from nb-cli to nb-srv; records Gbit/s received
iperf_run() {
  local e=$1 f spid cpid ip o bps spid_iperf
  f=$(engine_fn "$e")
  spid=$(container_pid "$f" nb-srv); cpid=$(container_pid "$f" nb-cli)
  ip=$($f inspect -f '{{(index .NetworkSettings.Networks "nbnet").IPAddress}}' nb-srv)
  nsenter -t "$spid" -n iperf3 -s -1 -B "$ip" -p 5201 >"$W/iperf-server-$e.log" 2>&1 &
  spid_iperf=$!; IPERF_PIDS+=("$spid_iperf")
  for _ in $(seq 50); do nsenter -t "$spid" -n ss -ltn 2>/dev/null | grep -q ":5201 " && break; sleep 0.1; done
  o=$(nsenter -t "$cpid" -n iperf3 -c "$ip" -p 5201 -t "$IPERF_SECONDS" -J 2>&1)
  echo "$o" >"$W/iperf-$e.json"
  stop_pid "$spid_iperf"
  bps=$(jq -r '.end.sum_received.bits_per_second // empty' <<<"$o" 2>/dev/null)
  [ -n "$bps" ] || { fail "$e: iperf3: $(jq -r '.error // empty' <<<"$o" 2>/dev/null || head -3 <<<"$o")"; return 1; }
  local gbps retr
  gbps=$(awk -v b="$bps" 'BEGIN{printf "%.2f", b / 1e9}')
  retr=$(jq -r '.end.sum_sent.retransmits // "-"' <<<"$o")
  TIMES[$e.iperf]="${TIMES[$e.iperf]:-} $gbps"
  TIMES[$e.retr]="${TIMES[$e.retr]:-} $retr"
  echo "  $e iperf3: $gbps Gbit/s, $retr retransmits" >&2
}
echo "== throughput: iperf3, $IPERF_RUNS runs of ${IPERF_SECONDS}s per engine" >&2
for i in $(seq "$IPERF_RUNS"); do for e in berth docker; do iperf_run $e; done; done
for e in berth docker; do [ -n "${TIMES[$e.iperf]:-}" ] && FIG[$e.iperf]=$(median ${TIMES[$e.iperf]}); done

# ---------------------------------------------------------------- report
log ""
log "## raw figures"
for k in bridge none nbnet; do for e in berth docker; do log "$e run --rm --network $k (ms):${TIMES[$e.$k]:- none}"; done; done
for e in berth docker; do
  log "$e dnsperf (q/s):${TIMES[$e.dns]:- none}  [server ${FIG[$e.dns_server]:-?}, lost ${FIG[$e.dns_lost]:-?}, codes ${FIG[$e.dns_codes]:-?}, avg latency ${FIG[$e.dns_latency]:-?} s]"
done
for e in berth docker; do log "$e iperf3 (Gbit/s):${TIMES[$e.iperf]:- none}  [retransmits:${TIMES[$e.retr]:- -}]"; done
[ -s "$W/direct.txt" ] && { log "berth network service, direct (network call median_ms p90_ms):"; sed 's/^/  /' "$W/direct.txt" | tee -a "$out"; }

log ""
log "## results (ratio = Berth / Docker)"
printf '%-52s %10s %10s %7s  %s\n' measure berth docker ratio goal | tee -a "$out"
# row LABEL BERTH DOCKER GOAL: GOAL is "<= X" or ">= X" on the ratio, "berth >= X" on Berth's figure, or "" (information)
row() {
  local label=$1 b=${2:--} d=${3:--} goal=${4:-} r=- verdict=""
  [ "$b" != - ] && [ "$d" != - ] && r=$(ratio "$b" "$d")
  case $goal in
    "<= "*) [ "$r" != - ] && verdict=$(awk -v r="$r" -v g="${goal#<= }" 'BEGIN{print (r <= g) ? "met" : "missed"}') ;;
    ">= "*) [ "$r" != - ] && verdict=$(awk -v r="$r" -v g="${goal#>= }" 'BEGIN{print (r >= g) ? "met" : "missed"}') ;;
    "berth >= "*) [ "$b" != - ] && verdict=$(awk -v v="$b" -v g="${goal#berth >= }" 'BEGIN{print (v >= g) ? "met" : "missed"}') ;;
  esac
  printf '%-52s %10s %10s %7s  %s\n' "$label" "$b" "$d" "$r" "${goal:+$goal }$verdict" | tee -a "$out"
}
row "run --rm busybox true, default bridge (ms)" "${FIG[berth.run_bridge]:-}" "${FIG[docker.run_bridge]:-}"
row "run --rm --network none busybox true (ms)" "${FIG[berth.run_none]:-}" "${FIG[docker.run_none]:-}"
row "run --rm --network nbnet busybox true (ms)" "${FIG[berth.run_nbnet]:-}" "${FIG[docker.run_nbnet]:-}"
row "networking cost, default bridge: bridge - none (ms)" "${FIG[berth.net_bridge]:-}" "${FIG[docker.net_bridge]:-}" "<= 0.5"
row "networking cost, user network: nbnet - none (ms)" "${FIG[berth.net_user]:-}" "${FIG[docker.net_user]:-}"
row "  paired: median of per-round bridge - none (ms)" "${FIG[berth.paired_bridge]:-}" "${FIG[docker.paired_bridge]:-}"
row "  paired: median of per-round nbnet - none (ms)" "${FIG[berth.paired_nbnet]:-}" "${FIG[docker.paired_nbnet]:-}"
row "network service Attach+Detach, bridge (ms, direct)" "${FIG[direct.bridge.attach+detach]:-}" ""
row "network service Attach+Detach, nbnet (ms, direct)" "${FIG[direct.nbnet.attach+detach]:-}" ""
row "network service sandbox create+remove (ms, direct)" "${FIG[direct.bridge.none]:-}" ""
row "DNS, one network's server (q/s, dnsperf)" "${FIG[berth.dns]:-}" "${FIG[docker.dns]:-}" "berth >= 20000"
row "throughput, 2 containers on nbnet (Gbit/s, iperf3)" "${FIG[berth.iperf]:-}" "${FIG[docker.iperf]:-}" ">= 0.9"
log "# load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -q '^# FAILED' "$out" && log "# some steps failed: see the FAILED lines above"
echo "results in $out"
