#!/usr/bin/env bash
# Whole-command comparisons for the composefs verbs (see benchmarks/README.md).
#   GC:        bootcplug composefs gc    vs  find objects -type f -delete (floor)  vs  ostree prune --refs-only
#   fs-verity: bootcplug composefs digest vs fsverity digest (fsverity-utils), sha256 and sha512
#   objects:   bootcplug composefs objects IMAGE vs fsck.erofs IMAGE
# Usage: benchmarks/run-cli-comparison.sh [WORKDIR]
# Sizes: GC_OBJECTS (100000), VERITY_MB (1024), IMAGE_FILES (100000), OBJECT_RUNS (5), VERITY_RUNS (3).
# Needs ostree, fsverity, erofs-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
GC_OBJECTS=${GC_OBJECTS:-100000}
VERITY_MB=${VERITY_MB:-1024}
IMAGE_FILES=${IMAGE_FILES:-100000}
OBJECT_RUNS=${OBJECT_RUNS:-5}
VERITY_RUNS=${VERITY_RUNS:-3}
WORK=${1:-$(mktemp -d /var/tmp/bootcplug-bench.XXXXXX)}
mkdir -p "$WORK"
for tool in ostree fsverity fsck.erofs; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

dotnet build -c Release src/BootcPlug.Cli >/dev/null
dotnet build -c Release benchmarks/BootcPlug.Benchmarks >/dev/null
BCP=$PWD/src/BootcPlug.Cli/bin/Release/net10.0/bootcplug
# The form a package would ship: the same build published with ReadyToRun code (no JIT at start-up).
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true src/BootcPlug.Cli -o "$WORK/published" >/dev/null
BCP_R2R=$WORK/published/bootcplug
GEN=(dotnet "$PWD/benchmarks/BootcPlug.Benchmarks/bin/Release/net10.0/BootcPlug.Benchmarks.dll")

# measure LABEL CMD... : runs CMD (stdout discarded) and records "LABEL wall user+sys"
measure() {
  local label=$1; shift
  local TIMEFORMAT='%R %U %S' times
  times=$( { time "$@" >/dev/null 2>"$WORK/last.err"; } 2>&1 ) || { cat "$WORK/last.err" >&2; exit 1; }
  read -r wall user sys <<<"$times"
  printf '%s %s %s\n' "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" | tee -a "$WORK/times.txt"
}
: > "$WORK/times.txt"

# settle: sync, then wait until the disk under WORK has had no writes or discards for 3 seconds (at most 120 s).
# A timed command should not start while the disk is still busy with what came before it (on the project's VM it was
# always quiet within 4 s).
DISK_STAT=/sys/class/block/$(basename "$(df --output=source "$WORK" | tail -1)")/stat
settle() {
  sync
  if [ ! -r "$DISK_STAT" ]; then sleep 5; return; fi
  local previous="" current quiet=0 waited=0
  while [ "$quiet" -lt 3 ] && [ "$waited" -lt 120 ]; do
    current=$(awk '{ print $5, $9, $12 }' "$DISK_STAT")   # write I/Os, in flight, discard I/Os
    if [ "$current" = "$previous" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    previous=$current
    sleep 1; waited=$((waited + 1))
  done
  echo "(disk settled after ${waited} s)"
}
echo "machine: $(nproc) cores, $(uname -r); work dir $WORK"

# One GC round on a fresh data set; $1 names the order of the three timed commands (the disk is shared and its
# background work lands on whoever runs first, so each tool runs first in one round). Every timed command starts
# once the disk has settled (see settle).
gc_round() {
  local order=$1 dir="$WORK/gc-$1"
  rm -rf "$dir"
  "${GEN[@]}" make-gc-repo "$dir" "$GC_OBJECTS"
  ostree --repo="$dir/ostree" init --mode=bare-user
  ostree --repo="$dir/ostree" commit --branch=live --tree=dir="$dir/live" --no-xattrs -s live >/dev/null
  ostree --repo="$dir/ostree" commit --branch=garbage --tree=dir="$dir/garbage" --no-xattrs -s garbage >/dev/null
  ostree --repo="$dir/ostree" refs --delete garbage
  # Not timed: removing the plain trees (all the objects again) lets ext4 write back the metadata that creating the
  # data set left in its journal; before, the first timed command seemed to pay for it (see benchmarks/README.md).
  rm -rf "$dir/live" "$dir/garbage"
  local tool
  for tool in ${order//-/ }; do
    settle
    case $tool in
      bootcplug) measure gc-bootcplug "$BCP" composefs --repo "$dir/repo" gc ;;
      floor) measure gc-find-floor find "$dir/floor/objects" -type f -delete ;;
      ostree) measure gc-ostree-prune ostree --repo="$dir/ostree" prune --refs-only ;;
    esac
  done
  "$BCP" composefs --repo "$dir/repo" gc --dry-run | grep -q "Objects: 0 removed"
  test "$("$BCP" composefs --repo "$dir/repo" objects live-a | wc -l)" -eq $((GC_OBJECTS / 4))
  rm -rf "$dir"
  sync
}
echo "== GC: $GC_OBJECTS objects, half garbage"
for order in bootcplug-floor-ostree floor-ostree-bootcplug ostree-bootcplug-floor; do gc_round "$order"; done

echo "== fs-verity: $VERITY_MB MiB"
rm -rf "$WORK/files"
"${GEN[@]}" make-files "$WORK/files" "$VERITY_MB"
find "$WORK/files" -type f -print0 | sort -z > "$WORK/files.list"
xargs -0 cat < "$WORK/files.list" > /dev/null   # warm the page cache: both sides measure hashing, not the disk
settle   # the GC rounds' writeback and discards compete for the two cores
# xargs -s 1000000: a few invocations with many files each, for all alike. VERITY_RUNS rounds, the order rotating.
verity_fsverity() { measure "verity-$1-fsverity-utils" sh -c 'xargs -0 -s 1000000 fsverity digest --hash-alg="$1" < "$2"' sh "$1" "$WORK/files.list"; }
verity_bootcplug() { measure "verity-$1-bootcplug" sh -c 'xargs -0 -s 1000000 "$3" composefs digest --algorithm "$1" < "$2"' sh "$1" "$WORK/files.list" "$BCP"; }
verity_published() { measure "verity-$1-bootcplug-r2r" sh -c 'xargs -0 -s 1000000 "$3" composefs digest --algorithm "$1" < "$2"' sh "$1" "$WORK/files.list" "$BCP_R2R"; }
for run in $(seq "$VERITY_RUNS"); do
  for alg in sha256 sha512; do
    case $((run % 3)) in
      1) verity_fsverity "$alg"; verity_bootcplug "$alg"; verity_published "$alg" ;;
      2) verity_bootcplug "$alg"; verity_published "$alg"; verity_fsverity "$alg" ;;
      0) verity_published "$alg"; verity_fsverity "$alg"; verity_bootcplug "$alg" ;;
    esac
  done
done
diff <(xargs -0 fsverity digest --hash-alg=sha512 < "$WORK/files.list") \
     <(xargs -0 "$BCP" composefs digest --algorithm sha512 < "$WORK/files.list") >/dev/null && echo "digests identical"

echo "== objects: $IMAGE_FILES-file image"
"${GEN[@]}" make-image "$WORK/image.erofs" "$IMAGE_FILES"
for run in $(seq "$OBJECT_RUNS"); do
  measure objects-bootcplug "$BCP" composefs objects "$WORK/image.erofs"
  measure objects-fsck-erofs fsck.erofs "$WORK/image.erofs"
done
test "$("$BCP" composefs objects "$WORK/image.erofs" | wc -l)" -eq "$IMAGE_FILES" && echo "object count ok"

# ---- Start-up (benchmarks/startup.sh): the shipped single-file binary against a .NET hello world published the
# same way. ARTIFACTS=DIR reuses a build/package.sh output; otherwise startup.sh publishes the binary itself. Its RATIO
# lines are appended to $WORK/ratios.txt with this run's others.
bash benchmarks/startup.sh "$WORK/startup" | tee "$WORK/startup.txt"
grep '^RATIO ' "$WORK/startup.txt" >> "$WORK/ratios.txt"
# ---- end of start-up

echo "== summary (seconds: best wall with its cpu; median wall and median cpu of the runs)"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for label in $(awk '{ print $1 }' "$WORK/times.txt" | sort -u); do
  best=$(awk -v l="$label" '$1 == l' "$WORK/times.txt" | sort -k2,2n | head -1)
  printf '%-32s best wall %7.3f cpu %7.3f   median wall %7.3f cpu %7.3f\n' "$label" \
    "$(echo "$best" | cut -d' ' -f2)" "$(echo "$best" | cut -d' ' -f3)" \
    "$(awk -v l="$label" '$1 == l { print $2 }' "$WORK/times.txt" | median)" \
    "$(awk -v l="$label" '$1 == l { print $3 }' "$WORK/times.txt" | median)"
done
