#!/usr/bin/env bash
# Gateway overhead: requests/s and p50/p99 latency of a small GET (/api/v1/info, anonymous) straight to Api and through
# the gateway, measured with wrk in one run on this machine, then the ratios the Foundation issue targets
# (through-gateway throughput >= 0.85 of direct; added p99 < 2 ms). Two gateway rows: the forwarder alone
# (authentication and rate limits off) and the full gateway, whose per-IP rate limit costs one database upsert per
# request (limits raised so that wrk is not refused).
# Usage: bench/gateway/run.sh [duration=15s] [connections=32]
# Needs wrk (scripts/install-deps.sh installs it). Builds Release; services run from their build output.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15s}
connections=${2:-32}
config=Release

command -v wrk >/dev/null || { echo "wrk is not installed: run scripts/install-deps.sh" >&2; exit 2; }
dotnet build App.Gateway/App.Gateway.csproj -c $config -nologo -clp:ErrorsOnly >/dev/null
dotnet build App.Api/App.Api.csproj -c $config -nologo -clp:ErrorsOnly >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
gateway_port=$(free_port)
forwarder_port=$(free_port)
workdir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$workdir"; }
trap cleanup EXIT

# What the AppHost would inject: one database, blob folder and internal signing key.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export ConnectionStrings__appdb="Data Source=$workdir/app.db" ConnectionStrings__blobs="$workdir/blobs" App__DataDirectory="$workdir"
export Identity__InternalSigningKey=$(head -c 48 /dev/urandom | base64)
export Identity__RateLimits__Policies__reads__Limits__ip=1000000000
export services__api__http__0="http://127.0.0.1:$api_port" services__rag__http__0="http://127.0.0.1:$api_port" \
  services__worker__http__0="http://127.0.0.1:$api_port"
ASPNETCORE_URLS="http://127.0.0.1:$api_port" dotnet "App.Api/bin/$config/net10.0/App.Api.dll" >"$workdir/api.log" 2>&1 &
pids+=($!)
wait_ready_early() { for _ in $(seq 1 150); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; }
wait_ready_early "http://127.0.0.1:$api_port/alive"   # api creates the identity tables the gateway uses
ASPNETCORE_URLS="http://127.0.0.1:$gateway_port" dotnet "App.Gateway/bin/$config/net10.0/App.Gateway.dll" >"$workdir/gateway.log" 2>&1 &
pids+=($!)
Gateway__Authentication__Enabled=false ASPNETCORE_URLS="http://127.0.0.1:$forwarder_port" \
  dotnet "App.Gateway/bin/$config/net10.0/App.Gateway.dll" >"$workdir/forwarder.log" 2>&1 &
pids+=($!)

wait_ready() {
  for _ in $(seq 1 150); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; cat "$workdir"/*.log >&2; exit 1
}
wait_ready "http://127.0.0.1:$api_port/api/v1/info"
wait_ready "http://127.0.0.1:$gateway_port/api/v1/info"
wait_ready "http://127.0.0.1:$forwarder_port/api/v1/info"

# wrk prints latencies with units (us, ms, s); normalise to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
measure() {
  local url=$1 out
  wrk -t2 -c"$connections" -d3s "$url" >/dev/null   # warm-up: JIT, connection pools
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$url")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "$rps $p50 $p99"
}

read -r direct_rps direct_p50 direct_p99 < <(measure "http://127.0.0.1:$api_port/api/v1/info")
read -r fw_rps fw_p50 fw_p99 < <(measure "http://127.0.0.1:$forwarder_port/api/v1/info")
read -r gw_rps gw_p50 gw_p99 < <(measure "http://127.0.0.1:$gateway_port/api/v1/info")

row() { awk -v n="$1" -v r="$2" -v p50="$3" -v p99="$4" -v d="$direct_rps" -v dp="$direct_p99" \
  'BEGIN { printf "%-28s %12.0f %9.3f %9.3f %14.3f %14.3f\n", n, r, p50, p99, r / d, p99 - dp }'; }
printf '%-28s %12s %9s %9s %14s %14s\n' path "requests/s" "p50 ms" "p99 ms" "ratio/direct" "added p99 ms"
row direct "$direct_rps" "$direct_p50" "$direct_p99"
row "gateway, forwarder only" "$fw_rps" "$fw_p50" "$fw_p99"
row "gateway, auth + rate limit" "$gw_rps" "$gw_p50" "$gw_p99"
echo "targets: ratio >= 0.85, added p99 < 2 ms"
echo "($(nproc) cores; wrk -t2 -c$connections -d$duration; wrk, gateway and api share the machine)"
