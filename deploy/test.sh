#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind:
#   1. OS packages and the build (deploy/install.sh --deps)
#   2. every module's JUnit tests (mvn verify): each service driven through its socket
#   3. a Berth stack of its own (temporary state and root, its own bridge), and the
#      acceptance scenarios that pass so far (.ci/seed-scenarios.txt) with the real docker
#      CLI and with berth's.
set -uo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo=$(dirname "$here")
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
status=0

"$here/install.sh" --deps || exit 1

echo "==> unit and service tests"
(cd "$repo" && mvn -B verify) || status=1

echo "==> acceptance scenarios against a test stack"
export BERTH_STATE=${BERTH_TEST_STATE:-/tmp/berth-test/state}
export BERTH_ROOT=${BERTH_TEST_ROOT:-/tmp/berth-test/root}
export BERTH_BRIDGE=berthci0 BERTH_SUBNET=10.69.0.0/24 BERTH_CHAINS=BERTHCI BERTH_POOL=10.70.0.0/16
export BERTH_CACHE_DIR=/tmp/berth-test/cache
export DOCKER_HOST=unix://$BERTH_STATE/berth.sock
export PATH=$here/bin:$PATH
# shellcheck source=deploy/lib/host-cleanup.sh
source "$here/lib/host-cleanup.sh"
cleanup() {
  local ids
  ids=$(berth ps -aq 2>/dev/null) && [ -n "$ids" ] && berth rm -f $ids >/dev/null 2>&1
  "$here/berth-stack" stop
  # the test stack's leftovers: its bridges, iptables chains, mounts, runc state and data (the
  # network service keeps its bridges and rules when it stops, as Docker does)
  remove_stack_leftovers
  rm -rf /tmp/berth-test
}
rm -rf /tmp/berth-test
# the programs' ahead-of-time caches, as install.sh makes them, so that the stack below runs with them
echo "==> ahead-of-time caches (deploy/aot-train)"
"$here/aot-train" || status=1
if "$here/berth-stack" start; then
  CLI=berth "$here/make-busybox-image.sh" >/dev/null || status=1
  mapfile -t scenarios < <(grep -Ev '^\s*(#|$)' "$repo/.ci/seed-scenarios.txt")
  seed=$repo/../shared/acceptance/seed-scenarios.sh
  echo "==> end-to-end checks"
  for check in "$repo"/tests/e2e/*.sh; do
    for cli in docker berth; do CLI=$cli bash "$check" || status=1; done
  done
  # with no names the kit would run every scenario, passing or not
  if [ ${#scenarios[@]} -gt 0 ]; then
    for cli in docker berth; do
      # compose scenarios: docker-compose 1.29 with docker's CLI, Berth's own compose with berth
      compose=docker-compose; [ "$cli" = berth ] && compose="berth compose"
      echo "==> seed scenarios with CLI=$cli COMPOSE='$compose' (every container in one shim host)"
      CLI=$cli COMPOSE=$compose bash "$seed" "${scenarios[@]}" || status=1
    done
    # the container scenarios again with a shim host per container (shim.group-size=1), and the
    # services in a process of their own beside berthd (the combined layout)
    mapfile -t container_scenarios < <(printf '%s\n' "${scenarios[@]}" | grep -E '^(ctr_|sys_)')
    if [ ${#container_scenarios[@]} -gt 0 ]; then
      ids=$(berth ps -aq 2>/dev/null) && [ -n "$ids" ] && berth rm -f $ids >/dev/null 2>&1
      "$here/berth-stack" stop
      if BERTH_SHIM_GROUP_SIZE=1 BERTH_LAYOUT=combined "$here/berth-stack" start; then
        echo "==> end-to-end checks of the combined layout"
        for check in "$repo"/tests/e2e-combined/*.sh; do
          for cli in docker berth; do BERTH_SHIM_GROUP_SIZE=1 BERTH_LAYOUT=combined CLI=$cli bash "$check" || status=1; done
        done
        for cli in docker berth; do
          echo "==> container scenarios with CLI=$cli (a shim host per container, BERTH_LAYOUT=combined)"
          CLI=$cli bash "$seed" "${container_scenarios[@]}" || status=1
        done
      else
        status=1
      fi
    fi
  fi
else
  status=1
fi
cleanup
exit $status
