#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the tests and benchmarks: Debian packages, then Azurite from npm
# (tools/azurite, pinned by its package-lock.json; NuGet downloads happen inside the build). Idempotent and quick when
# everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

# man-db: the RAG evaluation reads installed manual pages as its corpus. prometheus: promtool unit-tests the alert
# rules, and a system test scrapes the running services with a real Prometheus. redis-server: distributed mode's cache.
packages=(espeak-ng sox ffmpeg poppler-utils wrk postgresql-15 man-db prometheus redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Azurite (the Azure Storage emulator): the distributed AppHost runs it as the blobs resource, the blob tests start it.
if [ ! -x tools/azurite/node_modules/.bin/azurite-blob ]; then
  command -v npm >/dev/null || { echo "npm is missing: apt-get install npm (Azurite comes from npm)" >&2; exit 1; }
  echo "Installing Azurite from npm into tools/azurite"
  (cd tools/azurite && npm ci --no-audit --no-fund --loglevel=error)
fi
