#!/usr/bin/env bash
# Start-up of the shipped binary against a .NET hello world published the same way (self-contained, single file,
# ReadyToRun; benchmarks/HelloWorld). Times RUNS cold processes of each, interleaved, and compares the medians:
#   startup-status-json   bootcplug --root DEMO status --format json   goal <= 1.5x hello world
#   startup-version       bootcplug --version                          goal <= 1.2x hello world
# Usage: [ARTIFACTS=DIR] [RUNS=N] benchmarks/startup.sh [WORKDIR]
#   ARTIFACTS: a folder holding bin/linux-x64/bootcplug (build/package.sh's); without it, the binary is published
#   here (`build/package.sh binary` into WORKDIR). The hello world is always published into WORKDIR.
# Prints one "RATIO <name> <x>x goal <= <g>x : yes|no" line per comparison (see benchmarks/README.md, Start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-31}
WORK=${1:-$(mktemp -d /var/tmp/bootcplug-startup.XXXXXX)}
mkdir -p "$WORK"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ -z "${ARTIFACTS:-}" ]; then
  ARTIFACTS=$WORK/artifacts
  ARTIFACTS=$ARTIFACTS bash build/package.sh binary >/dev/null
fi
BCP=$(realpath "$ARTIFACTS/bin/linux-x64/bootcplug")
dotnet publish benchmarks/HelloWorld -c Release -r linux-x64 -p:PublishSingleFile=true -o "$WORK/hello" \
  --nologo -v q >/dev/null
HELLO=$WORK/hello/hello
rm -rf "$WORK/demo"
"$BCP" demo "$WORK/demo" >/dev/null
"$BCP" --root "$WORK/demo" status --format json >/dev/null   # fails here, not in the timing loop

# elapsed_ms CMD...: wall milliseconds of one run of CMD, output discarded.
elapsed_ms() {
  local start=$EPOCHREALTIME end
  "$@" >/dev/null 2>&1
  end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) * 1000 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: > "$WORK/hello.ms"; : > "$WORK/status.ms"; : > "$WORK/version.ms"
for _ in 1 2 3; do   # warm the page cache; not counted
  "$HELLO" >/dev/null; "$BCP" --version >/dev/null; "$BCP" --root "$WORK/demo" status --format json >/dev/null
done
for ((i = 0; i < RUNS; i++)); do
  elapsed_ms "$HELLO" >>"$WORK/hello.ms"
  elapsed_ms "$BCP" --root "$WORK/demo" status --format json >>"$WORK/status.ms"
  elapsed_ms "$BCP" --version >>"$WORK/version.ms"
done
hello=$(median <"$WORK/hello.ms")
status=$(median <"$WORK/status.ms")
version=$(median <"$WORK/version.ms")
echo "start-up medians of $RUNS runs (ms): hello world $hello, status --format json $status, --version $version"
echo "load: $(uptime | sed 's/.*load average/load average/')"
ratio() {   # ratio NAME MEASURED_MS GOAL
  awk -v n="$1" -v m="$2" -v h="$hello" -v g="$3" \
    'BEGIN { r = m / h; printf "RATIO %s %.2fx goal <= %sx : %s\n", n, r, g, (r <= g) ? "yes" : "no" }'
}
ratio startup-status-json "$status" 1.5
ratio startup-version "$version" 1.2
