#!/usr/bin/env bash
# Runs the whole test suite and ends with one plain summary line: "N passed, N failed[, N skipped]".
# Extra arguments go to `dotnet test` (for example --filter).
#
# The run fails, whatever `dotnet test` says, when build/package.sh fails, when a C# line is longer than
# .editorconfig allows (build/check-line-length.sh), when a test errored, timed out or was aborted, when a test project
# left no results, or when fewer tests passed than the floor in build/test-floor (a whole project silently not
# running must not look green). A filtered run (extra arguments) is not held to the floor.
set -uo pipefail
cd "$(dirname "$0")/.."
style_failures=0
if ! bash build/check-line-length.sh; then style_failures=1; fi
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
# The packaging tests (tests/BootcPlug.Packaging.Tests) test what build/package.sh makes. A whole run makes it once,
# here, before any test builds in the same obj/ folders; a filtered run leaves it to those tests, which make it
# themselves when they are selected. BOOTCPLUG_TEST_ARTIFACTS names a folder made before, to skip this.
if [ "$#" -eq 0 ] && [ -z "${BOOTCPLUG_TEST_ARTIFACTS:-}" ]; then
  export BOOTCPLUG_TEST_ARTIFACTS="$results/artifacts"
  if ! ARTIFACTS="$BOOTCPLUG_TEST_ARTIFACTS" bash build/package.sh >"$results/package.out" 2>&1; then
    cat "$results/package.out" >&2
    echo "test.sh: build/package.sh failed (output above)" >&2
    package_failed=1
  fi
fi
dotnet test BootcPlug.sln --logger trx --results-directory "$results" "$@"
status=$?
passed=0 failed=0 skipped=0 reports=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  reports=$((reports + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { local v; v=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"); echo "${v:-0}"; }
  total=$(value total); executed=$(value executed)
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + total - executed))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count that as a failure.
  echo "test.sh: dotnet test exited with $status but no test reported a failure" >&2
  failed=1
fi
projects=$(grep -c 'Tests\.csproj' BootcPlug.sln)
if [ "$#" -eq 0 ]; then
  floor=$(tr -dc '0-9' < build/test-floor)
  if [ "$reports" -lt "$projects" ]; then
    echo "test.sh: only $reports of $projects test projects reported results" >&2
    failed=$((failed + 1)); status=1
  fi
  if [ "$passed" -lt "$floor" ]; then
    echo "test.sh: $passed tests passed, fewer than the floor of $floor in build/test-floor" >&2
    failed=$((failed + 1)); status=1
  fi
fi
if [ "${package_failed:-0}" -eq 1 ]; then
  failed=$((failed + 1)); status=1
fi
if [ "$style_failures" -gt 0 ]; then
  echo "test.sh: source lines longer than the limit (see above)" >&2
  failed=$((failed + 1)); status=1
fi
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  [ "$failed" -gt 0 ] || failed=1
  status=1
fi
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
