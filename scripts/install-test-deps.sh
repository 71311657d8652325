#!/usr/bin/env bash
# Installs, from Debian apt, the system programs Ringcast's full test suite needs, when missing.
# Idempotent: when every command is already on the PATH it returns at once, without calling apt.
#
#   scripts/install-test-deps.sh && mvn -B -ntp verify
#
# To require another program, add one "need <command> <debian-package>..." line below.
set -euo pipefail

missing_packages=()

# need COMMAND PACKAGE... : queue PACKAGE(s) for installation unless COMMAND is on the PATH.
need() {
  local command_name=$1
  shift
  if ! command -v "$command_name" >/dev/null 2>&1; then
    missing_packages+=("$@")
  fi
}

need chromium     chromium          # the browser the transports' browser tests drive
need chromedriver chromium-driver   # WebDriver for it, matching its version (Debian builds both)
need node         nodejs            # runs the example APIs' own Node.js SDKs (npm ci installs them)
need npm          npm
need redis-server redis-server      # cluster-redis's tests start their own, on a free port, without persistence

if [ ${#missing_packages[@]} -eq 0 ]; then
  echo "install-test-deps: nothing to do, every test dependency is installed"
  exit 0
fi

# De-duplicate (two commands may come from one package) while keeping the order.
mapfile -t packages < <(printf '%s\n' "${missing_packages[@]}" | awk '!seen[$0]++')

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-test-deps: need root to install ${packages[*]}: run this script as root or install sudo" >&2
    exit 1
  fi
fi

# apt's own output only matters when it fails: keep it, and show it then.
apt_log=$(mktemp)
trap 'rm -f "$apt_log"' EXIT
if ! { ${as_root[@]+"${as_root[@]}"} apt-get update \
    && ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y --no-install-recommends "${packages[@]}"; } >"$apt_log" 2>&1; then
  cat "$apt_log" >&2
  echo "install-test-deps: failed to install ${packages[*]} with apt-get (its output is above)" >&2
  exit 1
fi
echo "install-test-deps: installed ${packages[*]}"
