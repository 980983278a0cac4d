#!/usr/bin/env bash
# Installs Berth on a fresh Debian machine of this kind, starts the stack and runs a container.
#
#   deploy/install.sh            everything: packages, build, launchers, stack, busybox image, greeting
#   deploy/install.sh --deps     only the OS packages and the build (what the test suite needs)
set -euo pipefail
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo=$(dirname "$here")
deps_only=0; [ "${1:-}" = --deps ] && deps_only=1
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- OS packages: the OCI runtime, networking tools, a busybox for the base image, and
#     what the test suite and the acceptance scenarios use (a local registry, htpasswd, jq, script);
#     interop-tests also runs the real containerd (with ctr and its runc shim) over Berth's services
#     and a Python gRPC client of Berth's APIs (Debian's python3-grpcio and python3-grpc-tools).
#     docker-compose (1.29, through docker-py) runs the compose scenario against the gateway.
PACKAGES=(runc tini iproute2 iptables busybox-static curl jq util-linux procps maven docker-registry apache2-utils
          containerd python3-grpcio python3-grpc-tools docker-compose)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "berth: needs Java 25 (Temurin) at $JAVA_HOME; set JAVA_HOME_25 to another Java 25" >&2
  exit 1
fi
# the default docker-registry service is not needed; the scenarios start their own on loopback
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then systemctl stop docker-registry || true; fi

# --- build (generated protobuf/gRPC code included); tests run in deploy/test.sh
say "building"
(cd "$repo" && mvn -q -B -DskipTests install)

[ "$deps_only" = 1 ] && exit 0

# --- launchers on PATH
say "installing launchers into /usr/local/bin"
for f in berth berthd berth-services berth-content berth-snapshotter berth-network berth-shim berth-health berth-java; do
  ln -sf "$here/bin/$f" "/usr/local/bin/$f"
done
ln -sf "$here/berth-stack" /usr/local/bin/berth-stack

# --- ahead-of-time caches of the programs, from a training run of this build (faster start-up)
say "training the ahead-of-time caches (about a minute)"
"$here/aot-train"

# --- the stack
say "starting the stack"
"$here/berth-stack" start
export DOCKER_HOST=unix://${BERTH_STATE:-/run/berth}/berth.sock

# --- busybox:latest from busybox-static, imported through the API (no public registry here)
if ! berth image inspect busybox:latest >/dev/null 2>&1; then
  say "importing busybox:latest"
  "$here/make-busybox-image.sh"
fi

say "running a container"
berth run --rm busybox echo "Hello from Berth! Your container ran through every service."
