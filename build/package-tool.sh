#!/usr/bin/env bash
# The tool package and the single-file binary: functions that build/package.sh calls (source this file).
# Both take the artifacts folder as their only argument and write into ARTIFACTS/packages and ARTIFACTS/bin/linux-x64.

# bootcplug.<version>.nupkg: the CLI as a .NET tool with the bundled plugins in tools/<tfm>/any/plugins/.
package_tool() {
  local artifacts="$1"
  dotnet pack src/BootcPlug.Cli -c Release -o "$artifacts/packages" -v q -nologo
}

# ARTIFACTS/bin/linux-x64/bootcplug: self-contained, single file, ReadyToRun, for hosts without the .NET runtime; the
# bundled plugins are files beside it in plugins/<name>/. Symbols stay out of the folder that gets copied to hosts.
package_binary() {
  local artifacts="$1" out="$1/bin/linux-x64"
  rm -rf "$out"
  dotnet publish src/BootcPlug.Cli -c Release -r linux-x64 -p:PublishSingleFile=true -o "$out" -v q -nologo
  find "$out" -name '*.pdb' -delete
}
