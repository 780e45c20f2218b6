# Sourced by build/package.sh: the steps that make the tool package and the single-file binary. They use
# REPO_ROOT, ARTIFACTS, PACKAGES and pack_project from package.sh.

# bootcplug.<version>.nupkg: the CLI as a .NET tool, the bundled plugins in tools/<tfm>/any/plugins/ beside it.
step_tool() {
  pack_project src/BootcPlug.Cli
}

# bin/linux-x64/bootcplug: self-contained, single file, ReadyToRun, for hosts without .NET; the bundled plugins are
# files beside it in plugins/<name>/ (the plugin host looks there). The symbols stay out of the folder hosts copy.
step_binary() {
  local out=$ARTIFACTS/bin/linux-x64
  rm -rf "$out"
  dotnet publish "$REPO_ROOT/src/BootcPlug.Cli" -c Release -r linux-x64 -p:PublishSingleFile=true -o "$out" \
    --nologo -v q -p:ContinuousIntegrationBuild=true
  find "$out" -name '*.pdb' -delete
}
