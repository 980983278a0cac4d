#!/usr/bin/env bash
# SIGKILL of the gateway while a container runs: the container keeps running; after the
# gateway restarts, `ps` lists it and `logs` and `wait` work. Runs against the stack that
# deploy/berth-stack manages (BERTH_STATE), through the CLI named by CLI (default docker).
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
stack=$here/../../deploy/berth-stack
CLI=${CLI:-docker}
STATE=${BERTH_STATE:-/run/berth}
name=e2e-sigkill-$$
fail() { echo "FAIL gateway-sigkill: $*" >&2; "$CLI" rm -f "$name" >/dev/null 2>&1 || true; exit 1; }

"$CLI" run -d --name "$name" busybox sh -c 'echo before; trap "exit 3" TERM; while true; do sleep 0.2; done' >/dev/null
sleep 1
pid=$("$CLI" inspect -f '{{.State.Pid}}' "$name")
[ "$pid" -gt 0 ] || fail "no pid"

kill -KILL "$(cat "$STATE/berthd.pid")"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "the container died with the gateway"
"$stack" start berthd >/dev/null

"$CLI" ps --format '{{.Names}} {{.Status}}' | grep -q "^$name Up" || fail "ps does not list it as Up after the restart"
"$CLI" logs "$name" | grep -qx before || fail "logs lost"
( sleep 1; "$CLI" kill -s TERM "$name" >/dev/null ) &
code=$("$CLI" wait "$name") || fail "wait failed"
wait
[ "$code" = 3 ] || fail "wait gave '$code', expected 3"
"$CLI" rm "$name" >/dev/null
echo "ok   gateway-sigkill"
