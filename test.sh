#!/usr/bin/env bash
# Runs every test suite: unit, integration (real PostgreSQL, real ONNX Runtime) and system (the real AppHost through
# Aspire.Hosting.Testing), then the system suites again in distributed mode (APP_TEST_MODE=distributed: PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
dotnet build App.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
status=0
dotnet test App.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
for suite in App.SystemTests App.Predictions.Tests App.Rag.SystemTests App.Security.Tests App.Extractions.Tests; do
  APP_TEST_MODE=distributed dotnet test "tests/$suite" -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log" || status=$?
done
# One closing line for the whole run, summed over the test assemblies' summaries.
awk '/^(Passed|Failed)! +- +Failed:/ { gsub(/,/, ""); f += $4; p += $6; s += $8 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
