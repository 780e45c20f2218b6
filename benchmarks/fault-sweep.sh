#!/usr/bin/env bash
# The full crash sweep: every fault point of every verb (deploy, deploy --stage, deploy --image, finalize-staged, rollback,
# delete-deployment of the rollback, of the staged deployment and of both at once, gc, prune --keep 1, pin, deploy --keep 3)
# on every bootloader configuration, with and without RENAME_EXCHANGE, each a real SIGKILL of the CLI followed by a
# reader check, the same verb again and gc
# (tests/BootcPlug.Deployments.Tests/Support/CrashSweep.cs). The test suite runs one sampled point per verb.
#
#   benchmarks/fault-sweep.sh [CONFIG...]     CONFIG: grub+bls grub+uki systemd+bls systemd+uki grub-cc+uki (default: all)
#   JOBS=2 runs that many configurations side by side; BOOTCPLUG_SWEEP_VERBS=delete-both,gc limits the verbs.
set -euo pipefail
cd "$(dirname "$0")/.."
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(grub+bls grub+uki systemd+bls systemd+uki grub-cc+uki)
jobs=${JOBS:-2}

dotnet build tests/BootcPlug.Deployments.Tests -v q -nologo >/dev/null
# Run from a copy of the build output, so that a rebuild meanwhile cannot change the binaries under the sweep.
work=$(mktemp -d /var/tmp/bootcplug-fault-sweep-XXXXXX)
cp -r tests/BootcPlug.Deployments.Tests/bin/Debug/net10.0/. "$work/bin"
report="$work/report.txt"
: >"$report"
export BOOTCPLUG_SWEEP=full BOOTCPLUG_SWEEP_REPORT="$report" WORK="$work"

start=$(date +%s)
printf '%s\n' "${configs[@]}" | xargs -P "$jobs" -I{} sh -c '
  BOOTCPLUG_SWEEP_CONFIGS={} dotnet test "$WORK/bin/BootcPlug.Deployments.Tests.dll" \
    --filter "FullyQualifiedName~FaultInjectionTests.Killed_anywhere" >"$WORK/{}.log" 2>&1 \
    && echo "{}: converged" || echo "{}: FAILURES, see $WORK/{}.log"'
seconds=$(( $(date +%s) - start ))

awk -v seconds="$seconds" '
  { for (i = 3; i <= NF; i++) { split($i, kv, "="); value[kv[1]] += kv[2] } cases++ }
  END { printf "%d cases, %d fault points tried, %d converged, %d failed, %d s (%d configuration(s) side by side)\n",
        cases, value["tried"], value["converged"], value["tried"] - value["converged"], seconds, ENVIRON["JOBS"] ? ENVIRON["JOBS"] : 2 }' "$report"
echo "per case: $report"
