#!/usr/bin/env bash
# Runs every test suite: unit, integration (real PostgreSQL, real ONNX Runtime) and system (the whole app as processes).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
dotnet build App.sln -c Release -nologo -clp:ErrorsOnly
dotnet test App.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
