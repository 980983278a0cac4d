#!/usr/bin/env bash
# Side-by-side benchmark of compose: `berth compose` against Berth beside docker-compose 1.29
# (Debian's) against Docker's engine (Debian's docker.io), same machine, same run.
#
#   bench/compose-bench.sh [--wait-quiet HH:MM]
#
#   --wait-quiet HH:MM   first wait for a quiet machine (see lib.sh's wait_quiet)
#   COMPOSE_RUNS (default 7): timed rounds, after one warm-up round
#
# Measures (issue 9's "Speed"): `up -d` of a 5-service application with its image present, and
# `down`, each timed, in three set-ups that take turns round by round:
#   docker-compose -> Docker   the reference
#   berth compose  -> Berth    goal: up -d and down each <= 1.0x the reference
#   docker-compose -> Berth    for information (the same client, so the engines alone differ)
# The application (written to $W/app/docker-compose.yml): on busybox,
#   web      httpd with a published loopback port (127.0.0.1:<free port>:80)
#   kv       httpd serving a named volume (kvdata)
#   api      httpd, depends_on kv
#   worker1  a loop
#   worker2  a loop, depends_on web and kv
# on the project's default network (a bridge named by the script, fixed subnet). Every command
# runs under `sh -c "trap 'exit 0' TERM; ... & wait"`, so that it ends on SIGTERM: busybox as PID 1
# ignores SIGTERM, and `down` would otherwise wait out the stop timeout (10 s), which measures
# nothing of the engine. `down` keeps the named volume (no -v): after the warm-up round every `up`
# finds it, in every set-up alike. After each `up -d` (outside the timing) the script checks that
# the 5 containers run, and in the warm-up round that the web port answers.
#
# Everything runs in /tmp/berth-cb (see lib.sh): a private Berth stack (bridge berthcb0 on
# 10.79.0.0/24, chains BERTHCB-*, pool 10.80.0.0/16) and a private dockerd (--iptables=false
# --ip-forward=false, so published ports go through docker-proxy; default bridge cbdock0 at
# 10.81.0.1/24, pools from 10.82.0.0/16), busybox imported into both. All of it is removed at the
# end, on failure too (containers, networks, volumes, the stack, dockerd and its containerd by pid,
# bridges, mounts, the BERTHCB-* chains and the jumps into them).
# Results: stdout and bench/results/compose-<date>.txt (raw times and a table).
set -uo pipefail
COMPOSE_RUNS=${COMPOSE_RUNS:-7}
W=/tmp/berth-cb
BERTH_BRIDGE=berthcb0 BERTH_SUBNET=10.79.0.0/24 BERTH_CHAINS=BERTHCB BERTH_POOL=10.80.0.0/16
DBRIDGE=cbdock0 DBRIDGE_ADDR=10.81.0.1/24 DPOOL=10.82.0.0/16
OUT_PREFIX=compose
# shellcheck source=bench/lib.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

[ "${1:-}" = --wait-quiet ] && wait_quiet "${2:-}"
command -v docker-compose >/dev/null || need_packages docker-compose || { echo "no docker-compose" >&2; exit 1; }

bench_prepare
berth_up
docker_up
header compose
log "# docker-compose $(docker-compose version --short 2>/dev/null)"

APP=$W/app
mkdir -p "$APP"
cat >"$APP/docker-compose.yml" <<'EOF'
version: "3.8"
services:
  web:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www && echo hello >/www/index.html; httpd -f -p 80 -h /www & wait"]
    ports:
      - "127.0.0.1:${WEB_PORT}:80"
  kv:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /data & wait"]
    volumes:
      - kvdata:/data
  api:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8081 -h /tmp & wait"]
    depends_on:
      - kv
  worker1:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 86400 & wait"]
  worker2:
    image: busybox
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 86400 & wait"]
    depends_on:
      - web
      - kv
volumes:
  kvdata: {}
networks:
  default:
    driver_opts:
      com.docker.network.bridge.name: ${NET_BRIDGE}
    ipam:
      config:
        - subnet: ${NET_SUBNET}
EOF

BPORT=$(free_port) DPORT=$(free_port)
while [ "$DPORT" = "$BPORT" ]; do DPORT=$(free_port); done
# setup ID: the compose command and the environment of a set-up
#   dc-docker: docker-compose -> Docker; bc-berth: berth compose -> Berth; dc-berth: docker-compose -> Berth
compose() { # compose SETUP ARGS...
  local id=$1; shift
  case $id in
    dc-docker) DOCKER_HOST=$DHOST WEB_PORT=$DPORT NET_BRIDGE=cbdock1 NET_SUBNET=10.82.1.0/24 \
                 docker-compose -p cbench -f "$APP/docker-compose.yml" "$@" ;;
    bc-berth)  DOCKER_HOST=$BHOST WEB_PORT=$BPORT NET_BRIDGE=berthcb1 NET_SUBNET=10.80.1.0/24 \
                 berth compose -p cbench -f "$APP/docker-compose.yml" "$@" ;;
    dc-berth)  DOCKER_HOST=$BHOST WEB_PORT=$BPORT NET_BRIDGE=berthcb1 NET_SUBNET=10.80.1.0/24 \
                 docker-compose -p cbench -f "$APP/docker-compose.yml" "$@" ;;
  esac
}
engine_of() { case $1 in *-docker) echo dd_ ;; *) echo bd ;; esac; }
port_of() { case $1 in *-docker) echo "$DPORT" ;; *) echo "$BPORT" ;; esac; }
SETUPS=(dc-docker bc-berth dc-berth)

declare -A TIMES=()
fail() { note "FAILED: $*"; }
# timed SETUP OP ROUND: one `up -d` or `down`, timed; the times of rounds > 0 kept
timed() {
  local id=$1 op=$2 round=$3 s t rc args
  case $op in up) args=(up -d) ;; down) args=(down) ;; esac
  s=$(date +%s%N)
  compose "$id" "${args[@]}" >"$W/last.log" 2>&1; rc=$?
  t=$(ms_since "$s")
  if [ $rc -ne 0 ]; then
    fail "$id ${args[*]} (exit $rc after $t ms): $(tail -5 "$W/last.log" | tr '\n' ' ')"
    { echo "# --- output of the failed $id ${args[*]}:"; tail -30 "$W/last.log" | sed 's/^/#   /'; } >>"$out"
    return $rc
  fi
  echo "  $id $op: $t ms" >&2
  [ "$round" -gt 0 ] && TIMES[$id.$op]="${TIMES[$id.$op]:-} $t"
  return 0
}
# check SETUP ROUND: the 5 containers run; in the warm-up round, the web port answers
check() {
  local id=$1 round=$2 f n o
  f=$(engine_of "$id")
  n=$($f ps -q --filter label=com.docker.compose.project=cbench | wc -l)
  [ "$n" = 5 ] || fail "$id: $n containers running after up -d, not 5: $($f ps -a --format '{{.Names}} {{.Status}}' | tr '\n' ';')"
  if [ "$round" = 0 ]; then
    for _ in $(seq 50); do o=$(curl -s --max-time 1 "http://127.0.0.1:$(port_of "$id")/" 2>/dev/null) && [ "$o" = hello ] && break; sleep 0.1; done
    [ "$o" = hello ] || fail "$id: the web service's published port does not answer"
  fi
}

echo "== compose up -d / down: 1 warm-up round and $COMPOSE_RUNS timed rounds" >&2
for round in $(seq 0 "$COMPOSE_RUNS"); do
  for id in "${SETUPS[@]}"; do
    if timed "$id" up "$round"; then
      check "$id" "$round"
      timed "$id" down "$round"
    else
      compose "$id" down >/dev/null 2>&1
    fi
    # nothing of the project may stay between set-ups (the Berth ones share the engine)
    f=$(engine_of "$id")
    left=$($f ps -aq --filter label=com.docker.compose.project=cbench)
    [ -z "$left" ] || { fail "$id: containers left after down: $left"; $f rm -f $left >/dev/null 2>&1; }
  done
done
for id in dc-docker bc-berth; do compose "$id" down -v >/dev/null 2>&1; done

# ---------------------------------------------------------------- report
log ""
log "## raw times (ms)"
for op in up down; do for id in "${SETUPS[@]}"; do log "$id $op:${TIMES[$id.$op]:- none}"; done; done
log ""
log "## results (median ms; ratio = the set-up / docker-compose -> Docker)"
printf '%-40s %10s %10s %7s  %s\n' measure setup reference ratio goal | tee -a "$out"
row() { # row SETUP OP LABEL GOAL
  local id=$1 op=$2 label=$3 goal=${4:-} a=- d=- r=- verdict=""
  [ -n "${TIMES[$id.$op]:-}" ] && a=$(median ${TIMES[$id.$op]})
  [ -n "${TIMES[dc-docker.$op]:-}" ] && d=$(median ${TIMES[dc-docker.$op]})
  if [ "$a" != - ] && [ "$d" != - ]; then
    r=$(ratio "$a" "$d")
    [ -n "$goal" ] && verdict=$(awk -v r="$r" -v g="$goal" 'BEGIN{print (r <= g) ? "met" : "missed"}')
  fi
  printf '%-40s %10s %10s %7s  %s\n' "$label" "$a" "$d" "$r" "${goal:+<= $goal }$verdict" | tee -a "$out"
}
row dc-docker up "up -d, docker-compose -> Docker"
row bc-berth up "up -d, berth compose -> Berth" 1.0
row dc-berth up "up -d, docker-compose -> Berth"
row dc-docker down "down, docker-compose -> Docker"
row bc-berth down "down, berth compose -> Berth" 1.0
row dc-berth down "down, docker-compose -> Berth"
log "# load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -q '^# FAILED' "$out" && log "# some steps failed: see the FAILED lines above"
echo "results in $out"
