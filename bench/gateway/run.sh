#!/usr/bin/env bash
# Gateway overhead, in one run on this machine, measured with wrk: requests/s, p50 and p99 of small GETs
#   direct     straight to App.Api
#   bare YARP  through bench/gateway/BareYarp (YARP with the gateway's routes, no policies)
#   gateway    through App.Gateway: the anonymous /api/v1/info, and an authenticated route with an API key (X-Api-Key)
# The api refuses an authenticated route without the gateway's internal token (X-Internal-Identity), so the direct and
# bare-YARP rows of that route send one minted here (HS256, the signing key this run gives api and gateway).
# Each row: 32 connections (req/s, p50, p99) and 4 connections (p99), each after a warm-up. The last line is
#   full gateway / bare YARP throughput: R
# with R = the gateway's authenticated route over bare YARP on the same route, req/s at 32 connections.
# Targets (the issue): R >= 0.8; the gateway's added p99 over bare YARP at 4 connections < 1 ms.
# Usage: bench/gateway/run.sh [duration=15s]
# Needs wrk (scripts/install-deps.sh installs it) and python3. Builds Release; services run from their build output
# with the environment the AppHost would inject (SQLite and a blob folder in a temporary directory).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."
duration=${1:-15s}
config=Release
warmup=3s
high=32
low=4

command -v wrk >/dev/null || { echo "wrk is not installed: run scripts/install-deps.sh" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed (free ports, the internal token)" >&2; exit 2; }
for project in App.Api/App.Api.csproj App.Gateway/App.Gateway.csproj bench/gateway/BareYarp/BareYarp.csproj; do
  dotnet build "$project" -c $config -nologo -clp:ErrorsOnly >/dev/null || {
    echo "build failed: $project" >&2; dotnet build "$project" -c $config -nologo -clp:ErrorsOnly >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
gateway_port=$(free_port)
bare_port=$(free_port)
api="http://127.0.0.1:$api_port"
gateway="http://127.0.0.1:$gateway_port"
bare="http://127.0.0.1:$bare_port"
workdir=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "FAILED: $*" >&2; for log in "$workdir"/*.log; do echo "--- $log" >&2; tail -n 40 "$log" >&2; done; exit 1; }

# What the AppHost would inject: one database, blob folder and internal signing key; an admin API key (the bootstrap
# tenant's plan is pro); the reads limits (every GET under /api) raised for the client IP and every plan.
admin_key="sk_benchgw1_$(python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode())')"
signing_key=$(head -c 48 /dev/urandom | base64 -w0)
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
export ConnectionStrings__appdb="Data Source=$workdir/app.db" ConnectionStrings__blobs="$workdir/blobs" App__DataDirectory="$workdir"
export Identity__InternalSigningKey="$signing_key" APP_BOOTSTRAP_ADMIN_KEY="$admin_key"
for plan in ip free pro; do export "Identity__RateLimits__Policies__reads__Limits__$plan=1000000000"; done
export services__api__http__0="$api" services__rag__http__0="$api" services__worker__http__0="$api"

wait_ready() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  fail "not ready after 60 s: $1"
}
ASPNETCORE_URLS="$api" dotnet "App.Api/bin/$config/net10.0/App.Api.dll" >"$workdir/api.log" 2>&1 &
pids+=($!)
wait_ready "$api/api/v1/info"   # api migrates the database and seeds the admin key the gateway looks up
ASPNETCORE_URLS="$gateway" dotnet "App.Gateway/bin/$config/net10.0/App.Gateway.dll" >"$workdir/gateway.log" 2>&1 &
pids+=($!)
ASPNETCORE_URLS="$bare" dotnet "bench/gateway/BareYarp/bin/$config/net10.0/BareYarp.dll" >"$workdir/bare-yarp.log" 2>&1 &
pids+=($!)
wait_ready "$gateway/api/v1/info"
wait_ready "$bare/api/v1/info"

# The internal token the gateway would send to api for the admin key (audience api, 6 hours: the verifier checks exp).
internal_token=$(SIGNING_KEY="$signing_key" python3 - <<'EOF'
import base64, hashlib, hmac, json, os, time, uuid
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
now = int(time.time())
header = {"alg": "HS256", "typ": "JWT"}
claims = {"iss": "app-gateway", "aud": "api", "iat": now, "nbf": now - 60, "exp": now + 6 * 3600,
          "sub": str(uuid.uuid4()), "tid": "00000000-0000-0000-0000-000000000001", "roles": ["admin"],
          "scope": "admin documents predictions", "amr": "ApiKey", "plan": "pro"}
signing_input = b64(json.dumps(header, separators=(",", ":")).encode()) + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
signature = hmac.new(os.environ["SIGNING_KEY"].encode(), signing_input.encode(), hashlib.sha256).digest()
print(signing_input + "." + b64(signature))
EOF
)
key_header="X-Api-Key: $admin_key"
token_header="X-Internal-Identity: $internal_token"

# The authenticated route: /api/v1/me (the caller, no database) when this build has it, else the jobs list.
status() { curl -s -o /dev/null -w '%{http_code}' -H "$2" "$1" || true; }
auth_path=/api/v1/me
if [ "$(status "$gateway$auth_path" "$key_header")" != 200 ]; then
  auth_path="/api/v1/jobs?pageSize=1"
  echo "note: $gateway/api/v1/me does not answer 200 with the API key; the authenticated route is GET $auth_path" >&2
fi
for probe in "$gateway$auth_path|$key_header" "$api$auth_path|$token_header" "$bare$auth_path|$token_header"; do
  code=$(status "${probe%%|*}" "${probe#*|}")
  [ "$code" = 200 ] || fail "GET ${probe%%|*} answered $code, not 200"
done

# wrk prints latencies with units (us, ms, s); normalise to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
# Runs wrk; fails the benchmark on any refused or failed request.
run_wrk() {
  local connections=$1 length=$2 url=$3 header=$4 out
  out=$(wrk -t2 -c"$connections" -d"$length" --latency ${header:+-H "$header"} "$url")
  if grep -qE 'Non-2xx or 3xx responses|Socket errors' <<<"$out"; then
    echo "$out" >&2
    fail "wrk -c$connections $url: some requests were refused or failed (above)"
  fi
  echo "$out"
}
# measure URL [HEADER] -> "req/s p50 p99" at 32 connections, then "p99" at 4 connections.
measure() {
  local url=$1 header=${2:-} out rps p50 p99 p99_low
  run_wrk $high "$warmup" "$url" "$header" >/dev/null
  out=$(run_wrk $high "$duration" "$url" "$header")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  run_wrk $low "$warmup" "$url" "$header" >/dev/null
  out=$(run_wrk $low "$duration" "$url" "$header")
  p99_low=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "$rps $p50 $p99 $p99_low"
}

echo "measuring 6 rows, each ${duration} at $high and at $low connections after ${warmup} warm-ups" >&2
figures=$(measure "$api/api/v1/info"); read -r d_info_rps d_info_p50 d_info_p99 d_info_low <<<"$figures"
figures=$(measure "$bare/api/v1/info"); read -r b_info_rps b_info_p50 b_info_p99 b_info_low <<<"$figures"
figures=$(measure "$gateway/api/v1/info"); read -r g_info_rps g_info_p50 g_info_p99 g_info_low <<<"$figures"
figures=$(measure "$api$auth_path" "$token_header"); read -r d_auth_rps d_auth_p50 d_auth_p99 d_auth_low <<<"$figures"
figures=$(measure "$bare$auth_path" "$token_header"); read -r b_auth_rps b_auth_p50 b_auth_p99 b_auth_low <<<"$figures"
figures=$(measure "$gateway$auth_path" "$key_header"); read -r g_auth_rps g_auth_p50 g_auth_p99 g_auth_low <<<"$figures"
for v in "$d_info_rps" "$b_info_rps" "$g_info_rps" "$d_auth_rps" "$b_auth_rps" "$g_auth_rps" "$g_auth_low" "$b_auth_low"; do
  [ -n "$v" ] || fail "a measurement printed no figures"
done

# Each row against bare YARP on the same path: throughput ratio at 32 connections, added p99 at 4 connections.
row() { awk -v n="$1" -v r="$2" -v p50="$3" -v p99="$4" -v low="$5" -v br="$6" -v blow="$7" \
  'BEGIN { printf "%-50s %10.0f %8.3f %8.3f %10.2f %10.3f %14.3f\n", n, r, p50, p99, r / br, low, low - blow }'; }
echo
echo "authenticated route: GET $auth_path"
printf '%-50s %10s %8s %8s %10s %10s %14s\n' "row (32 connections unless noted)" "req/s" "p50 ms" "p99 ms" "/bare YARP" "p99 ms @4" "added p99 @4"
row "direct, GET /api/v1/info" "$d_info_rps" "$d_info_p50" "$d_info_p99" "$d_info_low" "$b_info_rps" "$b_info_low"
row "bare YARP, GET /api/v1/info" "$b_info_rps" "$b_info_p50" "$b_info_p99" "$b_info_low" "$b_info_rps" "$b_info_low"
row "gateway, GET /api/v1/info (anonymous)" "$g_info_rps" "$g_info_p50" "$g_info_p99" "$g_info_low" "$b_info_rps" "$b_info_low"
row "direct, authenticated (internal token)" "$d_auth_rps" "$d_auth_p50" "$d_auth_p99" "$d_auth_low" "$b_auth_rps" "$b_auth_low"
row "bare YARP, authenticated (internal token)" "$b_auth_rps" "$b_auth_p50" "$b_auth_p99" "$b_auth_low" "$b_auth_rps" "$b_auth_low"
row "gateway, authenticated (API key)" "$g_auth_rps" "$g_auth_p50" "$g_auth_p99" "$g_auth_low" "$b_auth_rps" "$b_auth_low"
echo "(ratio and added p99: against bare YARP on the same path; $(nproc) cores, wrk -t2 -d$duration; wrk, proxies and api share the machine)"
ratio=$(awk -v g="$g_auth_rps" -v b="$b_auth_rps" 'BEGIN { printf "%.2f", g / b }')
added=$(awk -v g="$g_auth_low" -v b="$b_auth_low" 'BEGIN { printf "%.3f", g - b }')
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "missed") }'; }
echo "targets: full gateway / bare YARP throughput >= 0.8: $ratio, $(verdict "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.8) }')");" \
  "added p99 over bare YARP at $low connections < 1 ms: $added ms, $(verdict "$(awk -v a="$added" 'BEGIN { print (a < 1) }')")"
echo "full gateway / bare YARP throughput: $ratio"
