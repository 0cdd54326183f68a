#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the tests and benchmarks: Debian packages only (NuGet and npm
# downloads happen inside the build). Idempotent and quick when everything is there already.
set -euo pipefail

# man-db: the RAG evaluation reads installed manual pages as its corpus. prometheus: promtool unit-tests the alert
# rules, and a system test scrapes the running services with a real Prometheus. redis-server: distributed mode's cache.
packages=(espeak-ng sox ffmpeg poppler-utils wrk postgresql-15 man-db prometheus redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
