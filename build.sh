#!/usr/bin/env bash
# The one entry point for building and testing the SDK.
#   ./build.sh test    install what the integration tests need, build with warnings as errors, run every test
#                      project, and print the totals on the last line: "tests: N passed, N failed, N skipped"
#   ./build.sh build   restore and build only
#   ./build.sh pack    build the NuGet packages into artifacts/packages
#   ./build.sh bench [p1 p2 p3 p4] [options]
#                      run the benchmarks (benchmarks/README.md); P1 needs root
set -euo pipefail
cd "$(dirname "$0")"

configuration=Release
command=${1:-test}

install_prerequisites() {
  # The integration tests start a real systemd, dockerd and registry, and a headless Chromium for the dashboard;
  # they need root and these Debian packages.
  if [ "$(id -u)" != "0" ]; then
    echo "build.sh: not root, skipping package installs (integration tests will skip, or fail under CI=true)" >&2
    return 0
  fi
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  [ -x /bin/busybox ] && busybox --help 2>&1 | head -1 | grep -q static || missing+=(busybox-static)
  [ -x /lib/systemd/systemd ] || missing+=(systemd)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "build.sh: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build() {
  dotnet restore Sdk.sln
  dotnet build Sdk.sln --no-restore -c "$configuration" -warnaserror
}

run_tests() {
  local log
  log=$(mktemp)
  set +e
  # A test that hangs aborts its project after 15 minutes of no test finishing, naming the test, instead of running
  # into the CI time limit; no test of the suite comes close to that (the longest project takes about 7 minutes).
  dotnet test Sdk.sln --no-build -c "$configuration" --blame-hang-timeout 15m --blame-hang-dump-type none 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  # Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13, ...").
  local totals
  # An aborted project still prints a summary of the tests that finished; the test it names as running counts as failed.
  totals=$(awk -F'[:,]' '
    /^(Passed|Failed)! +- Failed: / { failed += $2; passed += $4; skipped += $6; projects++ }
    aborted && NF == 0 { aborted = 0 }
    aborted { failed++ }
    /^The test running when the crash occurred:/ { aborted = 1 }
    END { printf "%d %d %d %d", passed, failed, skipped, projects }' "$log")
  rm -f "$log"
  read -r passed failed skipped projects <<<"$totals"
  local expected
  expected=$(find tests -name '*.Tests.csproj' -o -name '*.IntegrationTests.csproj' | wc -l)
  if [ "$projects" -lt "$expected" ] && [ "$status" -eq 0 ]; then
    echo "build.sh: only $projects of $expected test projects reported results" >&2
    status=1
  fi
  echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
  return "$status"
}

case "$command" in
  build) build ;;
  pack) build; dotnet pack Sdk.sln --no-build -c "$configuration" -o artifacts/packages ;;
  test) install_prerequisites; build; run_tests ;;
  bench) shift; exec ./benchmarks/run.sh "$@" ;;
  *) echo "usage: ./build.sh [test|build|pack|bench]" >&2; exit 2 ;;
esac
