#!/usr/bin/env bash
# Builds the benchmarks in Release and runs them; tables go to stdout, progress to stderr.
#   ./benchmarks/run.sh              all four with their defaults (P1 needs root: it boots systemd in its own namespace)
#   ./benchmarks/run.sh p2 p3        only some of them
#   ./benchmarks/run.sh p3 --sizes 1000,10000 --runs 5
# Options: --runs N (default 3), --nodes N and --batch N (P1: 50 and 10; P3 batch: 100), --binary-mib N (P1: 20),
# --artifact-mib N (P2: 1024), --sizes A,B,C (P3: 1000,10000,100000), --work-dir DIR (default /var/tmp/upgrade-bench).
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=${BENCH_ARTIFACTS:-artifacts/benchmarks}
dotnet build benchmarks/Upgrade.Benchmarks/Upgrade.Benchmarks.csproj -c Release -warnaserror --artifacts-path "$artifacts" >&2
exec dotnet "$artifacts/bin/Upgrade.Benchmarks/release/Upgrade.Benchmarks.dll" "${@:-all}"
