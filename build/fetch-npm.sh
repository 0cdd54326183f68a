#!/usr/bin/env bash
# Downloads one npm package with `npm pack` (never `npm install`: no scripts run, no dependencies resolved)
# and extracts only the listed paths into DEST. Parallel builds may race on the same DEST, so the work happens
# in a private temporary folder that is renamed into place in one step; the loser of the race discards its copy.
#
# usage: fetch-npm.sh SPEC DEST PATH_IN_TARBALL...
set -euo pipefail

spec="$1"
dest="$2"
shift 2

if [[ -f "$dest/.complete" ]]; then
  exit 0
fi

if ! command -v npm > /dev/null; then
  echo "fetch-npm.sh: npm is needed once to fetch $spec into $dest (Debian: apt-get install npm)" >&2
  exit 1
fi

parent="$(dirname "$dest")"
mkdir -p "$parent"
work="$(mktemp -d "$parent/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$work" && npm pack "$spec" --silent --pack-destination "$work" | tail -n 1)"
mkdir "$work/out"
tar -xzf "$work/$tarball" -C "$work/out" "$@"
touch "$work/out/.complete"

if ! mv -T "$work/out" "$dest" 2>/dev/null; then
  if [[ ! -f "$dest/.complete" ]]; then
    echo "fetch-npm.sh: could not move $spec into $dest" >&2
    exit 1
  fi
fi
