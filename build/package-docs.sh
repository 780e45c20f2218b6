# Sourced by build/package.sh (step "docs"); also runs alone: [ARTIFACTS=DIR] bash build/package-docs.sh
# Makes, from the command tree of the bootcplug being shipped:
#   man/*.1                   bootcplug.1 and one page per verb and sub-verb (bootcplug man --output)
#   completions/bootcplug.bash, completions/_bootcplug, completions/bootcplug.fish   (bootcplug completion SHELL)
# Uses REPO_ROOT and ARTIFACTS from package.sh.

# The bootcplug to ask: the single-file binary when an earlier step made it (the pages then describe exactly what
# ships), else the CLI built once in Release.
docs_bootcplug() {
  local binary=$ARTIFACTS/bin/linux-x64/bootcplug
  if [ -x "$binary" ]; then
    "$binary" "$@"
  else
    dotnet "$REPO_ROOT/src/BootcPlug.Cli/bin/Release/net10.0/bootcplug.dll" "$@"
  fi
}

step_docs() {
  local man=$ARTIFACTS/man completions=$ARTIFACTS/completions
  rm -rf "$man" "$completions"
  if [ ! -x "$ARTIFACTS/bin/linux-x64/bootcplug" ]; then
    dotnet build "$REPO_ROOT/src/BootcPlug.Cli" -c Release --nologo -v q -p:ContinuousIntegrationBuild=true
  fi
  mkdir -p "$completions"
  # The pages' date is the last commit's, so that the same source gives the same pages.
  if [ -z "${SOURCE_DATE_EPOCH:-}" ] && git -C "$REPO_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    SOURCE_DATE_EPOCH=$(git -C "$REPO_ROOT" log -1 --format=%ct)
    export SOURCE_DATE_EPOCH
  fi
  docs_bootcplug man --output "$man"
  docs_bootcplug completion bash >"$completions/bootcplug.bash"
  docs_bootcplug completion zsh >"$completions/_bootcplug"
  docs_bootcplug completion fish >"$completions/bootcplug.fish"
}

# Run alone (not sourced): the docs step only.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  REPO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
  ARTIFACTS=$(realpath -m "${ARTIFACTS:-$REPO_ROOT/artifacts}")
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  step_docs
  (cd "$ARTIFACTS" && find man completions -type f | LC_ALL=C sort)
fi
