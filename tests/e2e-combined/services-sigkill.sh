#!/usr/bin/env bash
# SIGKILL of berth-services (the content store, snapshotter and network service in one process:
# BERTH_LAYOUT=combined) while a container runs and berthd stays up. The container keeps running
# and stays reachable on its bridge; once berth-services is started again, ps lists it Up, a new
# container runs and reaches it, both stop and are removed, and neither leaves a network
# namespace behind. Runs against the stack that deploy/berth-stack manages (BERTH_STATE), through
# the CLI named by CLI (default docker); deploy/test.sh runs it in its combined-layout pass.
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
stack=$here/../../deploy/berth-stack
CLI=${CLI:-docker}
STATE=${BERTH_STATE:-/run/berth}
name=e2e-svckill-$$
# a failure leaves the stack as it found it: berth-services running, the container gone
fail() {
  echo "FAIL services-sigkill: $*" >&2
  "$stack" start services >/dev/null 2>&1 || true
  "$CLI" rm -f "$name" >/dev/null 2>&1 || true
  exit 1
}

[ -e "$STATE/services.pid" ] || fail "no berth-services process: run it with BERTH_LAYOUT=combined"
"$CLI" run -d --name "$name" busybox sh -c 'trap "exit 3" TERM; while true; do sleep 0.2; done' >/dev/null
id=$("$CLI" inspect -f '{{.Id}}' "$name")
pid=$("$CLI" inspect -f '{{.State.Pid}}' "$name")
ip=$("$CLI" inspect -f '{{.NetworkSettings.IPAddress}}' "$name")
[ "$pid" -gt 0 ] && [ -n "$ip" ] || fail "no pid or address"

kill -KILL "$(cat "$STATE/services.pid")"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "the container died with berth-services"
busybox ping -c 1 -W 2 "$ip" >/dev/null || fail "the container's address $ip no longer answers while berth-services is down"
"$stack" start services >/dev/null

"$CLI" ps --format '{{.Names}} {{.Status}}' | grep -q "^$name Up" || fail "ps does not list it as Up after the restart"
"$CLI" run --rm busybox ping -c 1 -W 2 "$ip" >/dev/null || fail "a new container cannot run or cannot reach $ip"
( sleep 1; "$CLI" kill -s TERM "$name" >/dev/null ) &
code=$("$CLI" wait "$name") || fail "wait failed"
wait
[ "$code" = 3 ] || fail "wait gave '$code', expected 3"
"$CLI" rm "$name" >/dev/null
netns=berth-${id:0:12}
[ ! -e "/run/netns/$netns" ] || fail "its network namespace $netns is left"
echo "ok   services-sigkill"
