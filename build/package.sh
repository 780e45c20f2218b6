#!/usr/bin/env bash
# Makes every BootcPlug package and binary into $ARTIFACTS (default: artifacts/ at the repository root), Release:
#   packages/   the NuGet packages (*.nupkg) and their symbol packages (*.snupkg)
#   bin/linux-x64/bootcplug and bin/linux-x64/plugins/<name>/   the single-file binary and the bundled plugins
#   man/*.1 and completions/   the manual pages and the bash, zsh and fish completion scripts
# Usage: [ARTIFACTS=DIR] bash build/package.sh [STEP...]   (no STEP: every step, in the order of STEPS below)
# Works from a clean clone, offline from the configured NuGet feed, with or without CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO_ROOT=$PWD
ARTIFACTS=$(realpath -m "${ARTIFACTS:-artifacts}")
PACKAGES=$ARTIFACTS/packages
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Each step is one function, named step_<name>, that writes only below $ARTIFACTS. Add a step by writing its function
# and naming it in STEPS.
STEPS=(libraries generator templates tool binary docs)

# Packs a project or a solution filter into $PACKAGES. Release builds are CI builds: source paths in the pdbs are
# mapped to /_/.
pack_project() {
  dotnet pack "$REPO_ROOT/$1" -c Release -p:PackageOutputPath="$PACKAGES" --nologo -v q \
    -p:ContinuousIntegrationBuild=true
}

# The libraries (LibraryPackages in build/Packaging.props, listed again in build/libraries.slnf so that one build
# packs them all): models, plugin contract, composefs and its support package, the formats plugins share.
step_libraries() {
  pack_project build/libraries.slnf
}

# The schema -> C# source generator as an analyzer package (BootcPlug.Schema.Generator).
step_generator() {
  pack_project generators/BootcPlug.Generators
}

# The dotnet new template pack (BootcPlug.Templates, short name bootcplug-plugin).
source "$REPO_ROOT/build/package-template.sh"
step_templates() {
  pack_template "$ARTIFACTS"
}

# The tool package and the single-file binary.
source "$REPO_ROOT/build/package-tool.sh"

# The manual pages and the shell completion scripts, asked of the binary made above.
source "$REPO_ROOT/build/package-docs.sh"

list_artifacts() {
  echo "Made in $ARTIFACTS:"
  (cd "$ARTIFACTS" && find . -type f ! -path './bin/*/plugins/*' ! -name package.log | sed 's|^\./||' | LC_ALL=C sort)
}

main() {
  local steps=("$@") step
  [ ${#steps[@]} -gt 0 ] || steps=("${STEPS[@]}")
  for step in "${steps[@]}"; do
    if ! declare -F "step_$step" >/dev/null; then
      echo "package.sh: unknown step '$step' (steps: ${STEPS[*]})" >&2
      exit 2
    fi
  done
  mkdir -p "$PACKAGES"
  # A copy of everything printed stays in package.log: the packaging tests check it for warnings.
  run_steps "${steps[@]}" 2>&1 | tee "$ARTIFACTS/package.log"
}

run_steps() {
  local step
  for step in "$@"; do
    echo "== $step"
    "step_$step"
  done
  list_artifacts
}

main "$@"
