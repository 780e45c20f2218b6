#!/usr/bin/env bash
# The dotnet new template pack, BootcPlug.Templates (short name bootcplug-plugin), into $ARTIFACTS/packages.
# build/package.sh sources this file and calls pack_template; run alone, it packs just the templates:
#   ARTIFACTS=DIR bash build/package-template.sh     (default: artifacts/)

pack_template() {
  local artifacts="${1:-${ARTIFACTS:-artifacts}}"
  dotnet pack src/BootcPlug.Templates/BootcPlug.Templates.csproj -c Release -o "$artifacts/packages" -v q -nologo
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "$0")/.."
  pack_template "${ARTIFACTS:-artifacts}"
fi
