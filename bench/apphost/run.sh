#!/usr/bin/env bash
# Warm start of the AppHost: seconds from `dotnet run --project App.AppHost` to its "Gateway:" line (every service
# healthy), median of N runs, embedded and distributed, with and without dotnet run's incremental build.
# Usage: bench/apphost/run.sh [runs=3]. Builds Release first; each run uses a data directory made by the first run of its mode.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
dotnet build App.AppHost -c Release -nologo -clp:ErrorsOnly >/dev/null

start_once() { # $1: extra dotnet-run flags, $2: data dir, $3: AppHost flags; prints seconds to the Gateway line
  local log; log=$(mktemp)
  local t0; t0=$(date +%s.%N)
  # setsid: its own process group, so the whole run (dotnet run, the AppHost) gets the SIGTERM.
  setsid dotnet run --project App.AppHost -c Release $1 -- --data-dir "$2" --gateway-port 18180 $3 >"$log" 2>&1 &
  local pid=$!
  local deadline=$((SECONDS + 240))
  until grep -q '^Gateway: ' "$log"; do
    if ((SECONDS > deadline)) || ! kill -0 "$pid" 2>/dev/null; then echo "no Gateway line:" >&2; tail -20 "$log" >&2; kill -TERM -- -"$pid" 2>/dev/null; return 1; fi
    sleep 0.1
  done
  local t1; t1=$(date +%s.%N)
  kill -TERM -- -"$pid"; wait "$pid" 2>/dev/null || true
  # DCP stops the services after the AppHost: wait until the port and the dashboard's ports are free again.
  while ss -ltn | grep -qE ':(18180|18888|18889|18890)\b'; do sleep 0.5; done
  rm -f "$log"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for mode in embedded distributed; do
  flags=""; [[ $mode == distributed ]] && flags="--distributed"
  data=$(mktemp -d /tmp/app-bench-apphost-XXXX)
  start_once "--no-build" "$data" "$flags" >/dev/null   # first start: initdb, migrations, secrets
  for build in "--no-build" ""; do
    times=$(for _ in $(seq "$runs"); do start_once "$build" "$data" "$flags"; done)
    printf '%-12s %-22s median %6.1f s   runs: %s\n' "$mode" "${build:-(incremental build)}" \
      "$(echo "$times" | median)" "$(echo $times)"
  done
  rm -rf "$data"
done
