#!/usr/bin/env bash
# A 3-service application through Berth's compose (or the one named by COMPOSE): a web
# service built from a Dockerfile and published on loopback, a key-value service with a
# healthcheck that the web service waits for (service_healthy), and a worker that reaches
# the key-value service by its name. Then one service's environment changes and `up -d`
# runs again: only that service's container is recreated. `down -v` leaves nothing.
# Checks through the CLI named by CLI (default docker) against DOCKER_HOST.
set -euo pipefail
CLI=${CLI:-docker}
COMPOSE=${COMPOSE:-berth compose}
port=18790
dir=$(mktemp -d /tmp/e2e-compose.XXXXXX)
project=e2eapp$$
fail() { echo "FAIL compose-app ($COMPOSE): $*" >&2; (cd "$dir" && $COMPOSE -p "$project" down -v >/dev/null 2>&1) || true; rm -rf "$dir"; exit 1; }

mkdir -p "$dir/web"
printf 'FROM busybox\nRUN mkdir -p /www && echo web-ok > /www/index.html\nCMD ["httpd", "-f", "-p", "8000", "-h", "/www"]\n' >"$dir/web/Dockerfile"
cat >"$dir/compose.yaml" <<YAML
services:
  web:
    build: ./web
    ports:
      - "127.0.0.1:$port:8000"
    depends_on:
      kv:
        condition: service_healthy
  kv:
    image: busybox
    command: ["sh", "-c", "mkdir -p /data && echo 42 > /data/count && httpd -f -p 6379 -h /data"]
    volumes:
      - "kvdata:/data"
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:6379/count"]
      interval: 1s
      retries: 20
  worker:
    image: busybox
    environment:
      MODE: \${MODE:-first}
    command: ["sh", "-c", "while true; do echo \"\$\$MODE \$\$(wget -q -O- http://kv:6379/count)\"; sleep 1; done"]
    depends_on:
      - kv
volumes:
  kvdata: {}
YAML
cd "$dir"
$COMPOSE -p "$project" up -d >/dev/null 2>"$dir/up.log" || fail "up failed: $(tail -5 "$dir/up.log")"
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/index.html" >/dev/null 2>&1 && break; sleep 0.2; done
[ "$(curl -fsS "http://127.0.0.1:$port/index.html")" = web-ok ] || fail "the web service does not answer on 127.0.0.1:$port"
[ "$("$CLI" inspect -f '{{.State.Health.Status}}' "$project-kv-1")" = healthy ] || fail "kv is not healthy although web started"
seen=""
for _ in $(seq 30); do seen=$($COMPOSE -p "$project" logs worker 2>&1 | grep -c "first 42" || true); [ "$seen" -gt 0 ] && break; sleep 0.5; done
[ "$seen" -gt 0 ] || fail "the worker did not reach kv by name: $($COMPOSE -p "$project" logs worker 2>&1 | tail -3)"
ids_before=$("$CLI" ps -q --no-trunc --filter "label=com.docker.compose.project=$project" | sort)
web_before=$("$CLI" inspect -f '{{.Id}}' "$project-web-1"); kv_before=$("$CLI" inspect -f '{{.Id}}' "$project-kv-1")
worker_before=$("$CLI" inspect -f '{{.Id}}' "$project-worker-1")
[ "$(wc -l <<<"$ids_before")" = 3 ] || fail "expected 3 containers, got: $ids_before"

MODE=second $COMPOSE -p "$project" up -d >/dev/null 2>"$dir/up2.log" || fail "second up failed: $(tail -5 "$dir/up2.log")"
[ "$("$CLI" inspect -f '{{.Id}}' "$project-web-1")" = "$web_before" ] || fail "web was recreated although it did not change"
[ "$("$CLI" inspect -f '{{.Id}}' "$project-kv-1")" = "$kv_before" ] || fail "kv was recreated although it did not change"
worker_after=$("$CLI" inspect -f '{{.Id}}' "$project-worker-1")
[ "$worker_after" != "$worker_before" ] || fail "the worker was not recreated after its environment changed"
"$CLI" inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$project-worker-1" | grep -qx MODE=second || fail "the worker lacks MODE=second"

# a second project asking for the same host port: refused, and the error says which file, line and key
mkdir -p "$dir/other"
printf 'services:\n  web:\n    image: busybox\n    command: ["sleep", "30"]\n    ports:\n      - "127.0.0.1:%s:80"\n' "$port" >"$dir/other/compose.yaml"
taken=$(cd "$dir/other" && $COMPOSE -p "${project}b" up -d 2>&1) && fail "a second project took port $port"
(cd "$dir/other" && $COMPOSE -p "${project}b" down >/dev/null 2>&1) || true
case $COMPOSE in
  "berth compose") grep -q "compose.yaml:5: services.web.ports: .*port is already allocated" <<<"$taken" || fail "unclear port error: $taken" ;;
  *) grep -q "port is already allocated" <<<"$taken" || fail "unclear port error: $taken" ;;
esac

$COMPOSE -p "$project" down -v >/dev/null 2>&1 || fail "down failed"
left=$("$CLI" ps -aq --filter "label=com.docker.compose.project=$project" | wc -l)
[ "$left" = 0 ] || fail "$left containers left after down"
"$CLI" network inspect "${project}_default" >/dev/null 2>&1 && fail "the project's network is left after down"
"$CLI" volume inspect "${project}_kvdata" >/dev/null 2>&1 && fail "the project's volume is left after down -v"
cd / && rm -rf "$dir"
echo "ok   compose-app ($COMPOSE)"
