#!/usr/bin/env bash
# Gateway overhead: requests/s and p50/p99 latency of a small GET (/api/v1/info) straight to Api and through the gateway,
# measured with wrk in one run on this machine, then the ratios the Foundation issue targets
# (through-gateway throughput >= 0.85 of direct; added p99 < 2 ms).
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
workdir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$workdir"; }
trap cleanup EXIT

export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
ConnectionStrings__appdb="Data Source=$workdir/app.db" ConnectionStrings__blobs="$workdir/blobs" \
  ASPNETCORE_URLS="http://127.0.0.1:$api_port" dotnet "App.Api/bin/$config/net10.0/App.Api.dll" >"$workdir/api.log" 2>&1 &
pids+=($!)
services__api__http__0="http://127.0.0.1:$api_port" services__rag__http__0="http://127.0.0.1:$api_port" \
  services__worker__http__0="http://127.0.0.1:$api_port" \
  ASPNETCORE_URLS="http://127.0.0.1:$gateway_port" dotnet "App.Gateway/bin/$config/net10.0/App.Gateway.dll" >"$workdir/gateway.log" 2>&1 &
pids+=($!)

wait_ready() {
  for _ in $(seq 1 150); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; cat "$workdir"/*.log >&2; exit 1
}
wait_ready "http://127.0.0.1:$api_port/api/v1/info"
wait_ready "http://127.0.0.1:$gateway_port/api/v1/info"

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
read -r gw_rps gw_p50 gw_p99 < <(measure "http://127.0.0.1:$gateway_port/api/v1/info")

printf '%-16s %12s %10s %10s\n' path "requests/s" "p50 ms" "p99 ms"
printf '%-16s %12s %10s %10s\n' direct "$direct_rps" "$direct_p50" "$direct_p99"
printf '%-16s %12s %10s %10s\n' "through gateway" "$gw_rps" "$gw_p50" "$gw_p99"
awk -v d="$direct_rps" -v g="$gw_rps" -v dp="$direct_p99" -v gp="$gw_p99" 'BEGIN {
  printf "throughput ratio (gateway/direct): %.3f (target >= 0.85)\n", g / d
  printf "added p99 latency: %.3f ms (target < 2 ms)\n", gp - dp
}'
echo "($(nproc) cores; wrk -t2 -c$connections -d$duration; wrk, gateway and api share the machine)"
